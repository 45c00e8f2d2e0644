"""Walk: a stock transfer request, from the market's demand to the goods in the region.

The salesperson (Li Wei) works in Simplified Chinese: menus, buttons, states and the printed
form are asserted in Chinese. The regional manager, sales headquarters and the warehouse work
in English. Headquarters rejects the first submission: the request goes back to re-check the
stock, is re-checked and resubmitted, approved, and the warehouse validates its transfer order.
"""
from odoo_browser import MY_APPROVALS, pdf_text

PRODUCT = ('SM-120', 'Soymilk Maker')  # a demo product with stock at the head office
QUANTITY = '36'
CUSTOMER = 'Hangzhou Lotus'
REJECTION = 'Shanghai stock arrives on Monday: check the stock again.'

# What the salesperson reads, in Simplified Chinese (sales_process/i18n/zh_CN.po)
ZH = {
    'Sales Process': '销售流程',
    'Market Demand': '市场需求',
    'My Approvals': '我的审批',
    'To Rework': '待修改',
    'Transfer Requests': '调货申请单',
    'Request a Transfer': '申请调货',
    'Submit for Approval': '提交审批',
    'Create Transfer Requests': '创建调货申请单',
    'Refresh Stock Figures': '刷新库存数据',
    'Draft': '草稿',
    'Waiting for Approval': '待审批',
    'Re-check Stock': '重新核查库存',
    'Done': '已完成',
    'Transfer Request Form': '调货申请单',
}
# ... and on the printed form
ZH_FORM = ['调货申请单', '区域', '申请人']


def test_transfer_request_rejected_rechecked_approved_transferred(browser):
    name = salesperson_requests_the_demand(browser)
    approve(browser, 'regional_manager', name)
    headquarters_rejects(browser, name)
    salesperson_rechecks_and_resubmits(browser, name)
    approve(browser, 'regional_manager', name)
    approve(browser, 'sales_hq', name, final_state='Waiting for Transfer')
    warehouse_validates_the_transfer(browser, name)
    salesperson_sees_it_done_and_prints(browser, name)


# Steps --------------------------------------------------------------------------------------

def salesperson_requests_the_demand(browser):
    """Li Wei (zh_CN) records a customer's demand, turns it into a request and submits it."""
    with browser.logged_in('salesperson', lang='zh_CN'):
        with browser.step('records the demand'):
            assert browser.menu_text('sales_process.menu_root') == ZH['Sales Process']
            assert browser.menu_text('sales_process.sales_demand_menu') == ZH['Market Demand']
            browser.open_menu('sales_process.menu_root', 'sales_process.sales_demand_menu')
            assert browser.breadcrumb() == [ZH['Market Demand']]
            line = browser.create()  # the demand is entered in the list, a line per need
            browser.set_many2one('product_id', PRODUCT[0], within=line)
            browser.set_text('product_qty', QUANTITY, within=line)
            browser.set_many2one('partner_id', CUSTOMER, within=line)
            browser.save()
            browser.screenshot('transfer-1-demand')
        with browser.step('creates the request from the demand'):
            browser.select_row(PRODUCT[0], QUANTITY, CUSTOMER)
            browser.action_menu(ZH['Request a Transfer'])
            dialog = browser.dialog()
            assert PRODUCT[0] in dialog.text
            browser.dialog_button(ZH['Create Transfer Requests'])
            browser.wait_form()
            browser.wait_state(ZH['Draft'])
            name = browser.field_text('name')
            assert name.startswith('TR/')
            assert PRODUCT[0] in browser.field_text('line_ids')
        with browser.step('submits the request'):
            browser.press(ZH['Submit for Approval'])
            browser.wait_state(ZH['Waiting for Approval'])
    return name


def approve(browser, login, name, final_state='Waiting for Approval'):
    with browser.logged_in(login, lang='en_US'):  # whatever another walk left
        with browser.step('approves %s' % name):
            browser.decide_from_my_approvals(name, final_state)


def headquarters_rejects(browser, name):
    with browser.logged_in('sales_hq', lang='en_US'):
        with browser.step('rejects %s with a reason' % name):
            browser.decide_from_my_approvals(name, 'Re-check Stock', button='Reject',
                                             values={'reason': REJECTION})


def salesperson_rechecks_and_resubmits(browser, name):
    with browser.logged_in('salesperson'):
        with browser.step('re-checks the stock of %s and resubmits' % name):
            assert browser.menu_text(MY_APPROVALS) == ZH['My Approvals']
            assert browser.open_my_approval(name, ZH['To Rework']) == name
            browser.wait_state(ZH['Re-check Stock'])
            assert REJECTION in browser.field_text('recheck_reason')
            browser.screenshot('transfer-3-recheck-zh')
            browser.press(ZH['Re-check Stock'])  # the button: the figures are taken again
            browser.press(ZH['Submit for Approval'])
            browser.wait_state(ZH['Waiting for Approval'])
            assert browser.field_text('recheck_count') == '1'


def warehouse_validates_the_transfer(browser, name):
    with browser.logged_in('warehouse', lang='en_US'):
        with browser.step('finds the transfer order of %s on the dashboard' % name):
            browser.open_from_tile('Transfer Orders to Process')
        with browser.step('validates the transfer order of %s' % name):
            browser.open_row(name)
            browser.wait_state('Ready')
            browser.screenshot('transfer-4-transfer-order')
            browser.validate_transfer()


def salesperson_sees_it_done_and_prints(browser, name):
    browser.login('salesperson')
    with browser.step('sees %s done and prints its form' % name):
        # the default filter shows the open requests only
        browser.open_record('sales_process.stock_transfer_request_menu', name, all_records=True)
        assert browser.breadcrumb() == [ZH['Transfer Requests'], name]
        browser.wait_state(ZH['Done'])
        filename, data = browser.print_report(ZH['Transfer Request Form'])
        assert filename.endswith('.pdf') and data.startswith(b'%PDF') and len(data) > 5000
        assert ZH['Transfer Request Form'] in filename, filename  # named in the reader's language
        text = pdf_text(data)
        html = browser.report_html('sales_process.report_stock_transfer_request', browser.record_id())
        for label in ZH_FORM:
            assert label in html, label
            assert label in text.replace(' ', ''), label
        assert name in text
        assert 'Zhao Qiang' in html and 'Zhao Qiang' in text  # the warehouse signs: who validated
    with browser.step('logs out from the user menu'):
        browser.logout_from_menu()
