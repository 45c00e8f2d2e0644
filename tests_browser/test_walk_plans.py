"""Walk: a region's annual sales plan, from its draft to the region's acceptance.

The regional staff (Li Wei) drafts the plan with a target and submits it; the marketing
assistant reviews it with an opinion; the general manager approves it and decomposes it into
quarters (the wizard, whose preview shows the plans before they are created); the regional
manager, in Simplified Chinese, accepts the quarterly plans — named in Chinese — and the annual
plan is then in execution. Every role lands on the Sales Process dashboard, whose counters say
what waits for them.
"""
import time

from datetime import date

YEAR = date.today().year + 1  # next year's plan: this year's targets are in the demo data
PLAN = 'East China %d: new stores' % YEAR
OPINION = 'Raise the fourth quarter: Double 11.'
# What the regional manager reads, in Simplified Chinese (sales_process/i18n/zh_CN.po)
ZH = {
    'Sub-plans': '子计划',
    'Decomposed': '已分解',
    'To Accept': '待接受',
    'Accept': '接受',
    'In Execution': '执行中',
    'My Approvals': '我的审批',
    'Plans to Accept': '待接受的计划',
}


def test_plan_drafted_reviewed_approved_decomposed_accepted(browser):
    staff_drafts_and_submits(browser)
    review_or_approve(browser, 'marketing_assistant', OPINION, 'In Approval')
    review_or_approve(browser, 'general_manager', None, 'Approved')
    general_manager_decomposes(browser)
    regional_manager_accepts(browser)


# Steps --------------------------------------------------------------------------------------

def staff_drafts_and_submits(browser):
    with browser.logged_in('salesperson', lang='en_US'):
        with browser.step('lands on the dashboard'):
            assert 'My Approvals' in browser.dashboard()
        with browser.step('drafts the plan %s with a target' % PLAN):
            browser.open_menu('sales_process.menu_root', 'sales_process.sales_plan_menu')
            assert browser.breadcrumb() == ['Sales Plans']
            browser.create()
            browser.fill({'name': PLAN, 'region_id': 'East China'})
            assert browser.field('period_type').get_attribute('value') == '"year"'
            browser.set_text('date_start', '01/01/%d' % YEAR)
            assert browser.field('date_end').find_element('css selector', 'input').get_attribute(
                'value') == '12/31/%d' % YEAR  # the end of the period follows
            browser.add_line('line_ids', {'user_id': 'Li Wei', 'target_amount': '300000',
                                          'target_qty': '3000'})
            browser.save()
            browser.wait_state('Draft')
            assert '300,000.00' in browser.field_text('line_ids')
        with browser.step('submits the plan for review'):
            browser.press('Submit for Approval')
            browser.wait_state('In Approval')


def review_or_approve(browser, login, opinion, state):
    """The marketing assistant's review (with an opinion), then the general manager's approval."""
    browser.login(login, lang='en_US')
    with browser.step('sees the plan waiting on the dashboard'):
        tiles = browser.dashboard()
        assert tiles['My Approvals'] >= 1 and tiles['Plans to Approve'] >= 1, tiles
        if login == 'general_manager':
            browser.screenshot('dashboard')
    with browser.step('approves the plan'):
        browser.decide_from_my_approvals(PLAN, state, values={'comment': opinion} if opinion else None)
    if state == 'In Approval':
        browser.logout()


def general_manager_decomposes(browser):
    with browser.step('decomposes the plan into quarters'):
        browser.press('Decompose')
        dialog = browser.dialog()
        browser.set_radio('split', 'Into quarters', within=dialog)
        browser.set_radio('method', 'Evenly', within=dialog)
        # the preview: what Decompose will create, before anything is (re-read until the
        # client has rendered the even split: the method's onchange answers asynchronously)
        deadline = time.time() + 20
        while True:
            preview = browser.dialog_rows()
            even = len(preview) == 4 and all(
                'Li Wei' in row and '75,000.00' in row and '750' in row for row in preview)
            if even or time.time() > deadline:
                break
            time.sleep(0.5)
        assert even, preview
        browser.screenshot('plan-2-decompose-wizard')
        with browser.new_view():  # the plans created
            browser.dialog_button('Decompose')
        browser.switch_view('list')
        rows = browser.list_rows()
        assert len(rows) == 4, rows
        assert all('75,000.00' in row and 'To Accept' in row for row in rows), rows
    browser.logout()


def regional_manager_accepts(browser):
    with browser.logged_in('regional_manager', lang='zh_CN'):
        with browser.step('sees the plans to accept on the dashboard, in Chinese'):
            assert browser.dashboard()[ZH['Plans to Accept']] >= 4
        with browser.step('accepts the quarterly plans, named in Chinese'):
            browser.open_my_approvals()
            to_accept = len([row for row in browser.list_rows() if ZH['To Accept'] in row])
            browser.open_record('sales_process.sales_plan_menu', PLAN, view='list')
            browser.wait_state(ZH['Decomposed'])
            browser.smart_button(ZH['Sub-plans'])
            browser.switch_view('list')
            for quarter in range(1, 5):
                # the generated names read in the user's language: "华东区 2027 年第1季度"
                browser.open_row('%d 年第%d季度' % (YEAR, quarter), ZH['To Accept'])
                browser.press(ZH['Accept'])
                browser.wait_state(ZH['In Execution'])
                browser.back()
            browser.back(1)  # the annual plan
            browser.wait_state(ZH['In Execution'])
            browser.screenshot('plan-3-in-execution')
            # the four "To Accept" to-dos are done
            browser.open_my_approvals()
            assert len([row for row in browser.list_rows() if ZH['To Accept'] in row]) == to_accept - 4
