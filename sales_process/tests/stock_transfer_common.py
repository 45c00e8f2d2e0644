"""The world of the stock transfer tests: the roles, regions and warehouses of SalesProcessCase,
products of their own, and helpers that act as the role users do (through the buttons' methods).
"""
from odoo.addons.sales_process.tests.common import SalesProcessCase

REQUEST = 'stock.transfer.request'


class StockTransferCase(SalesProcessCase):

    @classmethod
    def setUpClass(cls):
        super(StockTransferCase, cls).setUpClass()
        cls.hq = cls.users['sales_hq']
        cls.warehouse_user = cls.users['warehouse']
        cls.gm = cls.users['general_manager']
        cls.unit = cls.env.ref('product.product_uom_unit')
        cls.kettle = cls._create_product('Test Kettle')
        cls.fryer = cls._create_product('Test Air Fryer')
        cls.cooker = cls._create_product('Test Rice Cooker')
        cls.customer = cls.env['res.partner'].create({'name': 'Test Customer A', 'customer': True,
                                                      'team_id': cls.region_a.id})
        cls.customer_location = cls.env.ref('stock.stock_location_customers')
        cls.supplier_location = cls.env.ref('stock.stock_location_suppliers')

    # World builders (as the administrator: Inventory's configuration and stock)

    @classmethod
    def _create_product(cls, name, product_type='product', cost=10.0):
        return cls.env['product.product'].create({
            'name': name, 'type': product_type, 'uom_id': cls.unit.id, 'uom_po_id': cls.unit.id,
            'standard_price': cost})

    @classmethod
    def _set_stock(cls, product, warehouse, quantity):
        cls.env['stock.quant']._update_available_quantity(product, warehouse.lot_stock_id, quantity)

    @classmethod
    def _safety(cls, product, warehouse, minimum, maximum=None):
        return cls.env['stock.warehouse.orderpoint'].create({
            'product_id': product.id, 'warehouse_id': warehouse.id,
            'location_id': warehouse.lot_stock_id.id, 'product_min_qty': minimum,
            'product_max_qty': maximum if maximum is not None else minimum * 2})

    @classmethod
    def _pending_move(cls, product, quantity, source, destination):
        move = cls.env['stock.move'].create({
            'name': 'test move', 'product_id': product.id, 'product_uom_qty': quantity,
            'product_uom': product.uom_id.id, 'location_id': source.id,
            'location_dest_id': destination.id})
        move._action_confirm()
        return move

    # Acting as the roles

    def new_demand(self, user, product, quantity, region=None, **values):
        values.update({'product_id': product.id, 'product_qty': quantity})
        if region:
            values['region_id'] = region.id
        return self.env['sales.demand'].sudo(user).create(values)

    def new_request(self, user, lines, region=None, **values):
        """A draft request; lines: [(product, quantity)]."""
        values['line_ids'] = [(0, 0, {'product_id': product.id, 'product_qty': quantity})
                              for product, quantity in lines]
        if region:
            values['region_id'] = region.id
        return self.env[REQUEST].sudo(user).create(values)

    def reject(self, request, user, reason):
        self.as_approver(request, user).action_approval_reject(reason)

    def approved_request(self, lines, user=None):
        """A request of region A, submitted by the salesperson and fully approved."""
        request = self.new_request(user or self.salesperson, lines)
        request.sudo(user or self.salesperson).action_approval_submit()
        self.approve(request, self.manager_a)
        self.approve(request, self.hq)
        return request

    def process(self, picking, quantities=None, backorder=True):
        """The warehouse user processes the transfer order: the given quantities per product
        (what is reserved by default), a backorder for the rest or none."""
        picking = picking.sudo(self.warehouse_user)
        for move in picking.move_lines:
            quantity = (quantities or {}).get(move.product_id, move.reserved_availability)
            if move.move_line_ids:
                move.move_line_ids[0].qty_done = quantity
            elif quantity:
                move.quantity_done = quantity
        action = picking.button_validate()
        if isinstance(action, dict) and action.get('res_model') == 'stock.backorder.confirmation':
            wizard = self.env['stock.backorder.confirmation'].sudo(self.warehouse_user).create(
                {'pick_ids': [(4, picking.id)]})
            if backorder:
                wizard.process()
            else:
                wizard.process_cancel_backorder()
        return picking

    def on_hand(self, product, warehouse):
        return product.with_context(warehouse=warehouse.id).qty_available

    def history(self, request):
        return self.env['sales.approval.history'].search(
            [('res_model', '=', REQUEST), ('res_id', '=', request.id)], order='id')
