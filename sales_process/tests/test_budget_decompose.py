"""A decomposed plan's budget: each quarterly and monthly plan gets its share of its parent's
budget lines for its months (spread evenly over a line's months, adding up to the cent), shows
its budget against its actual spend, and changes only with its parent; the shares are counted
neither in the Budget vs Actual analysis nor in Accounting's budget."""
from odoo.addons.sales_process.models.sales_budget import BUDGET_STATES
from odoo.exceptions import UserError

from .budget_common import BudgetCase, day


class TestBudgetDecompose(BudgetCase):

    def setUp(self):
        super(TestBudgetDecompose, self).setUp()
        self.plan = self.approve(self.budget_plan(budget=[
            ('travel', 12000.0), ('promotion', 1000.0, day(3, 1), day(8, 31)),
            ('entertainment', 100.0)]))
        self.children = self.decompose(self.plan, split='quarter_month', method='even')
        self.quarters = self.children.sorted('date_start')
        self.months = self.quarters.mapped('child_ids').sorted('date_start')

    def shares(self, plans, kind):
        return [round(sum(self.line_of(plan, kind).mapped('amount_planned')), 2)
                for plan in plans]

    def test_each_sub_plan_gets_its_share_for_its_months(self):
        self.assertEqual(len(self.quarters), 4)
        self.assertEqual(len(self.months), 12)
        self.assertEqual(self.shares(self.quarters, 'travel'), [3000.0] * 4)
        self.assertEqual(self.shares(self.months, 'travel'), [1000.0] * 12)
        # March to August: one month in Q1, three in Q2, two in Q3, none in Q4
        self.assertEqual(self.shares(self.quarters, 'promotion'), [166.67, 500.0, 333.33, 0.0])
        q1_promotion = self.line_of(self.quarters[0], 'promotion')
        self.assertEqual((q1_promotion.date_from, q1_promotion.date_to), (day(3, 1), day(3, 31)))
        self.assertFalse(self.line_of(self.quarters[3], 'promotion'))
        self.assertFalse(self.line_of(self.months[1], 'promotion'))  # February
        # the shares of a line add up to it to the cent, at each level
        for kind, amount in (('travel', 12000.0), ('promotion', 1000.0), ('entertainment', 100.0)):
            for level in (self.quarters, self.months):
                self.assertAlmostEqual(sum(self.shares(level, kind)), amount, places=2)
        for quarter in self.quarters:
            self.assertAlmostEqual(quarter.budget_planned,
                                   sum(quarter.child_ids.mapped('budget_planned')), places=2)
        parents = self.quarters.mapped('budget_line_ids.parent_line_id')
        self.assertEqual(parents, self.plan.budget_line_ids)

    def test_sub_plans_show_their_budget_against_their_spend(self):
        self.bill(self.region_a, [('travel', 400.0)], day(2, 10))
        self.expense(self.region_a, 'travel', 3500.0, day(5, 3), 'approved')
        q1, q2 = self.quarters[0], self.quarters[1]
        self.assertEqual(self.line_of(q1, 'travel').amount_actual, 400.0)
        self.assertEqual(self.line_of(q2, 'travel').amount_actual, 3500.0)
        self.assertTrue(self.line_of(q2, 'travel').over_budget)
        self.assertEqual(q2.budget_remaining, q2.budget_planned - 3500.0)
        february, may = self.months[1], self.months[4]
        self.assertEqual((self.line_of(february, 'travel').amount_actual,
                          self.line_of(may, 'travel').amount_actual), (400.0, 3500.0))
        self.assertEqual(self.months[0].budget_actual, 0.0)
        self.assertEqual(self.plan.budget_actual, 3900.0)
        # one measure for every sub-plan's lines
        lines = (self.quarters | self.months).mapped('budget_line_ids')

        def count(records):
            records.invalidate_cache()
            before = self.env.cr.sql_log_count
            records._actual_figures()
            return self.env.cr.sql_log_count - before

        count(lines)
        self.assertEqual(count(lines), count(q1.budget_line_ids))

    def test_shares_are_not_counted_twice(self):
        Analysis = self.env['sales.budget.analysis'].sudo(self.director)
        rows = Analysis.search([('region_id', '=', self.region_a.id),
                                ('kind_id', '=', self.kinds['travel'].id),
                                ('date', '>=', day(1, 1)), ('date', '<=', day(12, 31))])
        self.assertEqual(sum(rows.mapped('planned_amount')), 12000.0)
        # one accounting budget, the approved plan's
        plans = self.plan | self.children | self.months
        self.assertEqual(len(plans.sudo().mapped('crossovered_budget_id')), 1)
        # the Expense Budgets list's approved budgets: the plan's own lines
        approved = self.env['sales.budget.line'].search([
            ('plan_id', 'in', plans.ids), ('state', 'in', list(BUDGET_STATES)),
            ('parent_line_id', '=', False)])
        self.assertEqual(approved, self.plan.budget_line_ids)

    def test_shares_change_only_with_their_parent(self):
        q1 = self.quarters[0]
        # refused by the region: head office corrects its targets, not its budget share
        q1.sudo(self.manager_a).action_refuse('Too high')
        self.assertEqual(q1.state, 'refused')
        line = self.line_of(q1, 'travel')
        for user in (self.director, self.salesperson):
            with self.assertRaises(UserError):
                line.sudo(user).write({'amount_planned': 1.0})
            with self.assertRaises(UserError):
                line.sudo(user).unlink()
            with self.assertRaises(UserError):
                q1.sudo(user).write({'budget_line_ids': [(0, 0, {
                    'kind_id': self.kinds['material'].id, 'amount_planned': 5.0})]})
        self.assertEqual(line.amount_planned, 3000.0)
        self.assertEqual(len(q1.budget_line_ids), 3)
