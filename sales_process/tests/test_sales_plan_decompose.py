from odoo.exceptions import UserError

from .plan_common import PlanCase


class TestDecomposition(PlanCase):

    def assertAddsUp(self, plan):
        children = plan.child_ids
        self.assertAlmostEqual(sum(children.mapped('target_amount')), plan.target_amount, places=2)
        self.assertAlmostEqual(sum(children.mapped('target_qty')), plan.target_qty, places=2)
        for child in children:
            if child.child_ids:
                self.assertAddsUp(child)

    def test_even_split_adds_up_to_the_cent(self):
        plan = self.approve(self.new_plan(lines=[
            {'region_id': self.region_a.id, 'user_id': self.salesperson.id, 'target_amount': 10000.01,
             'target_qty': 100.0}]))
        quarters = self.decompose(plan, method='even').sorted('date_start')
        self.assertAddsUp(plan)
        self.assertEqual(sorted(quarters.mapped('target_amount')), [2500.0, 2500.0, 2500.0, 2500.01])
        months = quarters.mapped('child_ids')
        self.assertEqual(len(months), 12)
        self.assertEqual(months.mapped('period_type'), ['month'] * 12)
        self.assertTrue(all(month.line_ids.user_id == self.salesperson for month in months))
        self.assertEqual(quarters[0].date_start, '2026-01-01')
        self.assertEqual(quarters[0].date_end, '2026-03-31')
        self.assertEqual(months.sorted('date_start')[1].date_end, '2026-02-28')

    def test_seasonal_split_follows_last_years_sales(self):
        # last year: January 1000, June 3000, nothing else
        self._order(self.region_a, self.salesperson, self.rice_cooker, 10, 100, '2025-01-15 02:00:00')
        self._order(self.region_a, self.salesperson, self.rice_cooker, 30, 100, '2025-06-15 02:00:00')
        plan = self.approve(self.new_plan(lines=[
            {'region_id': self.region_a.id, 'user_id': self.salesperson.id, 'target_amount': 8000.0,
             'target_qty': 80.0},
            # no sales last year for this one: split evenly
            {'region_id': self.region_a.id, 'user_id': self.manager_a.id, 'target_amount': 1200.0}]))
        quarters = self.decompose(plan, method='seasonal')
        self.assertAddsUp(plan)
        mine = {quarter.date_start: quarter.line_ids.filtered(lambda line: line.user_id == self.salesperson)
                for quarter in quarters}
        self.assertAlmostEqual(mine['2026-01-01'].target_amount, 2000.0)
        self.assertAlmostEqual(mine['2026-04-01'].target_amount, 6000.0)
        self.assertAlmostEqual(mine['2026-07-01'].target_amount, 0.0)
        self.assertAlmostEqual(mine['2026-04-01'].target_qty, 60.0)
        january = quarters.filtered(lambda q: q.date_start == '2026-01-01').child_ids.filtered(
            lambda m: m.date_start == '2026-01-01')
        self.assertAlmostEqual(january.line_ids.filtered(
            lambda line: line.user_id == self.salesperson).target_amount, 2000.0)
        colleague = quarters.mapped('line_ids').filtered(lambda line: line.user_id == self.manager_a)
        self.assertEqual(colleague.mapped('target_amount'), [300.0] * 4)

    def test_regional_target_split_among_salespeople(self):
        self._order(self.region_a, self.salesperson, self.rice_cooker, 30, 100, '2025-03-15 02:00:00')
        self._order(self.region_a, self.manager_a, self.rice_cooker, 10, 100, '2025-03-15 02:00:00')
        plan = self.approve(self.new_plan(lines=[
            {'region_id': self.region_a.id, 'target_amount': 40000.0}]))
        quarters = self.decompose(plan, split='quarter', method='seasonal', split_salespeople=True)
        self.assertAddsUp(plan)
        lines = quarters.mapped('line_ids')
        self.assertEqual(lines.mapped('user_id'), self.salesperson | self.manager_a)
        self.assertAlmostEqual(sum(lines.filtered(
            lambda line: line.user_id == self.salesperson).mapped('target_amount')), 30000.0)
        # all of last year's sales were in the first quarter
        first = quarters.filtered(lambda q: q.date_start == '2026-01-01')
        self.assertAlmostEqual(first.target_amount, 40000.0)

    def test_quarterly_plan_splits_into_months(self):
        plan = self.approve(self.new_plan(period_type='quarter', start='2026-04-01', end='2026-06-30'))
        months = self.decompose(plan, split='month').sorted('date_start')
        self.assertEqual(months.mapped('date_start'), ['2026-04-01', '2026-05-01', '2026-06-01'])
        self.assertAddsUp(plan)
        with self.assertRaisesRegex(UserError, 'split into months'):
            plan2 = self.approve(self.new_plan(period_type='quarter', start='2026-07-01', end='2026-09-30'))
            self.decompose(plan2, split='quarter')

    def test_only_head_office_decomposes_an_approved_plan(self):
        plan = self.new_plan()
        with self.assertRaisesRegex(UserError, 'Only an approved plan'):
            self.decompose(plan)
        self.approve(plan)
        with self.assertRaisesRegex(UserError, 'general manager or the sales director'):
            plan.sudo(self.manager_a).action_decompose_wizard()
        self.assertEqual(plan.state, 'approved')
        self.assertFalse(plan.child_ids)
