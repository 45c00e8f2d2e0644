"""The demo database tells the story of expense budgets: this year's plans carry budgets, the
regions spend through vendor bills and expense reports, and East China is over its entertainment
budget."""
from odoo.tests.common import TransactionCase


class TestBudgetDemo(TransactionCase):

    def test_budgets_with_spend(self):
        east = self.env.ref('sales_process.region_east')
        plan = self.env['sales.plan'].search([
            ('region_id', '=', east.id), ('parent_id', '=', False), ('period_type', '=', 'year'),
            ('state', 'not in', ('draft', 'submitted', 'superseded', 'cancelled'))], limit=1)
        self.assertTrue(plan.crossovered_budget_id)
        self.assertEqual(plan.crossovered_budget_id.state, 'validate')
        self.assertEqual(len(plan.budget_line_ids), 4)
        self.assertGreater(plan.budget_actual, 0.0)
        self.assertGreater(plan.expense_ratio_pct, 0.0)
        over = plan.budget_line_ids.filtered('over_budget')
        self.assertEqual(over.kind_id.sales_expense_kind, 'entertainment')
        # all three regions spent, through bills (some drafts) and expense reports at every step
        bills = self.env['account.invoice'].search([
            ('type', '=', 'in_invoice'), ('partner_id.name', '=', 'Shanghai Bright Advertising Co.')])
        self.assertEqual(set(bills.mapped('state')), {'open', 'draft'})
        sheets = self.env['hr.expense.sheet'].search([('employee_id.user_id.login', 'in', [
            'salesperson', 'sales_south', 'sales_north'])])
        self.assertTrue({'submit', 'approve', 'post'} <= set(sheets.mapped('state')))
        rows = self.env['sales.budget.analysis'].search([('over_budget', '=', True),
                                                         ('region_id', '=', east.id)])
        self.assertTrue(rows)
