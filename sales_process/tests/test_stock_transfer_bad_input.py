from odoo.exceptions import UserError, ValidationError

from odoo.addons.sales_process.tests.stock_transfer_common import REQUEST, StockTransferCase


class TestTransferBadInput(StockTransferCase):
    """Clear errors, nothing half-written."""

    @classmethod
    def setUpClass(cls):
        super(TestTransferBadInput, cls).setUpClass()
        cls._set_stock(cls.kettle, cls.head_office_warehouse, 100)
        cls._set_stock(cls.fryer, cls.head_office_warehouse, 100)

    def count(self, model='stock.transfer.request'):
        return self.env[model].search_count([])

    def test_zero_or_negative_quantities(self):
        before = (self.count(), self.count('stock.transfer.request.line'), self.count('sales.demand'))
        for quantity in (0, -3):
            with self.assertRaisesRegex(ValidationError, 'must be positive'), self.env.cr.savepoint():
                self.new_request(self.salesperson, [(self.fryer, 4), (self.kettle, quantity)])
            with self.assertRaisesRegex(ValidationError, 'must be positive'), self.env.cr.savepoint():
                self.new_demand(self.salesperson, self.kettle, quantity)
        request = self.new_request(self.salesperson, [(self.kettle, 4)])
        with self.assertRaisesRegex(ValidationError, 'must be positive'), self.env.cr.savepoint():
            request.line_ids.sudo(self.salesperson).write({'product_qty': 0})
        request.invalidate_cache()  # what the database kept, not the refused value in the cache
        self.assertEqual(request.line_ids.product_qty, 4.0)
        self.assertEqual((self.count() - 1, self.count('stock.transfer.request.line') - 1,
                          self.count('sales.demand')), before)

    def test_source_and_destination_the_same_warehouse(self):
        before = self.count()
        with self.assertRaisesRegex(ValidationError, 'same'), self.env.cr.savepoint():
            self.new_request(self.salesperson, [(self.kettle, 4)], source_warehouse_id=self.warehouse_a.id)
        request = self.new_request(self.salesperson, [(self.kettle, 4)])
        with self.assertRaisesRegex(ValidationError, 'same'), self.env.cr.savepoint():
            request.sudo(self.salesperson).write({'source_warehouse_id': self.warehouse_a.id})
        self.assertEqual(request.source_warehouse_id, self.head_office_warehouse)
        self.assertEqual(self.count(), before + 1)

    def test_consumable_or_service_product(self):
        for product_type in ('consu', 'service'):
            product = self._create_product('Not stocked %s' % product_type, product_type)
            with self.assertRaisesRegex(ValidationError, 'not a storable product'), self.env.cr.savepoint():
                self.new_request(self.salesperson, [(product, 2)])
            with self.assertRaisesRegex(ValidationError, 'not a storable product'), self.env.cr.savepoint():
                self.new_demand(self.salesperson, product, 2)
        # a product that stopped being storable cannot be submitted
        request = self.new_request(self.salesperson, [(self.cooker, 2)])
        self.cooker.type = 'consu'
        with self.assertRaisesRegex(ValidationError, 'not a storable product'):
            request.sudo(self.salesperson).action_approval_submit()
        self.assertEqual((request.state, request.approval_state), ('draft', 'draft'))

    def test_region_without_warehouse(self):
        region = self.env['crm.team'].create({'name': 'Region Without Warehouse', 'region_code': 'TRN'})
        self.salesperson.sale_team_id = region
        before = self.count()
        with self.assertRaisesRegex(ValidationError, 'has no regional warehouse'), self.env.cr.savepoint():
            self.new_request(self.salesperson, [(self.kettle, 2)], region=region)
        self.assertEqual(self.count(), before)
        # the demand of such a region is gathered, but not requested
        demand = self.new_demand(self.salesperson, self.kettle, 2, region=region)
        wizard = self.env['sales.demand.transfer.wizard'].sudo(self.salesperson).with_context(
            active_model='sales.demand', active_ids=demand.ids).create({})
        with self.assertRaisesRegex(UserError, 'has no regional warehouse'):
            wizard.action_create_requests()
        self.assertEqual((demand.state, self.count()), ('open', before))
        # and the stock check skips it
        self.env[REQUEST].sudo(self.salesperson).action_check_stock()
        self.assertEqual(self.count(), before)

    def test_resubmitting_without_rechecking(self):
        request = self.new_request(self.salesperson, [(self.kettle, 4)])
        request.sudo(self.salesperson).action_approval_submit()
        self.reject(request, self.manager_a, 'Check the stock of the Hangzhou shop first')
        with self.assertRaisesRegex(UserError, 'Hangzhou shop'):
            request.sudo(self.salesperson).action_approval_submit()
        self.assertEqual((request.state, request.approval_state, len(self.history(request))),
                         ('recheck', 'rejected', 2))

    def test_approving_a_request_whose_product_was_archived(self):
        request = self.new_request(self.salesperson, [(self.kettle, 4), (self.fryer, 2)])
        request.sudo(self.salesperson).action_approval_submit()
        self.fryer.active = False
        with self.assertRaisesRegex(UserError, 'was archived'):
            self.approve(request, self.manager_a)
        self.fryer.active = True
        self.approve(request, self.manager_a)
        self.fryer.active = False
        history = len(self.history(request))
        with self.assertRaisesRegex(UserError, 'Test Air Fryer was archived'), self.env.cr.savepoint():
            self.approve(request, self.hq)
        self.assertEqual((request.state, request.approval_state), ('to_approve', 'pending'))
        self.assertFalse(request.picking_ids)
        self.assertEqual(len(self.history(request)), history)
        # the requester takes the product out after a rejection, and it goes through
        self.reject(request, self.hq, 'The air fryer is discontinued')
        request.sudo(self.salesperson).action_refresh_figures()
        request.line_ids.filtered(lambda line: line.product_id == self.fryer).sudo(self.salesperson).unlink()
        request.sudo(self.salesperson).action_approval_submit()
        self.approve(request, self.manager_a)
        self.approve(request, self.hq)
        self.assertEqual(request.picking_ids.move_lines.product_id, self.kettle)

    def test_submitting_nothing_or_closed_demand(self):
        request = self.env[REQUEST].sudo(self.salesperson).create({})
        with self.assertRaisesRegex(UserError, 'no products'):
            request.sudo(self.salesperson).action_approval_submit()
        self.assertEqual(request.approval_state, 'draft')
        demand = self.new_demand(self.salesperson, self.kettle, 3)
        demand.sudo(self.salesperson).action_cancel()
        with self.assertRaisesRegex(UserError, 'not open demand'):
            self.env[REQUEST].sudo(self.salesperson)._create_from_demand(demand)
        with self.assertRaisesRegex(UserError, 'only open demand can be cancelled'):
            demand.sudo(self.salesperson).action_cancel()
        demand.sudo(self.salesperson).action_reopen()
        self.env[REQUEST].sudo(self.salesperson)._create_from_demand(demand)
        with self.assertRaisesRegex(UserError, 'Only open demand can be changed'):
            demand.sudo(self.salesperson).write({'product_qty': 30})
        with self.assertRaisesRegex(ValidationError, 'A product appears once'), self.env.cr.savepoint():
            self.new_request(self.salesperson, [(self.kettle, 1), (self.kettle, 2)])
