"""The world of the after-sales measure and portal tests: the roles and regions of
SalesProcessCase, products and customers of their own, real deliveries (sale orders confirmed
and delivered from the region's warehouse) and returns (Odoo's return wizard), and cases put
in their states and stage dates with the workflow's own writes (the workflow is not under test
here)."""
from odoo.addons.sales_process.tests.common import SalesProcessCase

CASE = 'sales.aftersales.case'


class AftersalesMeasureCase(SalesProcessCase):

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
        """A sale order of the region for the customer, confirmed and (deliver) delivered in
        full from the region's warehouse; quantities: {product: quantity}."""
        region = region or cls.region_a
        warehouse = region.warehouse_id
        for product, quantity in quantities.items():
            cls.env['stock.quant']._update_available_quantity(product, warehouse.lot_stock_id,
                                                              quantity)
        order = cls.env['sale.order'].create({
            'partner_id': customer.id, 'team_id': region.id, 'warehouse_id': warehouse.id,
            'order_line': [(0, 0, {'product_id': product.id, 'product_uom_qty': quantity,
                                   'product_uom': product.uom_id.id, 'price_unit': 100.0})
                           for product, quantity in quantities.items()]})
        order.action_confirm()
        if deliver:
            cls._validate(order.picking_ids)
        return order

    @classmethod
    def _validate(cls, pickings):
        for picking in pickings:
            picking.action_assign()
            for move in picking.move_lines:
                move.quantity_done = move.product_uom_qty
            picking.action_done()

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
        cls._validate(returned)
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
