"""NOT YET RUN BY `make test`: the duties' survey and appraisal walks, not reliable yet.

In their author's runs each passed once and failed once on this loaded machine: the survey's
competitor line (its Type drop-down briefly disabled while the line re-renders), the appraisal's
PDF not seen in the download folder (an iteration script that kept the folder between runs).
This file is named so that pytest does not collect it; once both pass reliably, their walks go
back into test_walk_duties.py. Run by hand: `make test ARGS=tests_browser/wip_walk_duties.py`.
"""
import time
from datetime import timedelta

from test_walk_duties import ZH, MENU_ROOT, TODAY, admin, approval_listed_as, money  # noqa: F401
from odoo_browser import Admin, pdf_text  # noqa: F401

OWN = {'product_id': 'SM-120', 'price': 289.0, 'volume': 120.0, 'channel': 'Retail'}
COMPETITOR = {'competitor_id': 'Meishan Home Electric', 'competitor_product': 'MS Soy 8',
              'product_id': 'SM-120', 'price': 259.0, 'volume': 200.0, 'channel': 'Online'}
SEND_BACK = '请写明竞品的渠道依据。'  # the marketing manager writes in Chinese
CORRECTION = 'Volume from the Hangzhou distributor\'s October orders.'


def test_survey_filed_sent_back_reviewed_and_analysed(browser):
    name = staff_files_a_survey(browser)
    with browser.logged_in('marketing_manager', lang='zh_CN'):
        with browser.step('sends %s back with a reason' % name):
            browser.decide_from_my_approvals(name, ZH['Sent Back'], activity=ZH['To Approve'],
                                             button=ZH['Reject'], values={'reason': SEND_BACK})
    staff_corrects_and_resubmits(browser, name)
    with browser.logged_in('marketing_manager'):  # in Chinese still
        with browser.step('approves %s' % name):
            browser.decide_from_my_approvals(name, ZH['Reviewed'], activity=ZH['To Approve'],
                                             button=ZH['Approve'])
        with browser.step('reads %s in the survey analysis' % name):
            browser.open_menu(MENU_ROOT, 'sales_process.sales_market_survey_analysis_menu')
            assert browser.breadcrumb() == [ZH['Market Survey Analysis']]
            totals = browser.pivot_totals(OWN['product_id'])
            own, competitor = money(OWN['price']), money(COMPETITOR['price'])
            gap = money(OWN['price'] - COMPETITOR['price'])
            values = list(totals.values())
            assert values[:3] == [own, competitor, gap], totals


def staff_files_a_survey(browser):
    first = TODAY.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    with browser.logged_in('sales_east2', lang='en_US'):
        with browser.step('files a survey of soymilk makers'):
            browser.open_menu(MENU_ROOT, 'sales_process.sales_market_survey_menu')
            assert browser.breadcrumb() == ['Market Surveys']
            browser.create()
            browser.wait_form(editable=True)
            browser.fill({'region_id': 'East China',
                          'date_from': browser.admin.date_text('en_US', first),
                          'date_to': browser.admin.date_text('en_US', last)})
            browser.add_line('line_ids', survey_line('Own Product', OWN))
            browser.add_line('line_ids', survey_line("Competitor's Product", COMPETITOR))
            browser.wait_idle()
            time.sleep(0.5)  # the last column's onchange rendered: Save then keeps the line
            browser.open_tab('Summary')
            browser.set_text('summary', 'Meishan undercuts our soymilk maker online by 30.')
            browser.save()
            browser.wait_state('Draft')
            name = browser.field_text('name')
            browser.open_tab('Observed Prices')
            lines = browser.field_text('line_ids')
            assert COMPETITOR['competitor_product'] in lines and money(OWN['price']) in lines
        with browser.step('submits %s' % name):
            browser.press('Submit for Approval')
            browser.wait_state('Submitted')
    return name


def survey_line(kind, values):
    line = {'kind': kind}
    line.update((field, value if isinstance(value, str) else '%g' % value)
                for field, value in values.items())
    return line


def staff_corrects_and_resubmits(browser, name):
    with browser.logged_in('sales_east2'):
        with browser.step('reads the reason, corrects %s and submits it again' % name):
            assert browser.open_my_approval(name, 'To Rework') == name
            browser.wait_state('Sent Back')
            browser.wait(lambda _driver: any(SEND_BACK in message
                                             for message in browser.chatter_messages()),
                         'the reason sent back in the chatter')
            browser.edit()
            # the competitor's line: its observations say where the figures come from
            browser.click(lambda: next(
                # a cell of the line (its last one deletes it)
                row.find_elements('css selector', 'td')[1] for row in browser.visible(
                    '.o_field_widget[name="line_ids"] tr.o_data_row')
                if COMPETITOR['competitor_product'] in row.text))
            browser.set_text('observations', CORRECTION,
                             within='.o_field_widget[name="line_ids"] tr.o_selected_row')
            browser.save()
            assert CORRECTION in browser.field_text('line_ids')
            browser.press('Submit for Approval')
            browser.wait_state('Submitted')


# Appraisal ---------------------------------------------------------------------------------

REGION = 'South China'
COMMENTS = '回款及时，本季度新开两家经销商；下季度加强电磁炉的推广。'


def test_appraisal_generated_rated_approved_and_read(browser):
    year, quarter = quarter_to_appraise('sales_south')
    name = manager_generates_and_submits(browser, year, quarter)
    with browser.logged_in('sales_director', lang='en_US'):
        with browser.step('approves %s from My Approvals' % name):
            browser.decide_from_my_approvals(name, None)
    assert appraisal(name)['approval_state'] == 'approved'
    salesperson_reads_and_prints(browser, name)


def quarter_to_appraise(login):
    """The last quarter that has ended and of which the salesperson has no appraisal yet (the
    demo appraised the last one already): (year, quarter)."""
    api = admin()
    user_id = api.call('res.users', 'search', [('login', '=', login)])[0]
    done = {(row['year'], row['quarter']) for row in api.call(
        'sales.appraisal', 'search_read', [('user_id', '=', user_id), ('period_type', '=', 'quarter')],
        fields=['year', 'quarter'])}
    year, quarter = TODAY.year, (TODAY.month - 1) // 3 + 1
    while True:
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
        if (year, str(quarter)) not in done:
            return year, quarter


def appraisal(name):
    rows = admin().call('sales.appraisal', 'search_read', [('name', '=', name)],
                        fields=['approval_state', 'rating', 'score', 'is_frozen'])
    assert len(rows) == 1, rows
    return rows[0]


def manager_generates_and_submits(browser, year, quarter):
    with browser.logged_in('manager_south', lang='zh_CN'):
        with browser.step('generates the appraisals of %d Q%d' % (year, quarter)):
            browser.open_menu(MENU_ROOT)
            assert browser.menu_text('sales_process.sales_appraisal_generate_menu') == \
                ZH['Generate Appraisals']
            browser.click('.o_sub_menu a[data-menu-xmlid="sales_process.sales_appraisal_generate_menu"]')
            dialog = browser.dialog()
            assert ZH['Generate Appraisals'] in dialog.text
            browser.fill({'year': str(year), 'quarter': ZH['Q%d' % quarter]}, within=dialog)
            browser.screenshot('duties-4-generate-appraisals-zh')
            with browser.new_view():
                browser.dialog_button(ZH['Generate'])
            assert browser.breadcrumb()[-1] == ZH['Appraisals']
            browser.remove_filters()  # grouped by period and region
            browser.list_row('Sun Yan')  # the list shown ungrouped
            rows = browser.list_rows()
            # the region's one salesperson (its manager is not appraised with her staff)
            assert len(rows) == 1 and 'Sun Yan' in rows[0], rows
        with browser.step('rates and comments Sun Yan\'s appraisal and submits it'):
            browser.open_row('Sun Yan')
            name = browser.field_text('name')
            assert name == '%d Q%d Sun Yan (孙艳)' % (year, quarter), name
            browser.edit()
            browser.set_select('rating', ZH['B - Good'])
            browser.open_tab(ZH["Manager's Appraisal"])
            browser.set_text('manager_comments', COMMENTS)
            browser.save()
            browser.press(ZH['Submit for Approval'])
            browser.wait(lambda _driver: ZH['Submit for Approval'] not in browser.header_buttons(),
                         'the appraisal submitted')
    state = appraisal(name)
    assert state['approval_state'] == 'pending' and state['is_frozen'] and state['rating'] == 'B', state
    return name


def salesperson_reads_and_prints(browser, name):
    with browser.logged_in('sales_south', lang='zh_CN'):
        with browser.step('reads her appraisal %s' % name):
            browser.open_menu(MENU_ROOT, 'sales_process.sales_appraisal_menu')
            browser.remove_filters()  # the list is grouped by period and region
            period, person = name.split(' Sun Yan')[0], 'Sun Yan'  # the list's columns
            browser.open_row(period, person)
            assert browser.field_text('name') == name
            browser.open_tab(ZH["Manager's Appraisal"])
            assert browser.field_text('manager_comments') == COMMENTS
        with browser.step('prints her appraisal'):
            filename, data = browser.print_report(ZH['Salesperson Appraisal'])
            assert filename.endswith('.pdf') and data.startswith(b'%PDF'), filename
            text = pdf_text(data).replace(' ', '')
            assert ZH['Salesperson Appraisal'] in text and '孙艳' in text, text[:500]
