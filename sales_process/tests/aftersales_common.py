"""The worlds of the exchange and return tests, on the roles, regions and warehouses of
SalesProcessCase:

* AftersalesCase (the case's workflow, security, printed case): a billing user, products (one
  tracked by serial number), a customer of region A with a delivered order, and helpers that
  act as the role users do (through the buttons' methods);
* AftersalesMeasureCase (the measures, reports, alerts and the portal's rules): products and
  customers of their own, real deliveries (sale orders confirmed and delivered from the
  region's warehouse) and returns (Odoo's return wizard), and cases put in their states and
  stage dates with the workflow's own writes (the workflow is not under test there)."""
from odoo.addons.sales_process.tests.common import SalesProcessCase

CASE = 'sales.aftersales.case'


def deliver_order(env, partner, lines, region, lots=None, user=None, deliver=True):
    """A confirmed sale order of `partner` in `region`, by `user` (default: the region's
    manager), delivered in full from the region's warehouse (as the administrator; deliver=False:
    the stock is there, the delivery waits). lines: [(product, quantity, price)]; lots:
    {product: [lot, ...]} for tracked products (one unit per serial)."""
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
    if deliver:
        validate(order.picking_ids)
    return order


def validate(pickings):
    """Reserve the pickings and validate them in full (as the administrator)."""
    for picking in pickings:
        picking.action_assign()
        for move_line in picking.move_line_ids:
            move_line.qty_done = move_line.product_uom_qty
        picking.action_done()


def invoice_order(order):
    invoice = order.env['account.invoice'].browse(order.action_invoice_create())
    invoice.action_invoice_open()
    return invoice


class AftersalesCase(SalesProcessCase):
    """The case's workflow, acted by the roles on a delivered order of region A."""

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


class AftersalesMeasureCase(SalesProcessCase):
    """The measures and the portal: products and customers of their own, real deliveries and
    returns, cases put in their states and stage dates with the workflow's own writes (the
    workflow is not under test there)."""

    @classmethod
    def setUpClass(cls):
        super(AftersalesMeasureCase, cls).setUpClass()
        cls.quality = cls.users['quality']
        cls.unit = cls.env.ref('product.product_uom_unit')
        cls.customer_location = cls.env.ref('stock.stock_location_customers')
        cls.kettle = cls._create_product('Test Defect Kettle')
        cls.fryer = cls._create_product('Test Defect Fryer')
        cls.cooker = cls._create_product('Test Defect Cooker')
        cls.customer = cls.env['res.partner'].create({
            'name': 'Test Aftersales Customer', 'customer': True, 'is_company': True,
            'team_id': cls.region_a.id})
        cls.customer_b = cls.env['res.partner'].create({
            'name': 'Test Aftersales Customer B', 'customer': True, 'is_company': True,
            'team_id': cls.region_b.id})
        cls.heating = cls.env['sales.aftersales.root.cause'].create({'name': 'Test Heating Element'})
        cls.packing = cls.env['sales.aftersales.root.cause'].create({'name': 'Test Packing'})
        # the factory's faulty-goods location: a return location (Odoo's return wizard offers
        # only those besides the original one)
        cls.faulty_location = cls.env['stock.location'].create({
            'name': 'Test Faulty Goods', 'usage': 'internal', 'return_location': True,
            'location_id': cls.head_office_warehouse.view_location_id.id})

    @classmethod
    def _create_product(cls, name):
        return cls.env['product.product'].create({
            'name': name, 'type': 'product', 'uom_id': cls.unit.id, 'uom_po_id': cls.unit.id,
            'list_price': 100.0, 'standard_price': 50.0})

    @classmethod
    def _delivered_order(cls, customer, quantities, region=None, deliver=True):
        """A sale order of the region (default A) for the customer, at 100 a unit, by the
        administrator; quantities: {product: quantity}. See deliver_order."""
        return deliver_order(cls.env, customer, [(product, quantity, 100.0)
                                                 for product, quantity in quantities.items()],
                             region or cls.region_a, user=cls.env.user, deliver=deliver)

    @classmethod
    def _return(cls, picking, quantities, location=None):
        """Odoo's return of a delivery, validated; quantities: {product: quantity}."""
        wizard = cls.env['stock.return.picking'].with_context(
            active_id=picking.id, active_ids=picking.ids).create({})
        for line in wizard.product_return_moves:
            line.quantity = quantities.get(line.product_id, 0.0)
        if location:
            wizard.location_id = location
        returned = cls.env['stock.picking'].browse(wizard._create_returns()[0])
        validate(returned)
        return returned

    @classmethod
    def _case(cls, order, quantities, **workflow):
        """A case on the order (its customer, region and delivery), in the state and with the
        stage dates of `workflow`, written as the workflow writes them."""
        vals = {
            'partner_id': order.partner_id.id, 'sale_order_id': order.id,
            # the delivery (not a return of it)
            'picking_id': order.picking_ids.filtered(
                lambda picking: picking.picking_type_code == 'outgoing')[:1].id,
            'region_id': order.team_id.id,
            'description': 'Test defect',
            'line_ids': [(0, 0, {'product_id': product.id, 'quantity': quantity,
                                 'sale_line_id': order.order_line.filtered(
                                     lambda line, product=product: line.product_id == product)[:1].id})
                         for product, quantity in quantities.items()],
        }
        # created at intake with its lines (a closed case's lines are locked), then moved on
        # as the workflow moves it
        case = cls.env[CASE]._workflow_create(vals)
        if workflow:
            case._workflow_write(workflow)
        return case
