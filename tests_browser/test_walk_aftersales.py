"""Walk: a customer's quality complaint, from intake to the replacement and the feedback.

The salesperson (Li Wei) works in Simplified Chinese: menus, buttons and states are asserted in
Chinese. He files the case on the customer's last delivered order and reports it to marketing;
the quality department finds it on its dashboard and assesses it (on the form's "Quality
Assessment" tab); the marketing manager decides an exchange from My Approvals; the warehouse
receives the goods back into Faulty Goods; Li Wei writes the exchange request, the sales
director approves it, the warehouse validates the replacement delivery, and Li Wei records the
customer's feedback: the case is closed. The others work in English. No step may leave an error
in the browser's console.
"""
from odoo_browser import Admin

CUSTOMER = 'Hangzhou Lotus'
PROBLEM = 'It switches itself off after a few minutes of use.'
MENU = 'sales_process.sales_aftersales_case_menu'
# What the salesperson reads, in Simplified Chinese (sales_process/i18n/zh_CN.po)
ZH = {
    'Sales Process': '销售流程',
    'After-Sales Cases': '售后案件',
    'Intake': '受理',
    'Report to Marketing': '上报市场部',
    'Quality Assessment': '质量评估',
    'Write Exchange Request': '填写换货申请',
    'Replacement': '补发',
    'Request the Exchange': '申请换货',
    'Collect Feedback': '收集反馈',
    'Feedback': '反馈',
    '5 - Very satisfied': '5 - 非常满意',
    'Close with Feedback': '记录反馈并关闭',
    'Closed': '已关闭',
    'Transfers': '调拨单',
}


def test_case_filed_assessed_exchanged_replaced_closed(browser):
    order, product, delivered = last_delivery_of(CUSTOMER)
    name = salesperson_files_and_reports(browser, order, product)
    quality_assesses(browser, name)
    marketing_manager_decides_an_exchange(browser, name)
    warehouse_receives_the_goods(browser, name)
    salesperson_requests_the_exchange(browser, name)
    sales_director_approves_the_exchange(browser, name)
    warehouse_sends_the_replacement(browser, name)
    salesperson_records_the_feedback(browser, name, delivered)


def last_delivery_of(customer):
    """The customer's last delivered order, the internal reference of its first product (as a
    person types it) and the delivery the goods came with."""
    admin = Admin()
    partner_ids = admin.call('res.partner', 'search', [('name', 'ilike', customer)])
    order = admin.call('sale.order', 'search_read', [('partner_id', 'in', partner_ids),
                                                     ('state', '=', 'sale'),
                                                     ('picking_ids.state', '=', 'done')],
                       fields=['name', 'order_line'], order='date_order desc, id desc', limit=1)[0]
    line = admin.call('sale.order.line', 'read', order['order_line'][:1], ['product_id'])[0]
    product = admin.call('product.product', 'read', [line['product_id'][0]], ['default_code'])[0]
    delivery = admin.call('stock.picking', 'search_read', [
        ('sale_id', '=', order['id']), ('state', '=', 'done'),
        ('location_dest_id.usage', '=', 'customer')], fields=['name'],
        order='date_done desc, id desc', limit=1)[0]
    return order['name'], product['default_code'], delivery['name']


def case_pickings(name):
    """The case's return and replacement, as the administrator reads them: {field: picking}."""
    admin = Admin()
    case = admin.call('sales.aftersales.case', 'search_read', [('name', '=', name)],
                      fields=['return_picking_id', 'replacement_picking_id'])[0]
    pickings = {}
    for field in ('return_picking_id', 'replacement_picking_id'):
        if case[field]:
            pickings[field] = admin.call('stock.picking', 'read', [case[field][0]], [
                'name', 'state', 'location_id', 'location_dest_id', 'origin'])[0]
    return pickings


# Steps --------------------------------------------------------------------------------------

def salesperson_files_and_reports(browser, order, product):
    with browser.logged_in('salesperson', lang='zh_CN'):
        with browser.step('files the complaint on %s' % order):
            assert browser.menu_text('sales_process.menu_root') == ZH['Sales Process']
            browser.open_menu('sales_process.menu_root', MENU)
            assert browser.breadcrumb() == [ZH['After-Sales Cases']]
            name = browser.create_record(
                {'partner_id': CUSTOMER, 'sale_order_id': order, 'description': PROBLEM},
                lines={'line_ids': [{'product_id': product, 'quantity': '1'}]},
                state=ZH['Intake'])
            assert name.startswith('AS/'), name
            assert product in browser.field_text('line_ids')
        with browser.step('reports %s to marketing' % name):
            browser.press(ZH['Report to Marketing'])
            browser.wait_state(ZH['Quality Assessment'])
            browser.screenshot('aftersales-1-reported-zh')
    return name


def quality_assesses(browser, name):
    with browser.logged_in('quality', lang='en_US'):
        with browser.step('finds %s on the dashboard' % name):
            browser.open_from_tile('Cases to Assess', name)
            browser.wait_state('Quality Assessment')
        with browser.step('assesses %s' % name):
            browser.edit()
            browser.open_tab('Quality Assessment')  # the assessment's fields are on their tab
            browser.fill({'root_cause_id': 'Manufacturing',
                          'assessment_analysis': 'The thermostat of this batch trips too early.',
                          'corrective_action': 'Replace the thermostats in stock.',
                          'preventive_action': 'Test every thermostat at assembly.',
                          'proposed_solution': 'Exchange the appliance.'})
            browser.save()
            browser.press('Assessment Done')
            browser.wait_state('Waiting for Decision')
            browser.open_tab('Quality Assessment')
            assert browser.field_text('assessed_by_id') == 'Yang Lei (杨磊)'


def marketing_manager_decides_an_exchange(browser, name):
    with browser.logged_in('marketing_manager', lang='en_US'):
        with browser.step('decides an exchange for %s' % name):
            browser.decide_from_my_approvals(
                name, 'Goods Coming Back', button='Decide', confirm='Confirm',
                values={'decision': 'Exchange', 'comment': 'Our fault: exchange it.'})
            browser.screenshot('aftersales-2-decided')
            browser.open_tab('Resolution')
            assert browser.field_text('return_picking_id') == case_pickings(name)[
                'return_picking_id']['name']


def warehouse_receives_the_goods(browser, name):
    returned = warehouse_validates(browser, name, 'return_picking_id', name)
    assert 'Faulty Goods' in returned['location_dest_id'][1], returned


def salesperson_requests_the_exchange(browser, name):
    with browser.logged_in('salesperson'):  # in Chinese still
        with browser.step('writes the exchange request of %s' % name):
            assert browser.open_my_approval(name, ZH['Write Exchange Request']) == name
            browser.wait_state(ZH['Replacement'])
            browser.press(ZH['Request the Exchange'])
            browser.wait(lambda _driver: ZH['Request the Exchange'] not in browser.header_buttons(),
                         'the exchange request submitted')


def sales_director_approves_the_exchange(browser, name):
    with browser.logged_in('sales_director', lang='en_US'):
        with browser.step('approves the exchange request of %s' % name):
            browser.decide_from_my_approvals(name, 'Replacement')
            browser.open_tab('Resolution')
            browser.wait(lambda _driver: browser.field_text('replacement_picking_id'),
                         'the replacement delivery')
            assert browser.field_text('replacement_picking_id') == case_pickings(name)[
                'replacement_picking_id']['name']


def warehouse_sends_the_replacement(browser, name):
    replacement = warehouse_validates(browser, name, 'replacement_picking_id',
                                      'Replacement of %s' % name, screenshot='aftersales-3-replacement')
    assert replacement['location_dest_id'][1].endswith('Customers'), replacement


def warehouse_validates(browser, name, field, origin, screenshot=None):
    """The warehouse validates the case's transfer `field` (the return, the replacement), found
    through the dashboard by its name and origin; return the transfer as it is then."""
    picking = case_pickings(name)[field]
    with browser.logged_in('warehouse', lang='en_US'):
        with browser.step('validates %s of %s' % (picking['name'], name)):
            browser.open_from_tile('Returns and Replacements', picking['name'], origin)
            browser.wait_state('Ready')
            browser.validate_transfer()
            if screenshot:
                browser.screenshot(screenshot)
    picking = case_pickings(name)[field]
    assert picking['state'] == 'done', picking
    return picking


def salesperson_records_the_feedback(browser, name, delivered):
    with browser.logged_in('salesperson'):
        with browser.step('records the customer\'s feedback on %s and closes it' % name):
            assert browser.open_my_approval(name, ZH['Collect Feedback']) == name
            browser.wait_state(ZH['Feedback'])
            browser.edit()
            browser.open_tab(ZH['Feedback'])
            browser.fill({'feedback_satisfaction': ZH['5 - Very satisfied'],
                          'feedback_comment': 'The new one works; the customer thanks us.'})
            browser.save()
            browser.press(ZH['Close with Feedback'])
            browser.wait_state(ZH['Closed'])
            browser.screenshot('aftersales-4-closed-zh')
        with browser.step('sees the return and the replacement of %s' % name):
            pickings = case_pickings(name)
            browser.smart_button(ZH['Transfers'])
            rows = browser.list_rows()
            assert len(rows) == 2, rows
            for picking in pickings.values():
                assert any(picking['name'] in row for row in rows), (picking, rows)
            # the goods came back from the delivery they were sent with
            assert delivered in pickings['return_picking_id']['origin']
