"""Budget vs actual on a known set of bills, expenses and promotions: what counts as spend of a
region, kind and period, and what does not."""

from .budget_common import YEAR, BudgetCase, day


class TestBudgetActual(BudgetCase):

    @classmethod
    def setUpClass(cls):
        super(TestBudgetActual, cls).setUpClass()
        A, B = cls.region_a, cls.region_b
        # counted for region A: travel 1000 - 200 + 400 + 250 = 1450, entertainment (Q1) 300
        cls.bill(A, [('travel', 1000.0), ('entertainment', 300.0)], day(2, 10))
        cls.bill(A, [('travel', 200.0)], day(3, 1), refund=True)
        cls.expense(A, 'travel', 400.0, day(3, 5), 'approved')
        cls.expense(A, 'travel', 250.0, day(3, 6), 'posted')
        # not counted: draft and cancelled bills, expenses not approved, other regions, other
        # periods, accounts of no kind
        cls.bill(A, [('travel', 700.0)], day(2, 11), state='draft')
        cls.bill(A, [('travel', 900.0)], day(2, 12), state='cancel')
        cls.expense(A, 'travel', 600.0, day(3, 7), 'submitted')
        cls.expense(A, 'travel', 650.0, day(3, 8), 'refused')
        cls.expense(A, 'travel', 660.0, day(3, 9), 'unreported')
        cls.bill(B, [('travel', 5000.0)], day(2, 10))
        cls.expense(B, 'entertainment', 55.0, day(2, 10), 'approved')
        cls.bill(A, [('travel', 3000.0)], day(12, 20, year=YEAR - 1))
        cls.bill(A, [('entertainment', 800.0)], day(4, 5))  # after the Q1 entertainment line
        cls.bill(A, [(cls.revenue_account, 999.0)], day(2, 10))

    def test_budget_vs_actual(self):
        plan = self.budget_plan(budget=[('travel', 10000.0),
                                        ('entertainment', 500.0, day(1, 1), day(3, 31))])
        travel, entertainment = self.line_of(plan, 'travel'), self.line_of(plan, 'entertainment')
        self.assertEqual(travel.amount_actual, 1450.0)
        self.assertEqual(travel.amount_remaining, 8550.0)
        self.assertAlmostEqual(travel.consumed_pct, 14.5)
        self.assertFalse(travel.over_budget)
        self.assertEqual(entertainment.amount_actual, 300.0)
        self.assertEqual(plan.budget_planned, 10500.0)
        self.assertEqual(plan.budget_actual, 1750.0)
        self.assertEqual(plan.budget_remaining, 8750.0)
        # region B's own plan sees its own spend only
        plan_b = self.budget_plan(region=self.region_b, budget=[('travel', 4000.0),
                                                                ('entertainment', 50.0)])
        self.assertEqual(self.line_of(plan_b, 'travel').amount_actual, 5000.0)
        self.assertTrue(self.line_of(plan_b, 'travel').over_budget)
        self.assertEqual(self.line_of(plan_b, 'entertainment').amount_actual, 55.0)
        over = self.env['sales.budget.line'].search([('over_budget', '=', True),
                                                     ('plan_id', 'in', (plan | plan_b).ids)])
        self.assertEqual(over, plan_b.budget_line_ids)

    def test_posted_expense_counted_once_and_accounting_budget_agrees(self):
        """A posted expense has analytic lines, as posted bills do: account_budget's own
        practical amount (negative for costs) counts them, the measure counts them once and
        adds the approved expense not posted yet."""
        plan = self.approve(self.budget_plan(budget=[('travel', 10000.0)]))
        budget_line = plan.sudo().crossovered_budget_id.crossovered_budget_line
        self.assertEqual(budget_line.practical_amount, -(1000.0 - 200.0 + 250.0))
        self.assertEqual(self.line_of(plan, 'travel').amount_actual, 1000.0 - 200.0 + 250.0 + 400.0)

    def test_foreign_currency_spend_in_company_currency(self):
        """Expenses and bills in another currency count at the rate of their date: 8 units of
        the company's currency for one until the 19th of March, 4 from the 20th."""
        currency = self.env['res.currency'].with_context(active_test=False).search(
            [('id', '!=', self.company.currency_id.id), ('name', 'in', ('USD', 'EUR'))], limit=1)
        currency.active = True
        Rate = self.env['res.currency.rate']
        for when, company_rate, foreign_rate in ((day(3, 1), 1.0, 0.125), (day(3, 20), 1.0, 0.25)):
            Rate.create({'name': when, 'currency_id': self.company.currency_id.id,
                         'rate': company_rate, 'company_id': self.company.id})
            Rate.create({'name': when, 'currency_id': currency.id, 'rate': foreign_rate,
                         'company_id': self.company.id})
        self.expense(self.region_a, 'material', 100.0, day(3, 5), 'approved', currency=currency)
        self.expense(self.region_a, 'material', 10.0, day(3, 25), 'posted', currency=currency)
        self.expense(self.region_a, 'material', 7.0, day(3, 26), 'approved')
        self.bill(self.region_a, [('material', 50.0)], day(3, 6), currency=currency)
        plan = self.budget_plan(budget=[('material', 5000.0, day(3, 1), day(3, 31))])
        line = self.line_of(plan, 'material')
        # 100 x 8 + 10 x 4 + 7 (company currency) + 50 x 8
        self.assertAlmostEqual(line.amount_actual, 800.0 + 40.0 + 7.0 + 400.0)
        self.assertAlmostEqual(plan.budget_actual, 1247.0)
        # the analysis reads the same facts
        month = self.env['sales.budget.analysis'].search([
            ('region_id', '=', self.region_a.id), ('kind_id', '=', self.kinds['material'].id),
            ('date', '=', day(3, 1))])
        self.assertAlmostEqual(month.actual_amount, 1247.0)

    def test_expense_to_sales_ratio(self):
        self._order(self.region_a, self.salesperson, self.kettle, 10, 1750.0,
                    '%s-05-10 04:00:00' % YEAR)
        plan = self.budget_plan(budget=[('travel', 10000.0),
                                        ('entertainment', 500.0, day(1, 1), day(3, 31))])
        self.assertEqual(plan.achieved_amount, 17500.0)
        self.assertAlmostEqual(plan.expense_ratio_pct, 10.0)  # 1750 / 17500

    def test_measure_queries_do_not_grow_with_regions(self):
        regions = [self.env['crm.team'].create({'name': 'Count Region %d' % number,
                                                'company_id': self.company.id})
                   for number in range(6)]
        plans = [self.budget_plan(budget=[('travel', 100.0), ('material', 50.0)])]
        lines = plans[0].budget_line_ids
        plans_many = self.env['sales.plan'].create({
            'period_type': 'year', 'date_start': day(1, 1), 'date_end': day(12, 31),
            'line_ids': [(0, 0, {'region_id': region.id, 'target_amount': 1.0}) for region in regions],
            'budget_line_ids': [(0, 0, {'region_id': region.id, 'kind_id': self.kinds[kind].id,
                                        'amount_planned': 10.0})
                                for region in regions for kind in ('travel', 'material')]})
        many = lines | plans_many.budget_line_ids

        def count(records):
            records.invalidate_cache()
            before = self.env.cr.sql_log_count
            records._actual_figures()
            return self.env.cr.sql_log_count - before

        count(many)  # warm the caches
        self.assertEqual(count(many), count(lines))
        self.assertEqual(len(many._actual_figures()), 14)
