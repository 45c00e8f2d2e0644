"""Walks: the sales department's standing duties (Sales Process > Duties), one walk per duty.

- Expense budget: the regional staff of North China (Zhu Lin, in Simplified Chinese) enters
  budget lines by kind on the Budget tab of the region's draft plan and submits it; the marketing
  assistant reviews it, the general manager approves it, and Zhu Lin finds the region's budget
  and actual in the Budget vs Actual pivot.
- Receivables: the salesperson (Li Wei, in Simplified Chinese) opens an overdue invoice from his
  Collect Payment to-do and records the customer's promise to pay; the regional manager reads
  the region's aging, the promise and the collection rate.
- Market survey: a salesperson of East China (Hu Bo, in English) files a survey with an own
  and a competitor's price and submits it; the marketing manager (in Simplified Chinese) sends
  it back with a reason; Hu Bo reads the reason, corrects the competitor's line and resubmits
  it; the marketing manager approves it and reads its prices in the Market Survey Analysis.
- Appraisal: the regional manager of South China (Xu Hua, in Simplified Chinese) generates the
  appraisals of a quarter that has ended (Generate Appraisals), rates and comments Sun Yan's,
  submits it; the sales director approves it from My Approvals; Sun Yan (in Simplified
  Chinese) reads it and prints it (the PDF's text checked).

Labels read by the people working in Chinese are asserted in Chinese (sales_process/i18n/zh_CN.po);
the others work in English. No step may leave an error in the browser's console.
"""
from datetime import date, timedelta

from odoo_browser import Admin, pdf_text

MENU_ROOT = 'sales_process.menu_root'
# What the people working in Chinese read (sales_process/i18n/zh_CN.po)
ZH = {
    'Duties': '部门职责',
    'Sales Plans': '销售计划',
    'Budget': '预算',
    'Submit for Approval': '提交审批',
    'Draft': '草稿',
    'In Approval': '审批中',
    'Budget vs Actual': '预算与实际对比',
    'Budgeted': '预算',
    'Actual': '实际',
    'My Approvals': '我的审批',
    'Collect Payment': '催收货款',
    'Promises to Pay': '付款承诺',
    'Open': '未结束',
    'To Approve': '待审批',
    'Reject': '驳回',
    'Approve': '批准',
    'Submitted': '已提交',
    'Sent Back': '已退回',
    'Reviewed': '已审阅',
    'Market Survey Analysis': '市场调查分析',
    'Generate Appraisals': '生成考核',
    'Generate': '生成',
    'Appraisals': '考核',
    "Manager's Appraisal": '经理考核意见',
    'B - Good': 'B - 良好',
    'Q1': '第一季度', 'Q2': '第二季度', 'Q3': '第三季度', 'Q4': '第四季度',
    'Salesperson Appraisal': '销售人员考核',
}
TODAY = date.today()


def admin():
    return Admin()


# Expense budget ------------------------------------------------------------------------------

BUDGET_LINES = [('Entertainment', 'Year-end dealer conference', 18000.0),
                ('Promotional Material', 'Winter catalogue', 6000.0)]
REVIEW = 'The dealer conference pays for itself: keep it.'


def test_budget_drafted_approved_and_followed(browser):
    plan = region_plan('North China')
    staff_enters_the_budget(browser, plan)
    listed_as = approval_listed_as('sales.plan', plan['id'], 'marketing_assistant')
    with browser.logged_in('marketing_assistant', lang='en_US'):
        with browser.step('reviews the plan and its budget'):
            browser.decide_from_my_approvals(plan['en'], 'In Approval', listed_as=listed_as,
                                             values={'comment': REVIEW})
    listed_as = approval_listed_as('sales.plan', plan['id'], 'general_manager')
    with browser.logged_in('general_manager', lang='en_US'):
        with browser.step('approves the plan and its budget'):
            browser.decide_from_my_approvals(plan['en'], 'Approved', listed_as=listed_as)
    staff_follows_the_budget(browser, plan)


def region_plan(region):
    """This year's draft plan of the region (the demo's): its id and names in both languages."""
    api = admin()
    ids = api.call('sales.plan', 'search', [('region_id.name', '=', region), ('state', '=', 'draft'),
                                            ('parent_id', '=', False)])
    assert len(ids) == 1, ids
    plan = api.call('sales.plan', 'read', ids, ['name', 'budget_planned'])[0]
    plan_zh = api.call('sales.plan', 'read', ids, ['name'], context={'lang': 'zh_CN'})[0]
    return {'id': ids[0], 'en': plan['name'], 'zh': plan_zh['name'],
            'budget': plan['budget_planned']}


def approval_listed_as(model, res_id, login):
    """The document's name in `login`'s My Approvals (the to-do's own record of it)."""
    api = admin()
    user_ids = api.call('res.users', 'search', [('login', '=', login)])
    activities = api.call('mail.activity', 'search_read', [
        ('res_model', '=', model), ('res_id', '=', res_id), ('user_id', 'in', user_ids)],
        fields=['res_name'])
    assert len(activities) == 1, activities
    return activities[0]['res_name']


def money(amount):
    return '{:,.2f}'.format(amount)


def staff_enters_the_budget(browser, plan):
    with browser.logged_in('sales_north', lang='zh_CN'):
        with browser.step('enters the budget of %s by kind' % plan['en']):
            assert browser.menu_text('sales_process.menu_duties') == ZH['Duties']
            browser.open_record('sales_process.sales_plan_menu', plan['zh'], view='list')
            assert browser.breadcrumb() == [ZH['Sales Plans'], plan['zh']]
            browser.wait_state(ZH['Draft'])
            browser.edit()
            browser.open_tab(ZH['Budget'])
            for kind, note, amount in BUDGET_LINES:
                browser.add_line('budget_line_ids', {'kind_id': kind, 'note': note,
                                                     'amount_planned': '%d' % amount})
            browser.save()
            browser.open_tab(ZH['Budget'])
            total = plan['budget'] + sum(amount for _kind, _note, amount in BUDGET_LINES)
            assert money(total) in browser.field_text('budget_planned'), \
                browser.field_text('budget_planned')
            for _kind, note, amount in BUDGET_LINES:
                assert note in browser.field_text('budget_line_ids')
            browser.screenshot('duties-1-budget-zh')
        with browser.step('submits %s with its budget' % plan['en']):
            browser.press(ZH['Submit for Approval'])
            browser.wait_state(ZH['In Approval'])


def staff_follows_the_budget(browser, plan):
    api = admin()
    region_id = api.call('sales.plan', 'read', [plan['id']], ['region_id'])[0]['region_id'][0]
    year = [('region_id', '=', region_id), ('date', '>=', '%d-01-01' % TODAY.year),
            ('date', '<=', '%d-12-31' % TODAY.year)]
    figures = api.call('sales.budget.analysis', 'read_group', year,
                       ['planned_amount', 'actual_amount'], [])[0]
    budget = api.call('sales.plan', 'read', [plan['id']], ['budget_planned'])[0]['budget_planned']
    assert round(figures['planned_amount'], 2) == round(budget, 2), (figures, budget)
    assert figures['actual_amount'] > 0, figures
    region_zh = api.call('crm.team', 'read', [region_id], ['name'],
                         context={'lang': 'zh_CN'})[0]['name']
    with browser.logged_in('sales_north'):  # in Chinese still
        with browser.step('finds the region\'s budget and actual in Budget vs Actual'):
            assert browser.menu_text('sales_process.sales_budget_analysis_menu') == \
                ZH['Budget vs Actual']
            browser.open_menu(MENU_ROOT, 'sales_process.sales_budget_analysis_menu')
            assert browser.breadcrumb() == [ZH['Budget vs Actual']]
            totals = browser.pivot_totals(region_zh)
            assert totals == {ZH['Budgeted']: money(figures['planned_amount']),
                              ZH['Actual']: money(figures['actual_amount'])}, totals
            browser.screenshot('duties-2-budget-vs-actual-zh')


# Receivables ---------------------------------------------------------------------------------

PROMISE_NOTE = 'The buyer will pay half on Friday, by bank transfer.'


def test_overdue_invoice_promised_and_followed_by_the_region(browser):
    invoice = overdue_invoice_to_collect('salesperson')
    promised = round(invoice['residual'] / 2, 2)
    salesperson_records_a_promise(browser, invoice, promised)
    regional_manager_follows_the_collection(browser, invoice, promised)


def overdue_invoice_to_collect(login):
    """An overdue invoice of the salesperson `login` with a Collect Payment to-do and no promise."""
    api = admin()
    user_id = api.call('res.users', 'search', [('login', '=', login)])[0]
    activity_type = api.call('ir.model.data', 'xmlid_to_res_id',
                             'sales_process.mail_activity_type_collection')
    activities = api.call('mail.activity', 'search_read', [
        ('res_model', '=', 'account.invoice'), ('user_id', '=', user_id),
        ('activity_type_id', '=', activity_type)], fields=['res_id', 'res_name'],
        order='date_deadline, id')
    invoices = api.call('account.invoice', 'read', [activity['res_id'] for activity in activities],
                        ['number', 'residual', 'state', 'payment_promise_ids', 'team_id'])
    listed = {activity['res_id']: activity['res_name'] for activity in activities}
    invoice = next(invoice for invoice in invoices if invoice['state'] == 'open'
                   and not invoice['payment_promise_ids'] and invoice['residual'] > 100)
    invoice['listed_as'] = listed[invoice['id']]
    return invoice


def salesperson_records_a_promise(browser, invoice, promised):
    with browser.logged_in('salesperson', lang='zh_CN'):
        with browser.step('opens %s from his Collect Payment to-do' % invoice['number']):
            assert browser.menu_text('sales_process.mail_activity_menu_my_sales_approvals') == \
                ZH['My Approvals']
            browser.open_my_approvals()
            browser.open_row(invoice['listed_as'], ZH['Collect Payment'], css='td.o_data_cell')
            assert browser.field_text('number') == invoice['number']
        with browser.step('records the customer\'s promise to pay %s' % invoice['number']):
            browser.edit()
            browser.open_tab(ZH['Promises to Pay'])
            row = browser.add_line('payment_promise_ids', {
                'date': browser.admin.date_text('zh_CN', TODAY + timedelta(days=5)),
                'amount': '%.2f' % promised})
            # the line's last column: a Tab out of it would start another line
            browser.set_text('note', PROMISE_NOTE, within=row, tab=False)
            browser.save()
            browser.open_tab(ZH['Promises to Pay'])
            promises = browser.field_text('payment_promise_ids')
            assert money(promised) in promises and ZH['Open'] in promises, promises
            browser.screenshot('duties-3-promise-zh')


def regional_manager_follows_the_collection(browser, invoice, promised):
    api = admin()
    region_id, region = invoice['team_id']
    aging = api.call('sales.receivable.report', 'read_group', [('region_id', '=', region_id)],
                     ['open_amount'], [])[0]['open_amount']
    with browser.logged_in('regional_manager', lang='en_US'):
        with browser.step('reads the aging of %s' % region):
            browser.open_menu(MENU_ROOT, 'sales_process.sales_receivable_report_menu')
            assert browser.breadcrumb() == ['Receivables Aging']
            # the region's receivables only: the whole is the region's
            assert browser.pivot_totals('Total') == {'Open Amount': money(aging)}
            assert browser.pivot_totals(region) == {'Open Amount': money(aging)}
            assert not [name for name, _cells in browser.pivot()[1]
                        if name in ('South China', 'North China')]
        with browser.step('finds the promise on %s' % invoice['number']):
            browser.open_menu(MENU_ROOT, 'sales_process.sales_payment_promise_menu')
            row = browser.list_row(invoice['number'], money(promised))
            assert 'Li Wei' in row.text and 'Open' in row.text, row.text
        with browser.step('reads the region\'s collection rate'):
            browser.open_menu(MENU_ROOT, 'sales_process.sales_receivable_collection_report_menu')
            totals = browser.pivot_totals('Li Wei')
            assert set(totals) == {'Amount Due', 'Collected on Time', 'Collection Rate (%)'}, totals


# Market survey -------------------------------------------------------------------------------

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
            row = browser.add_line('line_ids', survey_line("Competitor's Product", COMPETITOR))
            # the line's last drop-down entered and its onchange answered: both lines listed,
            # the competitor's still being edited
            browser.wait(lambda _driver: len(browser.visible(
                '.o_field_widget[name="line_ids"] tr.o_data_row')) == 2 and browser.selected_text(
                'channel', within=row) == COMPETITOR['channel'], 'the competitor\'s line entered')
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
            # the line's last column: a Tab out of it would start another line
            browser.set_text('observations', CORRECTION,
                             within='.o_field_widget[name="line_ids"] tr.o_selected_row', tab=False)
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
