"""Walks: the sales department's standing duties (Sales Process > Duties), one walk per duty.

- Expense budget: the regional staff of North China (Zhu Lin, in Simplified Chinese) enters
  budget lines by kind on the Budget tab of the region's draft plan and submits it; the marketing
  assistant reviews it, the general manager approves it, and Zhu Lin finds the region's budget
  and actual in the Budget vs Actual pivot.
- Receivables: the salesperson (Li Wei, in Simplified Chinese) opens an overdue invoice from his
  Collect Payment to-do and records the customer's promise to pay; the regional manager reads
  the region's aging, the promise and the collection rate.
- Market survey (in tests_browser/wip_walk_duties.py: not yet run by `make test`): a
  salesperson of East China (Hu Bo) files a survey with an own and a competitor's price and
  submits it; the marketing manager (in Simplified Chinese) sends it back with a reason; Hu Bo
  corrects and resubmits it; the marketing manager approves it and reads it in the analysis.
- Appraisal (in tests_browser/wip_walk_duties.py: not yet run by `make test`): the regional
  manager of South China (Xu Hua, in Simplified Chinese) generates the appraisals of a quarter
  that has ended (Generate Appraisals), rates and comments Sun Yan's, submits it; the sales
  director approves it from My Approvals; Sun Yan (in Simplified Chinese) reads and prints it.

Labels read by the people working in Chinese are asserted in Chinese (sales_process/i18n/zh_CN.po);
the others work in English. No step may leave an error in the browser's console.
"""
from datetime import date, timedelta

from odoo_browser import Admin

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
