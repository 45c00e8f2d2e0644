from odoo.exceptions import AccessError, ValidationError

from odoo.addons.sales_process.models.sales_process_document import create_in_bulk
from odoo.addons.sales_process.tests.stock_transfer_common import REQUEST, StockTransferCase

# what differs between two lines of two requests by nature
OWN_COLUMNS = {'id', 'request_id', 'create_date', 'write_date'}


class TestStockTransferBulkProposal(StockTransferCase):
    """The stock check writes its proposal's lines in one statement per request: the lines,
    totals, figures, demand and activities are those create() would give, and the number of
    queries does not grow with the number of lines."""

    @classmethod
    def setUpClass(cls):
        super(TestStockTransferBulkProposal, cls).setUpClass()
        wh_a, wh_b = cls.warehouse_a, cls.warehouse_b
        # costs with decimals: the value at cost is rounded as create() rounds it
        cls.products = cls.env['product.product'].browse()
        for number in range(30):
            cls.products |= cls._create_product('Test Bulk Product %d' % number,
                                                cost=10.0 + number / 3.0)
        # region A: 5 products short (one covered by its stock), region B: 30
        for index, product in enumerate(cls.products[:6]):
            cls._set_stock(product, wh_a, 40 if index == 5 else index)
            cls._safety(product, wh_a, 20)
        for index, product in enumerate(cls.products):
            cls._set_stock(product, wh_b, index % 7)
            cls._safety(product, wh_b, 15 + index % 4)
        # two demand lines in each region (the shortage counts them; the proposal takes them)
        Demand = cls.env['sales.demand']
        cls.demand_a = Demand.browse()
        cls.demand_b = Demand.browse()
        for product, quantity in ((cls.products[1], 4.0), (cls.products[2], 2.5)):
            cls.demand_a |= Demand.create({'product_id': product.id, 'product_qty': quantity,
                                           'region_id': cls.region_a.id})
        for product, quantity in ((cls.products[7], 3.0), (cls.products[20], 6.0)):
            cls.demand_b |= Demand.create({'product_id': product.id, 'product_qty': quantity,
                                           'region_id': cls.region_b.id})

    def requests(self, region):
        return self.env[REQUEST].search([('region_id', '=', region.id)])

    def stored(self, line):
        Line = self.env['stock.transfer.request.line']
        names = [name for name, field in Line._fields.items()
                 if field.store and field.column_type and name not in OWN_COLUMNS]
        values = line.read(names)[0]
        del values['id']
        return values

    def test_proposal_stores_what_create_would(self):
        self.env[REQUEST].sudo(self.salesperson).action_check_stock()
        proposal = self.requests(self.region_a)
        self.assertEqual(len(proposal.line_ids), 5)
        # the same lines entered by hand, through create()
        by_hand = self.new_request(self.salesperson, [(line.product_id, line.product_qty)
                                                      for line in proposal.line_ids])
        by_product = {line.product_id: line for line in by_hand.line_ids}
        for line in proposal.line_ids:
            self.assertEqual(self.stored(line), self.stored(by_product[line.product_id]))
        self.assertEqual(proposal.line_ids.mapped('product_qty'), [20.0, 23.0, 20.5, 17.0, 16.0])
        self.assertEqual(proposal.line_ids.mapped('shortage_qty'), [20.0, 23.0, 20.5, 17.0, 16.0])
        self.assertAlmostEqual(proposal.line_ids[1].value, 23.0 * 10.33, places=2)
        for name in ('amount_total', 'product_count', 'state', 'region_id', 'company_id',
                     'warehouse_id', 'source_warehouse_id', 'user_id', 'date_request'):
            self.assertEqual(proposal[name], by_hand[name], name)
        self.assertEqual(proposal.product_count, 5)
        self.assertTrue(proposal.figures_date)
        self.assertNotEqual(proposal.name, by_hand.name)
        self.assertEqual((proposal.origin_type, by_hand.origin_type), ('stock_check', 'manual'))
        # the demand belongs to the lines that cover it, tracked in its chatter
        lines = {line.product_id: line for line in proposal.line_ids}
        for demand in self.demand_a:
            self.assertEqual((demand.state, demand.request_line_id, demand.request_id),
                             ('requested', lines[demand.product_id], proposal))
            self.assertIn('state', demand.message_ids.mapped('tracking_value_ids.field'))
        self.assertEqual(lines[self.products[1]].demand_ids, self.demand_a[0])
        self.assertEqual(self.demand_b.mapped('state'), ['open', 'open'])

        # a product newly short joins the draft proposal: its totals follow
        self._pending_move(self.products[5], 30, self.warehouse_a.lot_stock_id,
                           self.customer_location)
        self.env[REQUEST].sudo(self.salesperson).action_check_stock()
        self.assertEqual(self.requests(self.region_a), proposal | by_hand)
        joined = proposal.line_ids.filtered(lambda line: line.product_id == self.products[5])
        self.assertEqual((joined.product_qty, joined.forecast_qty, joined.shortage_qty),
                         (10.0, 10.0, 10.0))
        self.assertEqual(proposal.product_count, 6)
        self.assertAlmostEqual(proposal.amount_total, sum(proposal.line_ids.mapped('value')))

    def test_scheduled_proposal_keeps_its_activities(self):
        self.env[REQUEST]._propose_from_stock_check(self.region_a | self.region_b,
                                                    responsible='manager')
        for region, manager, count in ((self.region_a, self.manager_a, 5),
                                       (self.region_b, self.manager_b, 30)):
            request = self.requests(region)
            self.assertEqual((len(request.line_ids), request.user_id), (count, manager))
            todo = self.activities(request, 'sales_process.mail_activity_type_transfer_review')
            self.assertEqual(todo.user_id, manager)
        self.assertEqual(self.demand_b.mapped('request_id'), self.requests(self.region_b))

    def test_the_query_count_does_not_grow_with_the_lines(self):
        Request = self.env[REQUEST].sudo(self.hq)
        cr = self.env.cr

        def queries(region):
            before = cr.sql_log_count
            requests = Request._propose_from_stock_check(region)
            return requests, cr.sql_log_count - before
        # warm the caches (activity types, sequences, the user's groups), then propose again
        warm, _count = queries(self.region_a)
        warm.action_cancel()
        few, few_queries = queries(self.region_a)
        many, many_queries = queries(self.region_b)
        self.assertEqual((len(few.line_ids), len(many.line_ids)), (5, 30))
        self.assertEqual(many_queries, few_queries)

    def test_the_proposal_checks_who_may_create_requests(self):
        # a salesperson proposing for another region: refused by the record rules, as create()
        # refuses a request there (the transaction, here its savepoint, is rolled back)
        with self.assertRaises((AccessError, ValidationError)), self.env.cr.savepoint():
            self.env[REQUEST].sudo(self.salesperson)._propose_from_stock_check(self.region_b)
        self.assertFalse(self.requests(self.region_b))
        # the warehouse's staff may not create requests: refused before anything is written
        with self.assertRaises(AccessError):
            self.env[REQUEST].sudo(self.warehouse_user)._propose_from_stock_check(self.region_a)
        self.assertFalse(self.requests(self.region_a))
        self.assertEqual((self.demand_a | self.demand_b).mapped('state'), ['open'] * 4)

    def test_bulk_create_wants_the_same_fields_in_every_record(self):
        # the year-end bench once gave a target without a salesperson beside targets with one:
        # a clear error, nothing written
        Line = self.env['stock.transfer.request.line']
        request = self.new_request(self.salesperson, [(self.products[0], 1.0)])
        before = Line.search_count([])
        with self.assertRaisesRegex(ValueError, 'the same fields in every record'):
            create_in_bulk(Line, [
                {'request_id': request.id, 'product_id': self.products[1].id, 'product_qty': 2.0},
                {'request_id': request.id, 'product_id': self.products[2].id}])
        self.assertEqual(Line.search_count([]), before)
