from odoo.exceptions import UserError

from odoo.addons.sales_process.tests.stock_transfer_common import REQUEST, StockTransferCase


class TestStockCheckScan(StockTransferCase):
    """The "check stock" action and the scheduled scan propose draft requests for what is
    below its safety level, one per region, never twice for an open request's product."""

    @classmethod
    def setUpClass(cls):
        super(TestStockCheckScan, cls).setUpClass()
        wh_a, wh_b = cls.warehouse_a, cls.warehouse_b
        cls.blender = cls._create_product('Test Blender')
        cls.toaster = cls._create_product('Test Toaster')
        # region A: kettle 5 < 20 (short 15); fryer 50 >= 20; cooker 25 with 10 of demand (short
        # 5); blender 5 + 30 incoming (enough); toaster 30 - 20 outgoing (short 10)
        for product, on_hand, safety in ((cls.kettle, 5, 20), (cls.fryer, 50, 20),
                                         (cls.cooker, 25, 20), (cls.blender, 5, 20),
                                         (cls.toaster, 30, 20)):
            cls._set_stock(product, wh_a, on_hand)
            cls._safety(product, wh_a, safety)
        cls._pending_move(cls.blender, 30, cls.supplier_location, wh_a.lot_stock_id)
        cls._pending_move(cls.toaster, 20, wh_a.lot_stock_id, cls.customer_location)
        cls.env['sales.demand'].create({'product_id': cls.cooker.id, 'product_qty': 10,
                                        'region_id': cls.region_a.id})
        # region B: kettle 0 < 10
        cls._safety(cls.kettle, wh_b, 10)

    def requests(self, region):
        return self.env[REQUEST].search([('region_id', '=', region.id)])

    def proposal(self, request):
        return {line.product_id: line.product_qty for line in request.line_ids}

    def test_salesperson_checks_their_regions_stock(self):
        action = self.env[REQUEST].sudo(self.salesperson).action_check_stock()
        request = self.requests(self.region_a)
        self.assertEqual(action['domain'], [('id', 'in', request.ids)])
        self.assertEqual(len(request), 1)
        self.assertEqual(self.proposal(request), {self.kettle: 15.0, self.cooker: 5.0, self.toaster: 10.0})
        self.assertEqual((request.state, request.origin_type, request.user_id, request.source_warehouse_id),
                         ('draft', 'stock_check', self.salesperson, self.head_office_warehouse))
        line = request.line_ids.filtered(lambda line: line.product_id == self.toaster)
        self.assertEqual((line.on_hand_qty, line.forecast_qty, line.safety_qty, line.shortage_qty),
                         (30.0, 10.0, 20.0, 10.0))
        self.assertFalse(self.requests(self.region_b))  # not the salesperson's region

    def test_proposal_takes_the_demand_it_covers(self):
        # the cooker's shortage counts its 10 of open demand: that demand now belongs to the
        # proposed line and cannot be requested a second time from the demand list
        demand = self.env['sales.demand'].search([('product_id', '=', self.cooker.id)])
        self.env[REQUEST].sudo(self.salesperson).action_check_stock()
        request = self.requests(self.region_a)
        line = request.line_ids.filtered(lambda line: line.product_id == self.cooker)
        self.assertEqual((demand.state, demand.request_line_id), ('requested', line))
        wizard = self.env['sales.demand.transfer.wizard'].sudo(self.salesperson).with_context(
            active_model='sales.demand', active_ids=demand.ids).create({})
        with self.assertRaisesRegex(UserError, 'already requested in %s' % request.name):
            wizard.action_create_requests()
        self.assertEqual(self.requests(self.region_a), request)
        # cancelled, the proposal gives the demand back
        request.sudo(self.salesperson).action_cancel()
        self.assertEqual((demand.state, demand.request_line_id.id), ('open', False))

    def test_scan_does_not_duplicate_open_requests(self):
        Request = self.env[REQUEST].sudo(self.salesperson)
        Request.action_check_stock()
        first = self.requests(self.region_a)
        # nothing new: nothing proposed again
        action = Request.action_check_stock()
        self.assertEqual(action['domain'], [('id', 'in', [])])
        self.assertEqual(self.requests(self.region_a), first)
        self.assertEqual(len(first.line_ids), 3)

        # a product newly short joins the region's draft proposal
        self._pending_move(self.fryer, 45, self.warehouse_a.lot_stock_id, self.customer_location)
        Request.action_check_stock()
        self.assertEqual(self.requests(self.region_a), first)
        self.assertEqual(self.proposal(first)[self.fryer], 15.0)

        # submitted, approved, in transfer: still open, still not proposed again
        first.sudo(self.salesperson).action_approval_submit()
        self._pending_move(self.blender, 40, self.warehouse_a.lot_stock_id, self.customer_location)
        Request.action_check_stock()
        second = self.requests(self.region_a) - first
        self.assertEqual(self.proposal(second), {self.blender: 25.0})
        self.approve(first, self.manager_a)
        self.approve(first, self.hq)
        self.assertEqual(first.state, 'transfer')
        second.sudo(self.salesperson).action_cancel()
        Request.action_check_stock()
        third = self.requests(self.region_a) - first - second
        self.assertEqual(self.proposal(third), {self.blender: 25.0})

        # a product of a request done (goods arrived) can be proposed again
        self._set_stock(self.kettle, self.head_office_warehouse, 100)
        first.picking_ids.sudo(self.warehouse_user).action_assign()
        self.process(first.picking_ids, backorder=False)
        self.assertEqual(first.state, 'done')
        self._pending_move(self.kettle, 40, self.warehouse_a.lot_stock_id, self.customer_location)
        Request.action_check_stock()
        self.assertEqual(self.proposal(third)[self.kettle], 40.0)  # 20 - (5 + 15 - 40)

    def test_headquarters_checks_every_region(self):
        self.env[REQUEST].sudo(self.hq).action_check_stock()
        self.assertEqual(self.proposal(self.requests(self.region_b)), {self.kettle: 10.0})
        self.assertEqual(len(self.requests(self.region_a).line_ids), 3)
        self.assertEqual(self.requests(self.region_a).user_id, self.hq)

    def test_scheduled_check_proposes_to_the_regional_managers(self):
        self.env[REQUEST]._cron_check_stock()
        request_a, request_b = self.requests(self.region_a), self.requests(self.region_b)
        self.assertEqual((request_a.user_id, request_b.user_id), (self.manager_a, self.manager_b))
        todo = self.activities(request_a, 'sales_process.mail_activity_type_transfer_review')
        self.assertEqual(todo.user_id, self.manager_a)
        self.assertIn('safety', todo.summary)
        # the manager reviews and submits it: as the first step's approver, the submission
        # approves that step and the request goes straight to headquarters
        request_a.sudo(self.manager_a).action_approval_submit()
        self.assertEqual((request_a.state, request_a.approval_step_id),
                         ('to_approve', self.env.ref('sales_process.stock_transfer_request_step_sales_hq')))
        decisions = self.env['sales.approval.history'].search(
            [('res_model', '=', REQUEST), ('res_id', '=', request_a.id)], order='id')
        self.assertEqual(decisions.mapped('decision'), ['submitted', 'approved'])
        self.assertEqual(decisions.mapped('user_id'), self.manager_a)
        self.assertFalse(self.activities(request_a, 'sales_process.mail_activity_type_transfer_review'))
        self.assertIn(self.hq, self.activities(
            request_a, 'sales_process.mail_activity_type_approval').mapped('user_id'))
        # the cron is scheduled and runs
        cron = self.env.ref('sales_process.ir_cron_stock_transfer_check_stock')
        self.assertTrue(cron.active)
        cron.method_direct_trigger()
        self.assertEqual(self.requests(self.region_a), request_a)

    def test_warehouse_staff_cannot_propose_requests(self):
        from odoo.exceptions import AccessError
        with self.assertRaises(AccessError):
            self.env[REQUEST].sudo(self.warehouse_user).action_check_stock()
        self.assertFalse(self.requests(self.region_a))

    def test_odoo_scheduler_leaves_regional_safety_levels_alone(self):
        """Regional stock is replenished by approved requests, not by procurements: the
        scheduler neither creates moves nor logs "no rule" activities for these rules."""
        rule = self.env['stock.warehouse.orderpoint'].search(
            [('product_id', '=', self.kettle.id), ('warehouse_id', '=', self.warehouse_a.id)])
        domain = self.env['procurement.group']._get_orderpoint_domain()
        self.assertNotIn(rule, self.env['stock.warehouse.orderpoint'].search(domain))
        moves_before = self.env['stock.move'].search_count([('product_id', '=', self.kettle.id)])
        self.env['procurement.group'].run_scheduler()
        self.assertEqual(self.env['stock.move'].search_count([('product_id', '=', self.kettle.id)]),
                         moves_before)
        self.assertFalse(self.env['mail.activity'].search([
            ('res_model', '=', 'product.template'), ('res_id', '=', self.kettle.product_tmpl_id.id)]))
        # the rules of other warehouses are still the scheduler's
        head_office_rule = self._safety(self.kettle, self.head_office_warehouse, 5)
        self.assertIn(head_office_rule, self.env['stock.warehouse.orderpoint'].search(domain))
