from odoo.exceptions import AccessError, UserError

from odoo.addons.sales_process.tests.stock_transfer_common import REQUEST, StockTransferCase


class TestTransferSecurity(StockTransferCase):
    """Salespeople enter demand and requests for their region; regional managers approve the
    first step for their region only; headquarters approves all; warehouse staff read requests
    and process transfers but cannot approve."""

    @classmethod
    def setUpClass(cls):
        super(TestTransferSecurity, cls).setUpClass()
        cls._set_stock(cls.kettle, cls.head_office_warehouse, 100)
        cls.demand_a = cls.env['sales.demand'].create(
            {'product_id': cls.kettle.id, 'product_qty': 5, 'region_id': cls.region_a.id})
        cls.demand_b = cls.env['sales.demand'].create(
            {'product_id': cls.kettle.id, 'product_qty': 5, 'region_id': cls.region_b.id})
        cls.request_a = cls.env[REQUEST].create({
            'region_id': cls.region_a.id, 'user_id': cls.salesperson.id,
            'line_ids': [(0, 0, {'product_id': cls.kettle.id, 'product_qty': 5})]})
        cls.request_b = cls.env[REQUEST].create({
            'region_id': cls.region_b.id, 'user_id': cls.salesperson_b.id,
            'line_ids': [(0, 0, {'product_id': cls.kettle.id, 'product_qty': 5})]})
        cls.both = cls.request_a | cls.request_b

    def visible(self, model, user, records):
        return self.env[model].sudo(user).search([('id', 'in', records.ids)])

    def test_salespeople_work_in_their_region(self):
        for model, own, other in ((REQUEST, self.request_a, self.request_b),
                                  ('sales.demand', self.demand_a, self.demand_b),
                                  ('stock.transfer.request.line', self.request_a.line_ids,
                                   self.request_b.line_ids)):
            self.assertEqual(self.visible(model, self.salesperson, own | other), own, model)
            self.assertEqual(self.visible(model, self.salesperson_b, own | other), other, model)
            with self.assertRaises(AccessError):
                other.sudo(self.salesperson).read(['region_id'])
        with self.assertRaises(AccessError):
            self.new_request(self.salesperson, [(self.kettle, 1)], region=self.region_b)
        with self.assertRaises(AccessError):
            self.new_demand(self.salesperson, self.kettle, 1, region=self.region_b)
        with self.assertRaises(AccessError):
            self.request_b.sudo(self.salesperson).write({'note': 'mine now'})
        # their own: entered, edited, submitted, but not deleted (they cancel instead)
        request = self.new_request(self.salesperson, [(self.kettle, 1)])
        self.assertEqual(request.region_id, self.region_a)
        request.sudo(self.salesperson).write({'note': 'urgent'})
        with self.assertRaises(AccessError):
            request.sudo(self.salesperson).unlink()
        with self.assertRaises(AccessError):
            self.demand_a.sudo(self.salesperson).unlink()

    def test_regional_manager_approves_the_first_step_of_their_region_only(self):
        for request, requester in ((self.request_a, self.salesperson), (self.request_b, self.salesperson_b)):
            request.sudo(requester).action_approval_submit()
        with self.assertRaises((AccessError, UserError)):
            self.approve(self.request_a, self.manager_b)
        self.approve(self.request_a, self.manager_a)
        self.assertEqual(self.request_a.approval_step_id,
                         self.env.ref('sales_process.stock_transfer_request_step_sales_hq'))
        # the first step is the manager's, not headquarters'
        with self.assertRaisesRegex(UserError, 'not an approver'):
            self.approve(self.request_b, self.hq)
        self.approve(self.request_b, self.manager_b)
        # ... and the last is headquarters', not the managers'
        with self.assertRaisesRegex(UserError, 'not an approver'):
            self.approve(self.request_a, self.manager_a)
        self.assertFalse(self.request_a.picking_ids)

    def test_headquarters_approves_every_region(self):
        self.assertEqual(self.visible(REQUEST, self.hq, self.both), self.both)
        for request, requester, manager in ((self.request_a, self.salesperson, self.manager_a),
                                            (self.request_b, self.salesperson_b, self.manager_b)):
            request.sudo(requester).action_approval_submit()
            self.approve(request, manager)
            self.approve(request, self.hq)
            self.assertEqual(request.state, 'transfer')
        # the general manager includes headquarters
        request = self.new_request(self.salesperson, [(self.kettle, 2)])
        request.sudo(self.salesperson).action_approval_submit()
        self.approve(request, self.manager_a)
        self.approve(request, self.gm)
        self.assertEqual(request.state, 'transfer')

    def test_warehouse_reads_requests_processes_transfers_cannot_approve(self):
        warehouse = self.warehouse_user
        self.assertEqual(self.visible(REQUEST, warehouse, self.both), self.both)
        self.assertEqual(self.visible('sales.demand', warehouse, self.demand_a | self.demand_b),
                         self.demand_a | self.demand_b)
        self.request_a.sudo(warehouse).read(['name', 'line_ids', 'state', 'approval_history_ids'])
        with self.assertRaises(AccessError):
            self.request_a.sudo(warehouse).write({'note': 'x'})
        with self.assertRaises(AccessError):
            self.new_request(warehouse, [(self.kettle, 1)], region=self.region_a)
        with self.assertRaises(AccessError):
            self.request_a.sudo(warehouse).action_refresh_figures()
        with self.assertRaises(AccessError):
            self.request_a.sudo(warehouse).action_cancel()
        with self.assertRaises(AccessError):
            self.request_a.line_ids.sudo(warehouse).write({'product_qty': 1})

        self.request_a.sudo(self.salesperson).action_approval_submit()
        with self.assertRaisesRegex(UserError, 'not an approver'):
            self.approve(self.request_a, warehouse)
        self.approve(self.request_a, self.manager_a)
        with self.assertRaisesRegex(UserError, 'not an approver'):
            self.approve(self.request_a, warehouse)
        with self.assertRaisesRegex(UserError, 'not an approver'):
            self.reject(self.request_a, warehouse, 'no')
        self.assertEqual(self.request_a.state, 'to_approve')
        self.approve(self.request_a, self.hq)
        # ... and processes the transfer order, which the request follows
        self.process(self.request_a.picking_ids)
        self.assertEqual(self.request_a.state, 'done')

    def test_other_company_and_plain_users_see_nothing(self):
        for model in (REQUEST, 'sales.demand', 'stock.transfer.request.line', 'sales.stock.check'):
            self.assertFalse(self.env[model].sudo(self.other_company_user).search([]), model)
        plain = self.env['res.users'].create({
            'name': 'Plain employee', 'login': 'sp_test_plain_transfer',
            'groups_id': [(6, 0, [self.env.ref('base.group_user').id])]})
        for model in (REQUEST, 'sales.demand', 'stock.transfer.request.line', 'sales.stock.check'):
            with self.assertRaises(AccessError):
                self.env[model].sudo(plain).search([])

    def test_states_change_through_the_buttons_only(self):
        request = self.request_a.sudo(self.salesperson)
        for values in ({'state': 'done'}, {'recheck_count': 0}, {'stock_rechecked': True}):
            with self.assertRaisesRegex(UserError, 'through its buttons'):
                request.write(values)
        with self.assertRaisesRegex(UserError, 'through its buttons'):
            self.env[REQUEST].sudo(self.salesperson).create(
                {'state': 'transfer', 'line_ids': [(0, 0, {'product_id': self.kettle.id, 'product_qty': 1})]})
        with self.assertRaisesRegex(UserError, 'through its buttons'):
            self.demand_a.sudo(self.salesperson).write({'state': 'done'})
        with self.assertRaisesRegex(UserError, 'through its buttons'):
            self.env['sales.demand'].sudo(self.salesperson).create(
                {'product_id': self.kettle.id, 'product_qty': 1, 'state': 'requested'})
        self.assertEqual((self.request_a.state, self.demand_a.state), ('draft', 'open'))

    def test_submitted_requests_are_locked(self):
        self.request_a.sudo(self.salesperson).action_approval_submit()
        with self.assertRaisesRegex(UserError, 'no longer be changed'):
            self.request_a.line_ids.sudo(self.salesperson).write({'product_qty': 50})
        with self.assertRaisesRegex(UserError, 'no longer be changed'):
            self.request_a.sudo(self.salesperson).write({'source_warehouse_id': self.warehouse_b.id})
        with self.assertRaisesRegex(UserError, 'no longer be changed'):
            self.env['stock.transfer.request.line'].sudo(self.salesperson).create(
                {'request_id': self.request_a.id, 'product_id': self.fryer.id, 'product_qty': 1})
        with self.assertRaisesRegex(UserError, 'no longer be changed'):
            self.request_a.line_ids.sudo(self.salesperson).unlink()
        with self.assertRaisesRegex(UserError, 'can be cancelled'):
            self.request_a.sudo(self.salesperson).action_cancel()
        self.assertEqual(self.request_a.line_ids.product_qty, 5.0)
        # notes stay writable
        self.request_a.sudo(self.salesperson).write({'note': 'call the customer first'})
