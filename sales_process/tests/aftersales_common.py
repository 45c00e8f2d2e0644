"""The world of the exchange and return tests: the roles, regions and warehouses of
SalesProcessCase, a billing user, products (one tracked by serial number), a customer of region
A with a delivered order, and helpers that act as the role users do (through the buttons'
methods)."""
from odoo.addons.sales_process.tests.common import SalesProcessCase

CASE = 'sales.aftersales.case'


def deliver_order(env, partner, lines, region, lots=None, user=None):
    """A confirmed sale order of `partner` in `region`, delivered in full from the region's
    warehouse (as the administrator). lines: [(product, quantity, price)]; lots: {product:
    [lot, ...]} for tracked products (one unit per serial)."""
    warehouse = region.warehouse_id
    for product, quantity, _price in lines:
        for lot in (lots or {}).get(product, []):
            env['stock.quant']._update_available_quantity(product, warehouse.lot_stock_id, 1,
                                                          lot_id=lot)
        if not (lots or {}).get(product):
            env['stock.quant']._update_available_quantity(product, warehouse.lot_stock_id,
                                                          quantity)
    order = env['sale.order'].create({
        'partner_id': partner.id, 'team_id': region.id, 'warehouse_id': warehouse.id,
        'user_id': (user or region.user_id).id,
        'order_line': [(0, 0, {'product_id': product.id, 'product_uom_qty': quantity,
                               'price_unit': price})
                       for product, quantity, price in lines]})
    order.action_confirm()
    picking = order.picking_ids
    picking.action_assign()
    for move_line in picking.move_line_ids:
        move_line.qty_done = move_line.product_uom_qty
    picking.action_done()
    return order


def invoice_order(order):
    invoice = order.env['account.invoice'].browse(order.action_invoice_create())
    invoice.action_invoice_open()
    return invoice


class AftersalesCase(SalesProcessCase):

    @classmethod
    def setUpClass(cls):
        super(AftersalesCase, cls).setUpClass()
        cls.service = cls.users['customer_service']
        cls.quality = cls.users['quality']
        cls.marketing = cls.users['marketing_manager']
        cls.director = cls.users['sales_director']
        cls.warehouse_user = cls.users['warehouse']
        cls.billing = cls._create_user('sp_test_billing', 'account.group_account_invoice')
        unit = cls.env.ref('product.product_uom_unit')
        cls.kettle = cls.env['product.product'].create({
            'name': 'Test AS Kettle', 'type': 'product', 'uom_id': unit.id,
            'uom_po_id': unit.id, 'list_price': 100.0, 'invoice_policy': 'order'})
        cls.cooker = cls.env['product.product'].create({
            'name': 'Test AS Rice Cooker', 'type': 'product', 'uom_id': unit.id,
            'uom_po_id': unit.id, 'list_price': 300.0, 'invoice_policy': 'order'})
        cls.fryer = cls.env['product.product'].create({
            'name': 'Test AS Air Fryer', 'type': 'product', 'uom_id': unit.id,
            'uom_po_id': unit.id, 'tracking': 'serial', 'list_price': 500.0,
            'invoice_policy': 'order'})
        cls.serials = [cls.env['stock.production.lot'].create(
            {'name': 'TAF-%03d' % number, 'product_id': cls.fryer.id}) for number in (1, 2, 3)]
        cls.customer = cls.env['res.partner'].create({
            'name': 'Test AS Customer', 'customer': True, 'team_id': cls.region_a.id,
            'email': 'as.customer@example.com'})
        cls.other_customer = cls.env['res.partner'].create({
            'name': 'Test AS Other Customer', 'customer': True, 'team_id': cls.region_a.id})
        # stock to send replacements from
        for product in (cls.kettle, cls.cooker):
            cls.env['stock.quant']._update_available_quantity(
                product, cls.warehouse_a.lot_stock_id, 50)
        cls.order = deliver_order(cls.env, cls.customer,
                                  [(cls.kettle, 10, 120.0), (cls.cooker, 4, 300.0)], cls.region_a,
                                  user=cls.salesperson)
        cls.delivery = cls.order.picking_ids
        cls.faulty = cls.env.ref('sales_process.stock_location_faulty_goods')
        cls.customer_location = cls.env.ref('stock.stock_location_customers')

    # Acting as the roles

    def new_case(self, user=None, order=None, lines=None, **values):
        """A case at intake; lines: [(product, quantity)] or [(product, quantity, lot)]."""
        order = order or self.order
        values.setdefault('partner_id', order.partner_id.id)
        values.update({
            'sale_order_id': order.id,
            'description': values.get('description', 'The lid does not close.'),
            'line_ids': [(0, 0, {'product_id': line[0].id, 'quantity': line[1],
                                 'lot_id': line[2].id if len(line) > 2 else False})
                         for line in ([(self.kettle, 2)] if lines is None else lines)]})
        return self.env[CASE].sudo(user or self.salesperson).create(values)

    def report(self, case, user=None):
        case.sudo(user or self.salesperson).action_report()

    def assess(self, case, cause='sales_process.root_cause_manufacturing'):
        assessed = case.sudo(self.quality)
        assessed.write({'root_cause_id': self.env.ref(cause).id,
                        'assessment_analysis': 'The hinge was not tightened at assembly.',
                        'corrective_action': 'Re-tighten the batch in stock.',
                        'preventive_action': 'Torque check added at assembly.',
                        'proposed_solution': 'Exchange the kettles.'})
        assessed.action_assess()

    def decide(self, case, user, decision, comment=None):
        wizard = self.env['sales.aftersales.decision.wizard'].sudo(user).with_context(
            approval_expected_step_id=case.approval_step_id.id).create(
            {'case_id': case.id, 'decision': decision, 'comment': comment})
        wizard.action_confirm()

    def approve(self, case, user):
        case.sudo(user).with_context(
            approval_expected_step_id=case.approval_step_id.id).action_approval_approve()

    def decided_case(self, decision='exchange', lines=None, order=None):
        case = self.new_case(lines=lines, order=order)
        self.report(case)
        self.assess(case)
        self.decide(case, self.marketing, decision)
        return case

    def process(self, picking, lots=None):
        """The warehouse user validates the picking in full (lots: the serials to deliver)."""
        picking = picking.sudo(self.warehouse_user)
        for move in picking.move_lines:
            move_lots = list((lots or {}).get(move.product_id, []))
            for move_line in move.move_line_ids:
                values = {'qty_done': move_line.product_uom_qty or move.product_uom_qty}
                if not move_line.lot_id and move_lots:
                    values['lot_id'] = move_lots.pop(0).id
                move_line.write(values)
        picking.button_validate()
        return picking

    def activities(self, record, activity_xmlid=None):
        domain = [('res_model', '=', record._name), ('res_id', '=', record.id)]
        if activity_xmlid:
            domain.append(('activity_type_id', '=', self.env.ref(activity_xmlid).id))
        return self.env['mail.activity'].search(domain)
