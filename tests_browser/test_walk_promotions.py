"""Walk: a promotion, from marketing's draft to a participant's summary report.

The marketing manager (Liu Yang) drafts the promotion plan of East China with Li Wei as the
regional helper and submits it; the sales director, in Simplified Chinese, approves it from My
Approvals; the general manager (president) approves it and it is official; marketing starts
it; Li Wei records an incident on site and escalates it to the responsible person, who finds it
on the dashboard; marketing ends the promotion, and Li Wei files his summary report, asked on
his dashboard. No step may leave an error in the browser's console.
"""
from datetime import date, timedelta

from odoo_browser import MY_APPROVALS

TODAY = date.today()
PROMOTION = 'Air fryer week %s' % TODAY.strftime('%Y-%m-%d')
INCIDENT = 'Demonstration fryer out of order'
# What the sales director reads, in Simplified Chinese (sales_process/i18n/zh_CN.po)
ZH = {'To Approve': '待审批', 'Approve': '批准', 'My Approvals': '我的审批',
      'Waiting for Approval': '待审批'}


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
    with browser.logged_in('marketing_manager', lang='en_US'):
        with browser.step('drafts the promotion %s' % PROMOTION):
            browser.open_menu('sales_process.menu_root', 'sales_process.sales_promotion_menu')
            assert browser.breadcrumb() == ['Promotions']
            browser.create_record(
                {'name': PROMOTION, 'date_start': day(0), 'date_end': day(14),
                 'region_ids': 'East China', 'helper_id': 'Li Wei'},
                lines={'line_ids': [{'product_id': 'AF-400', 'discount': '12'}]}, state='Draft')
            assert 'AF-400' in browser.field_text('line_ids')
        with browser.step('submits it to the sales director'):
            browser.press('Submit for Approval')
            browser.wait_state('Waiting for Approval')


def director_approves_in_chinese(browser):
    with browser.logged_in('sales_director', lang='zh_CN'):
        with browser.step('approves %s in Chinese' % PROMOTION):
            assert browser.menu_text(MY_APPROVALS) == ZH['My Approvals']
            # the president's step: waiting for approval still
            browser.decide_from_my_approvals(PROMOTION, ZH['Waiting for Approval'],
                                             activity=ZH['To Approve'], button=ZH['Approve'])


def president_approves(browser):
    with browser.logged_in('general_manager', lang='en_US'):
        with browser.step('approves %s: the official promotion plan' % PROMOTION):
            assert browser.dashboard()['Promotions to Approve'] >= 1
            browser.decide_from_my_approvals(PROMOTION, 'Official')


def marketing_starts(browser):
    with browser.logged_in('marketing_manager', lang='en_US'):
        with browser.step('starts %s' % PROMOTION):
            open_promotion(browser)
            browser.wait_state('Official')
            browser.press('Start')
            browser.wait_state('Running')


def helper_records_and_escalates_an_incident(browser):
    with browser.logged_in('salesperson', lang='en_US'):
        with browser.step('records an incident of %s' % PROMOTION):
            browser.open_menu('sales_process.menu_root', 'sales_process.sales_promotion_incident_menu')
            browser.create_record(
                {'name': INCIDENT, 'promotion_id': PROMOTION,
                 'description': 'The booth has no fryer to demonstrate with.'}, state='Open')
        with browser.step('escalates it to the responsible person'):
            browser.press('Escalate')
            browser.wait_state('Escalated to the Responsible Person')


def responsible_sees_the_incident_and_ends(browser):
    with browser.logged_in('marketing_manager', lang='en_US'):
        with browser.step('finds the incident on the dashboard'):
            browser.open_from_tile('My Incidents to Handle', INCIDENT)
            browser.wait_state('Escalated to the Responsible Person')
        with browser.step('ends %s' % PROMOTION):
            open_promotion(browser)
            browser.wait_state('Running')
            assert browser.smart_button_text('Incidents').startswith('1')
            browser.press('End')
            browser.dialog_button('Ok')  # the confirmation
            browser.wait_state('Evaluation')


def helper_files_the_summary_report(browser):
    with browser.logged_in('salesperson', lang='en_US'):
        with browser.step('is asked for a summary report on the dashboard'):
            assert browser.dashboard()['Summary Reports to Write'] >= 1
        with browser.step('files the summary report of %s' % PROMOTION):
            browser.open_menu('sales_process.menu_root', 'sales_process.sales_promotion_report_menu')
            browser.create_record({'promotion_id': PROMOTION,
                                   'text': 'Customers asked for recipes: print some next time.'})
            assert browser.field_text('author_id').startswith('Li Wei')
        with browser.step('sees the report counted on the promotion'):
            open_promotion(browser)
            assert browser.smart_button_text('Summary Reports').startswith('1 of 2')


def open_promotion(browser):
    browser.open_record('sales_process.sales_promotion_menu', PROMOTION, view='list')
