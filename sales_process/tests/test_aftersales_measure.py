"""The after-sales measures on a known set of deliveries, returns and cases: the defect rate per
product, the cases per root cause, the days per stage; one query whatever the batch; the
reports show the same figures to the roles that may read them."""
from odoo.exceptions import AccessError

from .aftersales_common import AftersalesMeasureCase

DAY = 86400.0


class TestAftersalesMeasure(AftersalesMeasureCase):

    @classmethod
    def setUpClass(cls):
        super(TestAftersalesMeasure, cls).setUpClass()
        # kettle: 10 + 5 delivered, 3 returned through Odoo's return into stock
        cls.order = cls._delivered_order(cls.customer, {cls.kettle: 10, cls.fryer: 4})
        cls._delivered_order(cls.customer_b, {cls.kettle: 5}, region=cls.region_b)
        cls._return(cls.order.picking_ids, {cls.kettle: 3})
        # fryer: 4 delivered, 1 back into the faulty-goods location (a return location) without
        # a return move, 2 received from the customer into plain stock (not a return)
        warehouse = cls.region_a.warehouse_id
        for quantity, destination in ((1, cls.faulty_location), (2, warehouse.lot_stock_id)):
            move = cls.env['stock.move'].create({
                'name': 'test receipt', 'product_id': cls.fryer.id, 'product_uom_qty': quantity,
                'product_uom': cls.unit.id, 'location_id': cls.customer_location.id,
                'location_dest_id': destination.id})
            move._action_confirm()
            move.quantity_done = quantity
            move._action_done()
        # cooker: ordered, not delivered: nothing counts
        cls._delivered_order(cls.customer, {cls.cooker: 7}, deliver=False)

        # cases: the kettle twice for its heating element and once for its packing, once
        # cancelled; the fryer once, not assessed yet
        cls.closed = cls._case(cls.order, {cls.kettle: 2}, root_cause_id=cls.heating.id,
                               state='closed', date_intake='2026-03-01 08:00:00',
                               date_reported='2026-03-02 08:00:00',
                               date_assessed='2026-03-05 08:00:00',
                               date_decided='2026-03-06 08:00:00',
                               date_goods_back='2026-03-10 08:00:00',
                               date_resolved='2026-03-12 08:00:00',
                               date_closed='2026-03-21 08:00:00')
        cls.reported = cls._case(cls.order, {cls.kettle: 1, cls.fryer: 1},
                                 root_cause_id=cls.heating.id, state='to_decide',
                                 date_intake='2026-03-03 08:00:00',
                                 date_reported='2026-03-06 08:00:00',
                                 date_assessed='2026-03-07 20:00:00')
        cls.packed = cls._case(cls.order, {cls.kettle: 1}, root_cause_id=cls.packing.id,
                               date_intake='2026-04-01 08:00:00')
        cls._case(cls.order, {cls.kettle: 1}, root_cause_id=cls.packing.id, state='cancel',
                  date_intake='2026-04-02 08:00:00')
        cls.Measure = cls.env['sales.aftersales.measure'].sudo(cls.quality)

    def test_defect_rate_and_cases_per_product(self):
        figures = self.Measure.product_figures(
            [self.kettle.id, self.fryer.id, self.cooker.id], company_id=self.company.id)
        kettle, fryer, cooker = (figures[product.id]
                                 for product in (self.kettle, self.fryer, self.cooker))
        self.assertEqual((kettle.delivered, kettle.returned), (15.0, 3.0))
        self.assertAlmostEqual(kettle.defect_rate, 20.0)
        self.assertEqual(kettle.cases, 3)  # the cancelled case does not count
        self.assertEqual(kettle.cases_by_root_cause, {self.heating.id: 2, self.packing.id: 1})
        self.assertEqual((fryer.delivered, fryer.returned), (4.0, 1.0))
        self.assertAlmostEqual(fryer.defect_rate, 25.0)
        self.assertEqual(fryer.cases_by_root_cause, {self.heating.id: 1})
        self.assertEqual(tuple(cooker[1:]), (0.0, 0.0, 0.0, 0, {}))

    def test_period_limits_moves_and_cases(self):
        figures = self.Measure.product_figures(
            [self.kettle.id], company_id=self.company.id, date_from='2026-04-01',
            date_to='2026-04-30')[self.kettle.id]
        self.assertEqual(figures.cases_by_root_cause, {self.packing.id: 1})
        # the moves were done today, whatever the test's date: outside a period long past
        past = self.Measure.product_figures([self.kettle.id], company_id=self.company.id,
                                            date_from='2001-01-01', date_to='2001-12-31')
        self.assertEqual(tuple(past[self.kettle.id][1:]), (0.0, 0.0, 0.0, 0, {}))

    def test_days_per_stage(self):
        cases = self.closed | self.reported | self.packed
        times = self.Measure.stage_times(cases)[None]
        self.assertEqual((times.cases, times.closed), (3, 1))
        self.assertAlmostEqual(times.days_to_close, 20.0)
        self.assertAlmostEqual(times.days_intake, 2.0)         # 1 and 3 days; not reported: none
        self.assertAlmostEqual(times.days_assessment, 2.25)    # 3 and 1.5 days
        self.assertAlmostEqual(times.days_decision, 1.0)       # only the closed case
        self.assertAlmostEqual(times.days_goods_back, 4.0)
        self.assertAlmostEqual(times.days_resolution, 2.0)
        self.assertAlmostEqual(times.days_feedback, 9.0)
        per_product = self.Measure.stage_times(cases, by_product=True)
        self.assertEqual(per_product[self.kettle.id].cases, 3)
        self.assertEqual(per_product[self.fryer.id].cases, 1)
        self.assertIsNone(per_product[self.fryer.id].days_to_close)
        self.assertAlmostEqual(per_product[self.fryer.id].days_intake, 3.0)

    def test_one_query_whatever_the_batch(self):
        products = self.env['product.product'].search([], limit=200)
        cr = self.env.cr

        def queries(call):
            before = cr.sql_log_count
            call()
            return cr.sql_log_count - before
        self.Measure.product_figures(self.kettle.ids)  # warm the caches (the user's company)
        self.assertEqual(queries(lambda: self.Measure.product_figures(self.kettle.ids)), 1)
        self.assertEqual(queries(lambda: self.Measure.product_figures(
            (products | self.kettle | self.fryer).ids)), 1)
        cases = self.env['sales.aftersales.case'].search([])
        self.assertEqual(queries(lambda: self.Measure.stage_times(self.closed)), 1)
        self.assertEqual(queries(lambda: self.Measure.stage_times(cases, by_product=True)), 1)

    def test_defect_rate_report_recomputes_the_rate_of_a_group(self):
        Report = self.env['sales.aftersales.defect.report'].sudo(self.quality)
        domain = [('product_id', 'in', (self.kettle | self.fryer).ids)]
        groups = Report.read_group(domain, ['product_id', 'defect_rate', 'case_count'],
                                   ['product_id'])
        figures = {group['product_id'][0]: group for group in groups}
        self.assertAlmostEqual(figures[self.kettle.id]['defect_rate'], 20.0)
        self.assertEqual(figures[self.kettle.id]['case_count'], 3)
        self.assertAlmostEqual(figures[self.fryer.id]['defect_rate'], 25.0)
        # both products together: 4 returned of 19 delivered, not the average of the rates
        total = Report.read_group(domain, ['defect_rate'], [])[0]
        self.assertAlmostEqual(total['defect_rate'], 400.0 / 19)
        # the regional staff do not read the company's defect rate
        with self.assertRaises(AccessError):
            Report.sudo(self.salesperson).read_group(domain, ['defect_rate'], ['product_id'])

    def test_cases_report_follows_the_regions(self):
        Report = self.env['sales.aftersales.case.report']
        domain = [('product_id', 'in', (self.kettle | self.fryer).ids)]
        rows = Report.sudo(self.quality).search(domain)
        self.assertEqual(len(rows), 4)  # three cases of the kettle, one of the fryer
        groups = Report.sudo(self.quality).read_group(
            domain + [('product_id', '=', self.kettle.id)], ['root_cause_id', 'days_to_close'],
            ['root_cause_id'])
        counts = {group['root_cause_id'][0]: group['root_cause_id_count'] for group in groups}
        self.assertEqual(counts, {self.heating.id: 2, self.packing.id: 1})
        closed = Report.sudo(self.quality).search(domain + [('is_closed', '=', True)])
        self.assertEqual(closed.mapped('days_to_close'), [20.0])
        self.assertEqual(len(Report.sudo(self.salesperson).search(domain)), 4)  # region A
        self.assertFalse(Report.sudo(self.salesperson_b).search(domain))
        self.assertFalse(Report.sudo(self.other_company_user).search(domain))
