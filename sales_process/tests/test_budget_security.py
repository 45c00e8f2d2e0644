"""Who sees and changes expense budgets: the region rule (regional staff their regions', head
office all), the draft's editors, and what the analysis shows each of them."""
from odoo.exceptions import AccessError, UserError

from .budget_common import BudgetCase, day


class TestBudgetSecurity(BudgetCase):

    @classmethod
    def setUpClass(cls):
        super(TestBudgetSecurity, cls).setUpClass()
        cls.bill(cls.region_a, [('travel', 100.0)], day(2, 10))
        cls.bill(cls.region_b, [('travel', 200.0)], day(2, 10))

    def setUp(self):
        super(TestBudgetSecurity, self).setUp()
        self.plan_a = self.budget_plan(budget=[('travel', 1000.0)])
        self.plan_b = self.budget_plan(region=self.region_b, budget=[('travel', 2000.0)])
        self.lines = self.plan_a.budget_line_ids | self.plan_b.budget_line_ids

    def visible(self, user, model='sales.budget.line', domain=None):
        return self.env[model].sudo(user).search(domain or [('id', 'in', self.lines.ids)])

    def test_regional_staff_see_their_regions_budgets(self):
        for user in (self.salesperson, self.manager_a):
            self.assertEqual(self.visible(user), self.plan_a.budget_line_ids)
            with self.assertRaises(AccessError):
                self.plan_b.budget_line_ids.sudo(user).read(['amount_planned'])
        for user in (self.salesperson_b, self.manager_b):
            self.assertEqual(self.visible(user), self.plan_b.budget_line_ids)

    def test_head_office_sees_all(self):
        for role in ('sales_hq', 'sales_director', 'general_manager', 'marketing_assistant'):
            self.assertEqual(self.visible(self.users[role]), self.lines, role)

    def test_analysis_follows_the_region_rule(self):
        self.approve(self.plan_a)
        self.approve(self.plan_b)
        domain = [('date', '>=', day(1, 1)), ('date', '<=', day(12, 31)),
                  ('kind_id', '=', self.kinds['travel'].id),
                  ('region_id', 'in', (self.region_a | self.region_b).ids)]
        self.assertEqual(self.visible(self.salesperson, 'sales.budget.analysis', domain)
                         .mapped('region_id'), self.region_a)
        self.assertEqual(self.visible(self.users['sales_hq'], 'sales.budget.analysis', domain)
                         .mapped('region_id'), self.region_a | self.region_b)
        rows = self.visible(self.salesperson, 'sales.budget.analysis', domain)
        self.assertEqual(sum(rows.mapped('actual_amount')), 100.0)

    def test_who_edits_a_draft_budget(self):
        # the region's staff edit their draft's budget
        self.plan_a.budget_line_ids.sudo(self.salesperson).write({'amount_planned': 1500.0})
        self.assertEqual(self.plan_a.budget_line_ids.amount_planned, 1500.0)
        # not another region's
        with self.assertRaises(AccessError):
            self.plan_b.budget_line_ids.sudo(self.salesperson).write({'amount_planned': 1.0})
        with self.assertRaises(AccessError):
            self.env['sales.budget.line'].sudo(self.salesperson).create({
                'plan_id': self.plan_b.id, 'kind_id': self.kinds['travel'].id,
                'amount_planned': 1.0})
        # marketing reviews, it does not write budgets
        with self.assertRaises(AccessError):
            self.plan_a.budget_line_ids.sudo(self.assistant).write({'amount_planned': 1.0})
        # submitted: locked for the drafter too
        self.plan_a.sudo(self.salesperson).action_approval_submit()
        with self.assertRaises((UserError, AccessError)):
            self.plan_a.budget_line_ids.sudo(self.salesperson).write({'amount_planned': 2.0})
        self.assertEqual(self.plan_a.budget_line_ids.amount_planned, 1500.0)

    def test_expense_kinds_readable_not_writable_by_sales(self):
        kind = self.kinds['travel'].sudo(self.salesperson)
        self.assertEqual(kind.name, self.kinds['travel'].name)
        with self.assertRaises(AccessError):
            kind.write({'name': 'Mine'})
