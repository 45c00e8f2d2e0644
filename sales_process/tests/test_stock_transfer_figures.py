from odoo.addons.sales_process.tests.stock_transfer_common import StockTransferCase


class TestStockFigures(StockTransferCase):
    """The one computation of on hand / forecast / demand / safety per (product, warehouse)."""

    @classmethod
    def setUpClass(cls):
        super(TestStockFigures, cls).setUpClass()
        wh_a, wh_b = cls.warehouse_a, cls.warehouse_b
        # kettle in A: 12 on hand, 30 coming from the supplier, 8 going to a customer
        cls._set_stock(cls.kettle, wh_a, 12)
        cls._pending_move(cls.kettle, 30, cls.supplier_location, wh_a.lot_stock_id)
        cls._pending_move(cls.kettle, 8, wh_a.lot_stock_id, cls.customer_location)
        cls._safety(cls.kettle, wh_a, 40)
        # a second rule in the same warehouse adds up; an archived one does not count
        cls._safety(cls.kettle, wh_a, 5)
        cls._safety(cls.kettle, wh_a, 100).active = False
        # moves inside the warehouse, or already done / cancelled / draft, do not count
        internal = cls.env['stock.location'].create({'name': 'Shelf', 'usage': 'internal',
                                                     'location_id': wh_a.lot_stock_id.id})
        cls._pending_move(cls.kettle, 3, wh_a.lot_stock_id, internal)
        cls.env['stock.move'].create({
            'name': 'draft', 'product_id': cls.kettle.id, 'product_uom_qty': 99,
            'product_uom': cls.unit.id, 'location_id': cls.supplier_location.id,
            'location_dest_id': wh_a.lot_stock_id.id})
        cls._pending_move(cls.kettle, 77, cls.supplier_location, wh_a.lot_stock_id)._action_cancel()
        # stock in a sub-location is on hand in the warehouse
        cls.env['stock.quant']._update_available_quantity(cls.kettle, internal, 2)
        # fryer in B: 50 on hand, safety 20: no shortage
        cls._set_stock(cls.fryer, wh_b, 50)
        cls._safety(cls.fryer, wh_b, 20)

    def figures(self, product, warehouse):
        return self.env['sales.stock.check'].get_figures_for(product, warehouse)[product.id, warehouse.id]

    def test_shortage_on_known_stock_moves_and_rules(self):
        figures = self.figures(self.kettle, self.warehouse_a)
        self.assertEqual((figures.on_hand, figures.incoming, figures.outgoing, figures.forecast),
                         (14.0, 30.0, 8.0, 36.0))
        self.assertEqual((figures.demand, figures.safety, figures.requested), (0.0, 45.0, 0.0))
        self.assertEqual(figures.shortage, 9.0)  # 45 + 0 - 36

        fryer = self.figures(self.fryer, self.warehouse_b)
        self.assertEqual((fryer.on_hand, fryer.forecast, fryer.safety, fryer.shortage),
                         (50.0, 50.0, 20.0, 0.0))

    def test_on_hand_and_forecast_are_odoos_own(self):
        for product in (self.kettle, self.fryer):
            for warehouse in (self.warehouse_a, self.warehouse_b, self.head_office_warehouse):
                figures = self.figures(product, warehouse)
                odoo = product.with_context(warehouse=warehouse.id)
                self.assertEqual(figures.on_hand, odoo.qty_available)
                self.assertEqual(figures.incoming, odoo.incoming_qty)
                self.assertEqual(figures.outgoing, odoo.outgoing_qty)
                self.assertEqual(figures.forecast, odoo.virtual_available)

    def test_open_demand_counts_until_covered(self):
        demand = self.new_demand(self.salesperson, self.kettle, 10)
        self.new_demand(self.salesperson, self.kettle, 4).action_cancel()
        self.new_demand(self.salesperson, self.kettle, 6).action_mark_covered()
        self.new_demand(self.salesperson_b, self.kettle, 7)  # region B's warehouse
        figures = self.figures(self.kettle, self.warehouse_a)
        self.assertEqual(figures.demand, 10.0)
        self.assertEqual(figures.shortage, 19.0)  # 45 + 10 - 36
        self.assertEqual(self.figures(self.kettle, self.warehouse_b).demand, 7.0)
        # requested demand is still to cover; its request counts as requested until approved
        request = self.env['stock.transfer.request'].sudo(self.salesperson)._create_from_demand(demand)
        figures = self.figures(self.kettle, self.warehouse_a)
        self.assertEqual((figures.demand, figures.requested), (10.0, 10.0))
        request.sudo(self.salesperson).action_approval_submit()
        self.approve(request, self.manager_a)
        self.assertEqual(self.figures(self.kettle, self.warehouse_a).requested, 10.0)
        self.approve(request, self.hq)
        # approved: the transfer order's incoming move is in the forecast instead
        figures = self.figures(self.kettle, self.warehouse_a)
        self.assertEqual((figures.requested, figures.incoming, figures.demand), (0.0, 40.0, 10.0))

    def test_every_pair_is_answered(self):
        result = self.env['sales.stock.check'].get_figures_for(
            self.kettle | self.fryer | self.cooker, self.warehouse_a | self.warehouse_b)
        self.assertEqual(len(result), 6)
        self.assertEqual(result[self.cooker.id, self.warehouse_b.id].on_hand, 0.0)
        self.assertEqual(self.env['sales.stock.check'].get_figures([]), {})

    def test_stock_check_view_follows_the_region_rule(self):
        Check = self.env['sales.stock.check']
        rows = Check.sudo(self.salesperson).search([('product_id', 'in', (self.kettle | self.fryer).ids)])
        self.assertEqual(rows.mapped('region_id'), self.region_a)
        row = rows.filtered(lambda row: row.product_id == self.kettle)
        self.assertEqual((row.warehouse_id, row.on_hand_qty, row.forecast_qty, row.safety_qty,
                          row.shortage_qty, row.below_safety),
                         (self.warehouse_a, 14.0, 36.0, 45.0, 9.0, True))
        for user in (self.warehouse_user, self.hq):
            rows = Check.sudo(user).search([('product_id', 'in', (self.kettle | self.fryer).ids)])
            self.assertEqual(rows.mapped('region_id'), self.region_a | self.region_b)
        self.assertFalse(Check.sudo(self.other_company_user).search([]))


class TestStockFiguresQueryCount(StockTransferCase):
    """The number of queries of the computation does not grow with the number of products."""

    @classmethod
    def setUpClass(cls):
        super(TestStockFiguresQueryCount, cls).setUpClass()
        cls.products = cls.env['product.product']
        for number in range(50):
            product = cls._create_product('Bulk product %02d' % number)
            cls._set_stock(product, cls.warehouse_a, number)
            cls._safety(product, cls.warehouse_a, 25)
            cls._pending_move(product, 2, cls.warehouse_a.lot_stock_id, cls.customer_location)
            cls.products |= product

    def count_queries(self, function):
        function()  # warm the caches (decimal precision, ...)
        self.env['sales.stock.check'].invalidate_cache()
        before = self.env.cr.sql_log_count
        function()
        return self.env.cr.sql_log_count - before

    def test_figures_in_constant_queries(self):
        Check = self.env['sales.stock.check']
        warehouses = self.warehouse_a | self.warehouse_b
        few = self.count_queries(lambda: Check.get_figures_for(self.products[:5], warehouses))
        many = self.count_queries(lambda: Check.get_figures_for(self.products, warehouses))
        self.assertEqual(few, many)
        self.assertLessEqual(many, 2)

    def test_scan_in_constant_queries(self):
        Check = self.env['sales.stock.check']
        # with 5 products below safety, then with 50 (archiving the rules of the others)
        rules = self.env['stock.warehouse.orderpoint'].search([('product_id', 'in', self.products.ids)])
        rules.filtered(lambda rule: rule.product_id not in self.products[:5]).write({'active': False})
        few_result = Check.get_shortages(self.warehouse_a)
        few = self.count_queries(lambda: Check.get_shortages(self.warehouse_a))
        rules.write({'active': True})
        many_result = Check.get_shortages(self.warehouse_a)
        many = self.count_queries(lambda: Check.get_shortages(self.warehouse_a))
        self.assertEqual((len(few_result), len(many_result)), (5, 27))  # on hand 0..26 < 25 + 2
        self.assertEqual(few, many)
        self.assertLessEqual(many, 2)

    def test_request_figures_in_constant_queries(self):
        Request = self.env['stock.transfer.request']
        few = Request.create({'region_id': self.region_a.id, 'line_ids': [
            (0, 0, {'product_id': product.id, 'product_qty': 1}) for product in self.products[:5]]})
        many = Request.create({'region_id': self.region_a.id, 'line_ids': [
            (0, 0, {'product_id': product.id, 'product_qty': 1}) for product in self.products]})
        counts = []
        for request in (few, many):
            pairs = {(line.product_id.id, request.warehouse_id.id) for line in request.line_ids}
            before = self.env.cr.sql_log_count
            self.env['sales.stock.check'].get_figures(pairs)
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[0], counts[1])
        # refreshing the lines' figures (the "Re-check Stock" button) does not grow either
        refreshes = [self.count_queries(request._refresh_figures) for request in (few, many)]
        self.assertEqual(refreshes[0], refreshes[1])
        line = many.line_ids.filtered(lambda line: line.product_id == self.products[3])
        self.assertEqual((line.on_hand_qty, line.forecast_qty, line.safety_qty, line.shortage_qty),
                         (3.0, 1.0, 25.0, 24.0))
