"""Promotional prices on real sale orders: the order line's discount from an official
promotion, for its period (the company's days), regions and customers; the customer's own
cheaper price kept; no stacking; cancelled or closed promotions stop pricing while confirmed
orders keep theirs; the attribution, refused to anyone but the pricing; the overlap check; the
printed quotation; and a query count independent of the number of promotions."""
from lxml import html as lxml_html

from odoo.exceptions import UserError, ValidationError

from .common import after_loading
from .promotion_common import PromotionPricingCase


@after_loading  # promotions of a category price its sub-categories' products (parent_left)
class TestPromotionPricing(PromotionPricingCase):

    def assertPriced(self, line, discount, promotion, net):
        self.assertAlmostEqual(line.discount, discount, places=2)
        self.assertEqual(line.promotion_id, promotion)
        self.assertAlmostEqual(line.price_subtotal, net * line.product_uom_qty, places=2)

    # The window, the regions, the mechanics

    def test_percentage_inside_the_window_and_region(self):
        spring = self.promotion([(self.cooker, 10.0, 0.0)])
        order = self.quotation([(self.cooker, 2), (self.toaster, 1)])
        cooker_line, toaster_line = order.order_line
        self.assertAlmostEqual(cooker_line.price_unit, 100.0)
        self.assertPriced(cooker_line, 10.0, spring, 90.0)
        self.assertPriced(toaster_line, 0.0, self.env['sales.promotion'], 60.0)
        self.assertAlmostEqual(order.amount_untaxed, 240.0)

    def test_period_in_the_company_time_zone(self):
        spring = self.promotion([(self.cooker, 10.0, 0.0)])
        # 1 March 01:00 in Shanghai is still 28 February in UTC
        first_day = self.quotation([(self.cooker, 1)], when='2026-02-28 17:00:00')
        self.assertPriced(first_day.order_line, 10.0, spring, 90.0)
        # 28 February 23:00 in Shanghai: the day before
        day_before = self.quotation([(self.cooker, 1)], when='2026-02-28 15:00:00')
        self.assertPriced(day_before.order_line, 0.0, self.env['sales.promotion'], 100.0)
        # 31 March 23:30 in Shanghai: the last day; 1 April 00:30: over
        last_day = self.quotation([(self.cooker, 1)], when='2026-03-31 15:30:00')
        self.assertPriced(last_day.order_line, 10.0, spring, 90.0)
        after = self.quotation([(self.cooker, 1)], when='2026-03-31 16:30:00')
        self.assertPriced(after.order_line, 0.0, self.env['sales.promotion'], 100.0)

    def test_other_region_unchanged(self):
        self.promotion([(self.cooker, 10.0, 0.0)])
        order = self.quotation([(self.cooker, 1)], region=self.region_b, user=self.salesperson_b)
        self.assertPriced(order.order_line, 0.0, self.env['sales.promotion'], 100.0)

    def test_fixed_promotional_price(self):
        spring = self.promotion([(self.cooker, 0.0, 80.0)])
        order = self.quotation([(self.cooker, 3)])
        self.assertPriced(order.order_line, 20.0, spring, 80.0)
        self.assertAlmostEqual(order.amount_untaxed, 240.0)

    def test_draft_promotion_prices_nothing(self):
        self.promotion([(self.cooker, 10.0, 0.0)], state='draft')
        order = self.quotation([(self.cooker, 1)])
        self.assertPriced(order.order_line, 0.0, self.env['sales.promotion'], 100.0)

    # The customer's own price

    def test_cheaper_customer_pricelist_is_kept(self):
        self.promotion([(self.cooker, 10.0, 0.0), (self.kettle, 10.0, 0.0)])
        order = self.quotation([(self.cooker, 1), (self.kettle, 1)],
                               customer=self.contract_customer)
        cooker_line, kettle_line = order.order_line
        # the contract's 85 is cheaper than the promotion's 90: kept, not attributed
        self.assertAlmostEqual(cooker_line.price_unit, 85.0)
        self.assertPriced(cooker_line, 0.0, self.env['sales.promotion'], 85.0)
        # the contract's 38 is dearer than the promotion's 36: the promotion's price, on the
        # contract's unit price
        self.assertAlmostEqual(kettle_line.price_unit, 38.0)
        self.assertEqual(kettle_line.promotion_id.name, 'Spring promotion (test)')
        self.assertAlmostEqual(kettle_line.discount, 5.26, places=2)
        self.assertAlmostEqual(kettle_line.price_reduce, 36.0, places=2)

    def test_own_discount_is_kept_when_larger(self):
        spring = self.promotion([(self.cooker, 10.0, 0.0)])
        order = self.quotation([(self.cooker, 1, {'discount': 15.0}),
                                (self.cooker, 1, {'discount': 5.0})])
        larger, smaller = order.order_line
        self.assertPriced(larger, 15.0, self.env['sales.promotion'], 85.0)
        self.assertPriced(smaller, 10.0, spring, 90.0)
        # the salesperson gives more than the promotion: the line is theirs again
        smaller.sudo(self.salesperson).write({'discount': 12.0})
        self.assertPriced(smaller, 12.0, self.env['sales.promotion'], 88.0)
        # less than the promotion: the promotion's price stays
        smaller.sudo(self.salesperson).write({'discount': 2.0})
        self.assertPriced(smaller, 10.0, spring, 90.0)

    # Target customers, categories

    def test_tagged_customers_only(self):
        vip_offer = self.promotion([(self.cooker, 10.0, 0.0)], tags=self.vip_tag)
        # the buyer's company (its commercial entity) has the tag
        tagged = self.quotation([(self.cooker, 1)], customer=self.vip_contact)
        self.assertPriced(tagged.order_line, 10.0, vip_offer, 90.0)
        untagged = self.quotation([(self.cooker, 1)])
        self.assertPriced(untagged.order_line, 0.0, self.env['sales.promotion'], 100.0)

    def test_category_promotion_with_sub_categories(self):
        kitchen_week = self.promotion([(self.kitchen, 10.0, 0.0), (self.cooker, 20.0, 0.0),
                                       (self.cookers, 15.0, 0.0)])
        order = self.quotation([(self.kettle, 1), (self.cooker_mini, 1), (self.cooker, 1),
                                (self.toaster, 1)])
        kettle_line, mini_line, cooker_line, toaster_line = order.order_line
        self.assertPriced(kettle_line, 10.0, kitchen_week, 36.0)  # the parent category
        self.assertPriced(mini_line, 15.0, kitchen_week, 42.5)  # its own sub-category wins
        self.assertPriced(cooker_line, 20.0, kitchen_week, 80.0)  # the product's own line wins
        self.assertPriced(toaster_line, 0.0, self.env['sales.promotion'], 60.0)

    # No stacking

    def test_promotions_never_stack_best_price_wins(self):
        self.promotion([(self.kitchen, 10.0, 0.0)], name='Kitchen week (test)')
        cooker_offer = self.promotion([(self.cooker, 15.0, 0.0)], name='Cooker offer (test)')
        order = self.quotation([(self.cooker, 1), (self.kettle, 1)])
        cooker_line, kettle_line = order.order_line
        self.assertPriced(cooker_line, 15.0, cooker_offer, 85.0)  # not 10% on top of 15%
        self.assertEqual(kettle_line.promotion_id.name, 'Kitchen week (test)')

    def test_tie_goes_to_the_earliest_promotion(self):
        first = self.promotion([(self.cooker, 0.0, 90.0)], name='First (test)')
        self.promotion([(self.cooker, 10.0, 0.0)], name='Second (test)')
        order = self.quotation([(self.cooker, 1)])
        self.assertPriced(order.order_line, 10.0, first, 90.0)

    # Cancelling and closing

    def test_cancel_and_close_stop_new_prices_confirmed_orders_kept(self):
        for state in ('cancel', 'closed'):
            spring = self.promotion([(self.cooker, 10.0, 0.0)], name='Spring %s (test)' % state)
            confirmed = self.quotation([(self.cooker, 2)])
            quotation = self.quotation([(self.cooker, 1)])
            confirmed.sudo(self.salesperson).action_confirm()
            spring._workflow_write({'state': state})
            # new orders: the list price
            new = self.quotation([(self.cooker, 1)])
            self.assertPriced(new.order_line, 0.0, self.env['sales.promotion'], 100.0)
            # a quotation edited: priced again, without the promotion
            quotation.order_line.sudo(self.salesperson).write({'product_uom_qty': 3,
                                                               'price_unit': 100.0})
            self.assertPriced(quotation.order_line, 0.0, self.env['sales.promotion'], 100.0)
            # the confirmed order stays as sold, even when its lines are written
            confirmed.order_line.sudo(self.salesperson).write({'name': 'Rice cooker, red'})
            confirmed.sudo(self.salesperson).write({'note': 'Deliver before noon'})
            self.assertPriced(confirmed.order_line, 10.0, spring, 90.0)
            self.assertAlmostEqual(confirmed.amount_untaxed, 180.0)

    # Editing a quotation

    def test_quotation_edited_is_priced_again(self):
        spring = self.promotion([(self.cooker, 10.0, 0.0)])
        order = self.quotation([(self.cooker, 1)])
        line = order.order_line
        line.sudo(self.salesperson).write({'product_id': self.toaster.id, 'price_unit': 60.0})
        self.assertPriced(line, 0.0, self.env['sales.promotion'], 60.0)
        line.sudo(self.salesperson).write({'product_id': self.cooker.id, 'price_unit': 100.0})
        self.assertPriced(line, 10.0, spring, 90.0)
        # the order moves to region B: no longer promoted; back to region A: promoted again
        order.sudo(self.salesperson).write({'team_id': self.region_b.id})
        self.assertPriced(line, 0.0, self.env['sales.promotion'], 100.0)
        order.sudo(self.salesperson).write({'team_id': self.region_a.id})
        self.assertPriced(line, 10.0, spring, 90.0)
        # saved from the form: lines added and changed with the order
        order.sudo(self.salesperson).write({'order_line': [
            (0, 0, {'product_id': self.cooker.id, 'product_uom_qty': 4}),
            (1, line.id, {'product_uom_qty': 2})]})
        self.assertEqual(len(order.order_line), 2)
        for order_line in order.order_line:
            self.assertPriced(order_line, 10.0, spring, 90.0)

    def test_quotations_priced_again_together(self):
        # several quotations moved at once (the attribution's batched write): each line's
        # discount and amounts, and each order's totals, as when priced one by one
        spring = self.promotion([(self.cooker, 10.0, 0.0)])
        first = self.quotation([(self.cooker, 2)])
        second = self.quotation([(self.cooker, 1), (self.toaster, 3)])
        orders = (first | second).sudo(self.salesperson)
        orders.write({'team_id': self.region_b.id})
        self.assertEqual(orders.mapped('order_line.discount'), [0.0] * 3)
        self.assertEqual((first.amount_untaxed, second.amount_untaxed), (200.0, 280.0))
        orders.write({'team_id': self.region_a.id})
        for line in orders.mapped('order_line'):
            if line.product_id == self.cooker:
                self.assertPriced(line, 10.0, spring, 90.0)
            else:
                self.assertPriced(line, 0.0, self.env['sales.promotion'], 60.0)
        self.assertEqual((first.amount_untaxed, second.amount_untaxed), (180.0, 270.0))

    def test_onchange_shows_the_promotional_price(self):
        spring = self.promotion([(self.cooker, 10.0, 0.0)])
        order = self.quotation([(self.toaster, 1)])
        Line = self.env['sale.order.line'].sudo(self.salesperson)
        line = Line.new({'order_id': order.id, 'product_id': self.cooker.id,
                         'product_uom_qty': 1.0})
        line.product_id_change()
        line._onchange_promotion_price()
        self.assertAlmostEqual(line.price_unit, 100.0)
        self.assertAlmostEqual(line.discount, 10.0)
        self.assertEqual(line.promotion_id, spring)
        # another product: the promotional discount goes with it
        line.product_id = self.toaster
        line.product_id_change()
        line._onchange_promotion_price()
        self.assertAlmostEqual(line.discount, 0.0)
        self.assertFalse(line.promotion_id)

    def test_copy_is_priced_anew(self):
        spring = self.promotion([(self.cooker, 10.0, 0.0)])
        order = self.quotation([(self.cooker, 1)])
        in_march = {'date_order': '2026-03-12 02:00:00'}
        # (Odoo's copy writes the copied lines into the dict it is given: one dict per copy)
        self.assertEqual(order.sudo(self.salesperson).copy(dict(in_march)).order_line.promotion_id,
                         spring)
        # a copy made today (after the promotion) or once it is cancelled: the list price
        self.assertPriced(order.sudo(self.salesperson).copy().order_line, 0.0,
                          self.env['sales.promotion'], 100.0)
        spring._workflow_write({'state': 'cancel'})
        copy = order.sudo(self.salesperson).copy(dict(in_march))
        self.assertPriced(copy.order_line, 0.0, self.env['sales.promotion'], 100.0)

    # The attribution

    def test_attribution_refused_to_users(self):
        spring = self.promotion([(self.cooker, 10.0, 0.0)])
        order = self.quotation([(self.toaster, 1)])
        line = order.order_line.sudo(self.salesperson)
        with self.assertRaisesRegex(UserError, 'Promotion'):
            line.write({'promotion_id': spring.id, 'discount': 10.0})
        self.assertFalse(line.promotion_id)
        self.assertEqual(line.discount, 0.0)
        with self.assertRaisesRegex(UserError, 'Promotion'):
            self.env['sale.order.line'].sudo(self.salesperson).create({
                'order_id': order.id, 'product_id': self.toaster.id, 'product_uom_qty': 1,
                'promotion_id': spring.id})
        self.assertEqual(len(order.order_line), 1)
        # the superuser neither: only the pricing attributes
        with self.assertRaises(UserError):
            order.order_line.sudo().write({'promotion_id': spring.id})

    def test_attributed_lines_of_a_promotion(self):
        spring = self.promotion([(self.cooker, 10.0, 0.0)])
        orders = self.quotation([(self.cooker, 1), (self.toaster, 1)]) | \
            self.quotation([(self.cooker, 2)])
        promotion = spring.sudo(self.marketing)
        self.assertEqual(promotion.attributed_line_count, 2)
        action = promotion.action_view_attributed_lines()
        self.assertEqual(action['res_model'], 'sale.order.line')
        lines = self.env['sale.order.line'].sudo(self.marketing).search(action['domain'])
        self.assertEqual(lines, orders.mapped('order_line').filtered(
            lambda line: line.product_id == self.cooker))

    # The overlap check

    def test_overlapping_promotions_refused(self):
        self.promotion([(self.cooker, 10.0, 0.0)], name='Cooker offer (test)')
        cases = [
            ('same product', [(self.cooker, 5.0, 0.0)], {}),
            ('its category', [(self.cookers, 5.0, 0.0)], {}),
            ('the parent category', [(self.kitchen, 5.0, 0.0)], {}),
            ('overlapping period', [(self.cooker, 5.0, 0.0)],
             {'start': '2026-03-31', 'end': '2026-04-10'}),
            ('a common region', [(self.cooker, 5.0, 0.0)],
             {'regions': self.region_a | self.region_b}),
        ]
        for label, lines, values in cases:
            with self.subTest(label):
                draft = self.promotion(lines, state='draft', name='Draft (test)', **values)
                with self.assertRaisesRegex(ValidationError, 'Cooker offer \\(test\\)'):
                    draft._check_pricing_conflicts()

    def test_category_overlaps_refused(self):
        self.promotion([(self.cookers, 10.0, 0.0)], name='Cookers (test)')
        for lines in ([(self.cooker_mini, 5.0, 0.0)], [(self.kitchen, 5.0, 0.0)]):
            draft = self.promotion(lines, state='draft', name='Draft (test)')
            with self.assertRaisesRegex(ValidationError, 'Cookers \\(test\\)'):
                draft._check_pricing_conflicts()

    def test_no_overlap_accepted(self):
        self.promotion([(self.cookers, 10.0, 0.0)], name='Cookers (test)')
        self.promotion([(self.cooker, 10.0, 0.0)], name='Cancelled (test)', state='cancel')
        accepted = [
            self.promotion([(self.kettles, 5.0, 0.0), (self.toaster, 5.0, 0.0)], state='draft'),
            self.promotion([(self.cooker, 5.0, 0.0)], state='draft', regions=self.region_b),
            self.promotion([(self.cooker, 5.0, 0.0)], state='draft', start='2026-04-01',
                           end='2026-04-30'),
        ]
        for draft in accepted:
            self.assertTrue(draft._check_pricing_conflicts())
        # two plans approved together may not overlap each other either
        both = self.promotion([(self.toaster, 5.0, 0.0)], state='draft', name='One (test)') | \
            self.promotion([(self.toaster, 8.0, 0.0)], state='draft', name='Two (test)')
        with self.assertRaisesRegex(ValidationError, 'Toaster'):
            both._check_pricing_conflicts()

    # The printed quotation

    def test_quotation_pdf_shows_the_promotional_discount(self):
        self.assertFalse(self.salesperson.has_group('sale.group_discount_per_so_line'))
        self.promotion([(self.cooker, 10.0, 0.0)])
        order = self.quotation([(self.cooker, 2), (self.toaster, 1)])
        report = self.env.ref('sale.action_report_saleorder').sudo(self.salesperson)
        page = lxml_html.fromstring(report.render_qweb_html(order.ids)[0])
        headers = [' '.join(th.text_content().split()) for th in page.xpath('//table//th')]
        self.assertIn('Disc.(%)', headers)
        rows = [[' '.join(td.text_content().split()) for td in tr.xpath('./td')]
                for tr in page.xpath('//tbody[@class="sale_tbody"]/tr')]
        cooker_row = next(row for row in rows if 'Rice Cooker (test)' in row[0])
        self.assertIn('Promotion: Spring promotion (test)', cooker_row[0])
        self.assertEqual(cooker_row[headers.index('Disc.(%)')], '10.00')
        self.assertIn('180.00', cooker_row[headers.index('Amount')])
        toaster_row = next(row for row in rows if 'Toaster (test)' in row[0])
        self.assertEqual(toaster_row[headers.index('Disc.(%)')], '0.00')
        # without a promoted line, the column stays Odoo's (the discount group's)
        plain = self.quotation([(self.toaster, 1, {'discount': 5.0})])
        page = lxml_html.fromstring(report.render_qweb_html(plain.ids)[0])
        self.assertNotIn('Disc.(%)', page.text_content())

    # The cost

    def test_query_count_independent_of_the_number_of_promotions(self):
        bench_categ = self.env['product.category'].create({'name': 'Bench (test)'})
        products = [self._create_service('Bench product %d (test)' % index, bench_categ, 10.0 + index)
                    for index in range(50)]
        week = self.promotion([(bench_categ, 20.0, 0.0)], name='Bench week (test)')

        def count(size):
            """Pricing a 50-line quotation with `size` more promotions of its products (each
            a smaller discount, in March) and as many closed ones."""
            for index in range(size):
                self.promotion([(products[(index * 7) % 50], 5.0 + index % 10, 0.0)],
                               name='Active %d (test)' % index,
                               start='2026-03-%02d' % (1 + index % 9), end='2026-03-20')
                self.promotion([(products[index % 50], 30.0, 0.0)], name='Old %d (test)' % index,
                               start='2025-03-01', end='2025-03-20', state='closed')
            self.env['sale.order'].invalidate_cache()
            before = self.env.cr.sql_log_count
            order = self.quotation([(product, 1) for product in products])
            queries = self.env.cr.sql_log_count - before
            self.assertEqual(order.order_line.mapped('promotion_id'), week)
            self.assertEqual(set(order.order_line.mapped('discount')), {20.0})
            return queries

        self.quotation([(products[0], 1)])  # warm the caches
        self.assertEqual(count(40), count(2))
