"""Walk: a promotion, from marketing's draft to a participant's summary report.

The marketing manager (Liu Yang) drafts the promotion plan of East China with Li Wei as the
regional helper and submits it; the sales director, in Simplified Chinese, approves it from My
Approvals; the general manager (president) approves it and it is official; marketing starts
it; Li Wei records an incident on site and escalates it to the responsible person, who finds it
on the dashboard; marketing ends the promotion, and Li Wei files his summary report, asked on
his dashboard. No step may leave an error in the browser's console.
"""
from datetime import date, timedelta

TODAY = date.today()
PROMOTION = 'Air fryer week %s' % TODAY.strftime('%Y-%m-%d')
INCIDENT = 'Demonstration fryer out of order'
# What the sales director reads, in Simplified Chinese (sales_process/i18n/zh_CN.po)
ZH = {'To Approve': '待审批', 'Approve': '批准', 'My Approvals': '我的审批'}
# the promotion's own terms are translated once the lead merges them into zh_CN.po
WAITING = ('Waiting for Approval', '待审批')


def day(days):
    return (TODAY + timedelta(days=days)).strftime('%m/%d/%Y')


def test_promotion_drafted_approved_run_escalated_reported(browser):
    marketing_drafts_and_submits(browser)
    director_approves_in_chinese(browser)
    president_approves(browser)
    marketing_starts(browser)
    helper_records_and_escalates_an_incident(browser)
    responsible_sees_the_incident_and_ends(browser)
    helper_files_the_summary_report(browser)


# Steps --------------------------------------------------------------------------------------

def marketing_drafts_and_submits(browser):
    browser.login('marketing_manager', lang='en_US')
    with browser.step('drafts the promotion %s' % PROMOTION):
        browser.open_menu('sales_process.menu_root', 'sales_process.sales_promotion_menu')
        assert browser.breadcrumb() == ['Promotions']
        browser.create()
        browser.set_text('name', PROMOTION)
        browser.set_text('date_start', day(0))
        browser.set_text('date_end', day(14))
        browser.set_many2one('region_ids', 'East China')
        browser.set_many2one('helper_id', 'Li Wei')
        line = browser.add_line('line_ids')
        browser.set_many2one('product_id', 'AF-400', within=line)
        browser.set_text('discount', '12', within=line)
        browser.save()
        browser.wait_state('Draft')
        assert 'AF-400' in browser.field_text('line_ids')
    with browser.step('submits it to the sales director'):
        browser.press('Submit for Approval')
        browser.wait_state('Waiting for Approval')
    browser.logout()


def director_approves_in_chinese(browser):
    browser.login('sales_director', lang='zh_CN')
    with browser.step('approves %s in Chinese' % PROMOTION):
        assert browser.menu_text('sales_process.mail_activity_menu_my_sales_approvals') == ZH['My Approvals']
        assert browser.open_my_approval(PROMOTION, ZH['To Approve']) == PROMOTION
        browser.press(ZH['Approve'])
        browser.dialog_button(ZH['Approve'])
        browser.wait(lambda _driver: browser.statusbar() in WAITING, 'the president\'s step')
    browser.logout()


def president_approves(browser):
    browser.login('general_manager', lang='en_US')
    with browser.step('approves %s: the official promotion plan' % PROMOTION):
        assert browser.dashboard()['Promotions to Approve'] >= 1
        assert browser.open_my_approval(PROMOTION, 'To Approve') == PROMOTION
        browser.press('Approve')
        browser.dialog_button('Approve')
        browser.wait_state('Official')
    browser.logout()


def marketing_starts(browser):
    browser.login('marketing_manager', lang='en_US')
    with browser.step('starts %s' % PROMOTION):
        open_promotion(browser)
        browser.wait_state('Official')
        browser.press('Start')
        browser.wait_state('Running')
    browser.logout()


def helper_records_and_escalates_an_incident(browser):
    browser.login('salesperson', lang='en_US')
    with browser.step('records an incident of %s' % PROMOTION):
        browser.open_menu('sales_process.menu_root', 'sales_process.sales_promotion_incident_menu')
        browser.create()
        browser.set_text('name', INCIDENT)
        browser.set_many2one('promotion_id', PROMOTION)
        browser.set_text('description', 'The booth has no fryer to demonstrate with.')
        browser.save()
        browser.wait_state('Open')
    with browser.step('escalates it to the responsible person'):
        browser.press('Escalate')
        browser.wait_state('Escalated to the Responsible Person')
    browser.logout()


def responsible_sees_the_incident_and_ends(browser):
    browser.login('marketing_manager', lang='en_US')
    with browser.step('finds the incident on the dashboard'):
        assert browser.dashboard()['My Incidents to Handle'] >= 1
        browser.open_tile('My Incidents to Handle')
        browser.open_row(INCIDENT)
        browser.wait_state('Escalated to the Responsible Person')
    with browser.step('ends %s' % PROMOTION):
        open_promotion(browser)
        browser.wait_state('Running')
        assert smart_button_text(browser, 'Incidents').startswith('1')
        browser.press('End')
        browser.dialog_button('Ok')  # the confirmation
        browser.wait_state('Evaluation')
    browser.logout()


def helper_files_the_summary_report(browser):
    browser.login('salesperson', lang='en_US')
    with browser.step('is asked for a summary report on the dashboard'):
        assert browser.dashboard()['Summary Reports to Write'] >= 1
    with browser.step('files the summary report of %s' % PROMOTION):
        browser.open_menu('sales_process.menu_root', 'sales_process.sales_promotion_report_menu')
        browser.create()
        browser.set_many2one('promotion_id', PROMOTION)
        browser.set_text('text', 'Customers asked for recipes: print some next time.')
        browser.save()
        assert browser.field_text('author_id').startswith('Li Wei')
    with browser.step('sees the report counted on the promotion'):
        open_promotion(browser)
        assert smart_button_text(browser, 'Summary Reports').startswith('1 of 2')
    browser.logout()


def smart_button_text(browser, label):
    """The text of the form's smart button showing `label`, on one line ("1 Incidents")."""
    button = browser.wait(lambda _driver: next((button for button in browser.visible(
        '.oe_button_box button') if label in button.text), False), 'the button %s' % label)
    return ' '.join(button.text.split())


def open_promotion(browser):
    browser.open_menu('sales_process.menu_root', 'sales_process.sales_promotion_menu')
    browser.switch_view('list')
    browser.search(PROMOTION)
    browser.open_row(PROMOTION)
