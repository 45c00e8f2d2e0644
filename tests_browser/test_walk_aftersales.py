"""Walk: a customer's quality complaint, from intake to the goods back in the factory.

The salesperson (Li Wei) files the case in Simplified Chinese (the house's menus and states
asserted in Chinese), the quality department assesses it, the marketing manager decides an
exchange from My Approvals, and the warehouse receives the goods back into Faulty Goods.
"""
import re

from odoo_browser import Admin

CUSTOMER = 'Hangzhou Lotus'
PROBLEM = 'The switch does not turn off when the water boils.'
ZH = {
    'Sales Process': '销售流程',
    'My Approvals': '我的审批',
}


def test_case_filed_assessed_decided_goods_back(browser):
    order, product = last_order_of(CUSTOMER)
    name = salesperson_files_the_case(browser, order, product)
    quality_assesses(browser, name)
    marketing_manager_decides_an_exchange(browser, name)
    warehouse_receives_the_goods(browser, name)


def last_order_of(customer):
    admin = Admin()
    partner_ids = admin.call('res.partner', 'search', [('name', 'ilike', customer)])
    orders = admin.call('sale.order', 'search_read', [('partner_id', 'in', partner_ids),
                                                      ('state', '=', 'sale')],
                        fields=['name', 'order_line'], order='date_order desc, id desc', limit=1)
    line = admin.call('sale.order.line', 'read', orders[0]['order_line'][:1], ['product_id'])[0]
    # the product as a person types it: its internal reference
    return orders[0]['name'], re.search(r'\[(.*?)\]', line['product_id'][1]).group(1)


def salesperson_files_the_case(browser, order, product):
    browser.login('salesperson', lang='zh_CN')
    with browser.step('files the complaint on %s' % order):
        assert browser.menu_text('sales_process.menu_root') == ZH['Sales Process']
        browser.open_menu('sales_process.menu_root', 'sales_process.sales_aftersales_case_menu')
        browser.create()
        browser.wait_form(editable=True)
        browser.set_many2one('partner_id', CUSTOMER)
        browser.set_many2one('sale_order_id', order)
        browser.set_text('description', PROBLEM)
        line = browser.add_line('line_ids')
        browser.set_many2one('product_id', product, within=line)
        browser.set_text('quantity', '1', within=line)
        browser.save()
        name = browser.field_text('name')
        assert name.startswith('AS/'), name
    with browser.step('reports %s to marketing' % name):
        browser.press('Report to Marketing')
        browser.wait_state('Quality Assessment')
        browser.screenshot('aftersales-1-reported-zh')
    browser.logout()
    return name


def quality_assesses(browser, name):
    browser.login('quality', lang='en_US')
    with browser.step('finds %s on the dashboard' % name):
        assert browser.dashboard()['Cases to Assess'] >= 1
        browser.open_tile('Cases to Assess')
        browser.open_row(name)
    with browser.step('assesses %s' % name):
        browser.edit()
        browser.set_many2one('root_cause_id', 'Manufacturing')
        browser.set_text('assessment_analysis', 'The thermostat of this batch sticks.')
        browser.set_text('corrective_action', 'Replace the thermostats in stock.')
        browser.set_text('preventive_action', 'Test every thermostat at assembly.')
        browser.set_text('proposed_solution', 'Exchange the kettle.')
        browser.save()
        browser.press('Assessment Done')
        browser.wait_state('Waiting for Decision')
    browser.logout()


def marketing_manager_decides_an_exchange(browser, name):
    browser.login('marketing_manager', lang='en_US')
    with browser.step('decides an exchange for %s' % name):
        assert browser.open_my_approval(name, 'To Approve') == name
        browser.press('Decide')
        dialog = browser.dialog()
        browser.set_radio('decision', 'Exchange', within=dialog)
        browser.set_text('comment', 'Our fault: exchange it.', within=dialog)
        browser.dialog_button('Confirm')
        browser.wait_state('Goods Coming Back')
        assert browser.field_text('return_picking_id')
    browser.logout()


def warehouse_receives_the_goods(browser, name):
    browser.login('warehouse', lang='en_US')
    with browser.step('receives the goods of %s' % name):
        assert browser.dashboard()['Returns and Replacements'] >= 1
        browser.open_tile('Returns and Replacements')
        browser.open_row(name)
        browser.press('Validate')
        browser.dialog_button('Apply')
        browser.wait_state('Done')
    browser.logout()
