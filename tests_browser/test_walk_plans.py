"""Walk: a region's annual sales plan, from its draft to the region's acceptance.

The regional staff (Li Wei) drafts the plan with a target and submits it; the marketing
assistant reviews it with an opinion; the general manager approves it and decomposes it into
quarters (the wizard); the regional manager accepts the quarterly plans, and the annual plan is
then in execution. Everyone works in English here (the transfer walk covers Chinese).
"""
from datetime import date

YEAR = date.today().year + 1  # next year's plan: this year's targets are in the demo data
PLAN = 'East China %d: new stores' % YEAR
OPINION = 'Raise the fourth quarter: Double 11.'


def test_plan_drafted_reviewed_approved_decomposed_accepted(browser):
    staff_drafts_and_submits(browser)
    review_or_approve(browser, 'marketing_assistant', OPINION, 'In Approval')
    review_or_approve(browser, 'general_manager', None, 'Approved')
    general_manager_decomposes(browser)
    regional_manager_accepts(browser)


# Steps --------------------------------------------------------------------------------------

def staff_drafts_and_submits(browser):
    browser.login('salesperson', lang='en_US')
    with browser.step('drafts the plan %s with a target' % PLAN):
        browser.open_menu('sales_process.menu_root', 'sales_process.sales_plan_menu')
        assert browser.breadcrumb() == ['Sales Plans']
        browser.create()
        browser.set_text('name', PLAN)
        browser.set_many2one('region_id', 'East China')
        assert browser.field('period_type').get_attribute('value') == '"year"'
        browser.set_text('date_start', '01/01/%d' % YEAR)
        assert browser.field('date_end').find_element('css selector', 'input').get_attribute(
            'value') == '12/31/%d' % YEAR  # the end of the period follows
        line = browser.add_line('line_ids')
        browser.set_many2one('user_id', 'Li Wei', within=line)
        browser.set_text('target_amount', '300000', within=line)
        browser.set_text('target_qty', '3000', within=line)
        browser.save()
        browser.wait_state('Draft')
        assert '300,000.00' in browser.field_text('line_ids')
    with browser.step('submits the plan for review'):
        browser.press('Submit for Approval')
        browser.wait_state('In Approval')
    browser.logout()


def review_or_approve(browser, login, opinion, state):
    """The marketing assistant's review (with an opinion), then the general manager's approval."""
    browser.login(login, lang='en_US')
    with browser.step('approves the plan'):
        assert browser.open_my_approval(PLAN, 'To Approve') == PLAN
        browser.press('Approve')
        if opinion:
            browser.set_text('comment', opinion, within=browser.dialog())
        browser.dialog_button('Approve')
        browser.wait_state(state)
    if state == 'In Approval':
        browser.logout()


def general_manager_decomposes(browser):
    with browser.step('decomposes the plan into quarters'):
        browser.press('Decompose')
        dialog = browser.dialog()
        browser.set_radio('split', 'Into quarters', within=dialog)
        browser.set_radio('method', 'Evenly', within=dialog)
        browser.screenshot('plan-2-decompose-wizard')
        with browser.new_view():  # the plans created
            browser.dialog_button('Decompose')
        browser.switch_view('list')
        rows = browser.list_rows()
        assert len(rows) == 4, rows
        assert all('75,000.00' in row and 'To Accept' in row for row in rows), rows
    browser.logout()


def regional_manager_accepts(browser):
    browser.login('regional_manager', lang='en_US')
    with browser.step('accepts the quarterly plans'):
        browser.open_menu('sales_process.menu_root', 'sales_process.mail_activity_menu_my_sales_approvals')
        to_accept = len([row for row in browser.list_rows() if 'To Accept' in row])
        browser.open_menu('sales_process.menu_root', 'sales_process.sales_plan_menu')
        browser.switch_view('list')
        browser.search(PLAN)
        browser.open_row(PLAN)
        browser.wait_state('Decomposed')
        browser.smart_button('Sub-plans')
        browser.switch_view('list')
        for quarter in range(1, 5):
            browser.open_row('Q%d' % quarter, 'To Accept')
            browser.press('Accept')
            browser.wait_state('In Execution')
            browser.back()
        browser.back(1)  # the annual plan
        browser.wait_state('In Execution')
        browser.screenshot('plan-3-in-execution')
        # the four "To Accept" to-dos are done
        browser.open_menu('sales_process.menu_root', 'sales_process.mail_activity_menu_my_sales_approvals')
        assert len([row for row in browser.list_rows() if 'To Accept' in row]) == to_accept - 4
    browser.logout()
