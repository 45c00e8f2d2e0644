"""The promotions' measure on a known set of orders: sales of the promoted products in the
promoted regions and customers during the period vs the equal-length baseline before it, the
attributed lines, the cost and the return on it; one query for any batch; the analysis."""
from .common import after_loading
from .promotion_common import PromotionPricingCase


@after_loading  # promotions of a category price its sub-categories' products (parent_left)
class TestPromotionMeasure(PromotionPricingCase):

    @classmethod
    def setUpClass(cls):
        super(TestPromotionMeasure, cls).setUpClass()
        cls.other_customer = cls.env['res.partner'].create({'name': 'Other (test)',
                                                            'customer': True})
        # the promotion: 11-20 March (10 days, Shanghai), its baseline 1-10 March
        cls.spring = cls.promotion([(cls.cookers, 10.0, 0.0)], start='2026-03-11',
                                   end='2026-03-20', state='draft', tags=cls.vip_tag,
                                   cost_line_ids=[(0, 0, {'kind': 'venue', 'amount_planned': 100.0,
                                                          'amount_actual': 80.0})])
        # the baseline's sales, at list prices (the promotion is not official yet)
        cls.sell([(cls.cooker, 2)], '2026-03-01 02:00:00')                  # 200, 2
        cls.sell([(cls.cooker_mini, 1), (cls.kettle, 5)], '2026-03-10 15:00:00')  # 50, 1
        cls.sell([(cls.cooker, 9)], '2026-02-28 15:00:00')                  # 28 Feb: before
        cls.spring._workflow_write({'state': 'official'})
        # the period: promoted prices
        cls.sell([(cls.cooker, 3)], '2026-03-10 17:00:00')                  # 11 March: 270, 3
        cls.sell([(cls.cooker_mini, 4), (cls.toaster, 1)], '2026-03-20 15:00:00')  # 180, 4
        cls.sell([(cls.cooker, 1)], '2026-03-20 16:30:00')                  # 21 March: after
        # not counted: another region, an untagged customer, a quotation, a cancelled order
        cls.sell([(cls.cooker, 7)], '2026-03-12 02:00:00', region=cls.region_b,
                 user=cls.salesperson_b)
        cls.sell([(cls.cooker, 7)], '2026-03-12 02:00:00', customer=cls.other_customer)
        cls.sell([(cls.cooker, 7)], '2026-03-12 02:00:00', state='draft')
        cls.sell([(cls.cooker, 7)], '2026-03-12 02:00:00', state='cancel')

    @classmethod
    def sell(cls, lines, when, customer=None, region=None, user=None, state='sale'):
        user = user or cls.salesperson
        order = cls.env['sale.order'].sudo(user).create({
            'partner_id': (customer or cls.vip_contact).id, 'team_id': (region or cls.region_a).id,
            'user_id': user.id, 'date_order': when,
            'order_line': [(0, 0, {'product_id': product.id, 'product_uom_qty': qty})
                           for product, qty in lines]})
        if state in ('sale', 'cancel'):
            order.action_confirm()
            order.write({'date_order': when})
        if state == 'cancel':
            order.action_cancel()
        return order

    def test_figures_on_known_orders(self):
        figures = self.env['sales.promotion.measure'].sudo(self.marketing).figures(
            self.spring.sudo(self.marketing))[self.spring.id]
        expected = {
            'amount': 270.0 + 180.0, 'qty': 7.0,
            'baseline_amount': 250.0, 'baseline_qty': 3.0,
            'uplift_amount_pct': 80.0, 'uplift_qty_pct': 400.0 / 3,
            'attributed_count': 2, 'attributed_amount': 450.0,
            'cost_planned': 100.0, 'cost_actual': 80.0,
            'return_on_cost': 200.0 / 80.0,
        }
        self.assertEqual(set(figures), set(expected))
        for key, value in expected.items():
            self.assertAlmostEqual(figures[key], value, places=2, msg=key)

    def test_no_baseline_no_cost(self):
        autumn = self.promotion([(self.toaster, 10.0, 0.0)], start='2026-09-01',
                                end='2026-09-30', name='Autumn (test)')
        self.sell([(self.toaster, 2)], '2026-09-02 02:00:00', customer=self.customer_a)
        figures = self.env['sales.promotion.measure'].figures(autumn)[autumn.id]
        self.assertAlmostEqual(figures['amount'], 108.0)
        self.assertEqual(figures['baseline_amount'], 0.0)
        self.assertEqual(figures['uplift_amount_pct'], 0.0)
        self.assertEqual(figures['return_on_cost'], 0.0)
        self.assertEqual(figures['attributed_count'], 1)

    def test_query_count_does_not_grow_with_the_batch(self):
        Measure = self.env['sales.promotion.measure']
        promotions = self.spring
        for index in range(20):
            promotions |= self.promotion(
                [(self.kettle if index % 2 else self.kettles, 5.0, 0.0)],
                start='2026-%02d-01' % (index % 12 + 1), end='2026-%02d-15' % (index % 12 + 1),
                name='Batch %d (test)' % index, state='draft',
                regions=self.region_a | self.region_b)
        Measure.figures(self.spring)  # warm the caches (time zone, companies)

        def count(batch):
            batch.invalidate_cache()
            before = self.env.cr.sql_log_count
            result = Measure.figures(batch)
            self.assertEqual(set(result), set(batch.ids))
            return self.env.cr.sql_log_count - before

        self.assertEqual(count(promotions), count(self.spring))
        self.assertEqual(count(promotions), count(promotions[:3]))

    def test_analysis_adds_up_to_the_figures(self):
        Analysis = self.env['sales.promotion.analysis'].sudo(self.marketing)
        rows = Analysis.search([('promotion_id', '=', self.spring.id)])
        by_product = {row.product_id: row for row in rows if row.product_id}
        self.assertEqual(set(by_product), {self.cooker, self.cooker_mini})
        self.assertAlmostEqual(by_product[self.cooker].amount, 270.0)
        self.assertAlmostEqual(by_product[self.cooker].baseline_amount, 200.0)
        self.assertAlmostEqual(by_product[self.cooker].uplift_amount, 70.0)
        self.assertEqual(by_product[self.cooker_mini].attributed_count, 1)
        self.assertEqual(by_product[self.cooker].region_id, self.region_a)
        totals = Analysis.read_group(
            [('promotion_id', '=', self.spring.id)],
            ['promotion_id', 'amount', 'baseline_amount', 'uplift_amount', 'cost_actual',
             'attributed_amount'],
            ['promotion_id'])[0]
        self.assertAlmostEqual(totals['amount'], 450.0)
        self.assertAlmostEqual(totals['baseline_amount'], 250.0)
        self.assertAlmostEqual(totals['uplift_amount'], 200.0)
        self.assertAlmostEqual(totals['cost_actual'], 80.0)
        self.assertAlmostEqual(totals['attributed_amount'], 450.0)

    def test_analysis_follows_the_regions(self):
        rows = self.env['sales.promotion.analysis'].sudo(self.salesperson_b).search(
            [('promotion_id', '=', self.spring.id)])
        self.assertFalse(rows, 'region B sees nothing of a promotion of region A')
        rows = self.env['sales.promotion.analysis'].sudo(self.salesperson).search(
            [('promotion_id', '=', self.spring.id)])
        self.assertEqual(rows.mapped('region_id'), self.region_a)
