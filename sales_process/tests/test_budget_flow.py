"""The expense budget goes with its plan: drafted by the region, submitted and approved with the
targets (no second approval), then an account_budget budget, locked, and carried by revisions;
bad input is refused with nothing written; promotions' costs count in their regions' budgets."""
from odoo.exceptions import UserError, ValidationError

from .budget_common import BudgetCase, day


class TestBudgetFlow(BudgetCase):

    def test_region_gets_analytic_account(self):
        region = self.env['crm.team'].create({'name': 'Region New', 'company_id': self.company.id})
        self.assertTrue(region.analytic_account_id)
        self.assertEqual(region.analytic_account_id.name, 'Region New')
        # the install/upgrade function gives one to regions without (idempotently)
        region.analytic_account_id = False
        self.env['crm.team']._setup_region_analytic_accounts()
        account = region.analytic_account_id
        self.assertTrue(account)
        self.env['crm.team']._setup_region_analytic_accounts()
        self.assertEqual(region.analytic_account_id, account)

    def test_expense_kinds_are_budgetary_positions_made_once(self):
        self.assertEqual(set(self.kinds), {'travel', 'promotion', 'material', 'entertainment'})
        for post in self.kinds.values():
            self.assertEqual(post.account_ids.user_type_id,
                             self.env.ref('account.data_account_type_expenses'))
        self.assertEqual(len(set(self.account.values())), 4)
        self.env['account.budget.post']._setup_sales_expense_kinds()
        self.assertEqual(self.env['account.budget.post'].search_count(
            [('company_id', '=', self.company.id), ('sales_expense_kind', '!=', False)]), 4)
        with self.assertRaises(ValidationError):
            self.env['account.budget.post'].create({
                'name': 'Travel again', 'sales_expense_kind': 'travel',
                'account_ids': [(6, 0, self.account['travel'].ids)]})

    def test_approved_with_the_plan_then_locked(self):
        plan = self.budget_plan(budget=[('travel', 10000.0), ('promotion', 3000.0, day(4, 1), day(6, 30))])
        self.assertEqual(plan.budget_line_ids.mapped('state'), ['draft', 'draft'])
        self.assertFalse(plan.crossovered_budget_id)
        self.approve(plan)
        # one approval: the plan's chain decided the budget too
        self.assertEqual(plan.approval_state, 'approved')
        budget = plan.sudo().crossovered_budget_id
        self.assertEqual(budget.state, 'validate')
        self.assertEqual((budget.date_from, budget.date_to), (plan.date_start, plan.date_end))
        lines = budget.crossovered_budget_line.sorted('planned_amount')
        self.assertEqual(lines.mapped('planned_amount'), [-10000.0, -3000.0])
        self.assertEqual(lines.mapped('analytic_account_id'), self.region_a.analytic_account_id)
        self.assertEqual(lines[1].general_budget_id, self.kinds['promotion'])
        self.assertEqual((lines[1].date_from, lines[1].date_to), (day(4, 1), day(6, 30)))
        # locked: neither the region nor head office change an approved budget
        for user in (self.salesperson, self.director):
            line = self.line_of(plan, 'travel').sudo(user)
            with self.assertRaises(UserError):
                line.write({'amount_planned': 1.0})
            with self.assertRaises(UserError):
                line.unlink()
            with self.assertRaises(UserError):
                plan.sudo(user).write({'budget_line_ids': [(0, 0, {
                    'kind_id': self.kinds['material'].id, 'amount_planned': 5.0})]})
        self.assertEqual(self.line_of(plan, 'travel').amount_planned, 10000.0)
        self.assertEqual(len(plan.budget_line_ids), 2)
        # the workflow field is the workflow's
        with self.assertRaises(UserError):
            plan.sudo(self.director).write({'crossovered_budget_id': False})

    def test_revision_carries_the_budget(self):
        plan = self.approve(self.budget_plan(budget=[('travel', 10000.0)]))
        old_budget = plan.sudo().crossovered_budget_id
        action = plan.sudo(self.salesperson).action_revise()
        revision = self.env['sales.plan'].browse(action['res_id']).sudo(self.salesperson)
        self.assertEqual(revision.budget_line_ids.mapped('amount_planned'), [10000.0])
        self.assertFalse(revision.crossovered_budget_id)
        revision.budget_line_ids.write({'amount_planned': 12000.0})
        self.approve(revision)
        self.assertEqual(plan.state, 'superseded')
        self.assertEqual(old_budget.state, 'cancel')
        self.assertEqual(revision.sudo().crossovered_budget_id.crossovered_budget_line.planned_amount,
                         -12000.0)
        # a second revision: still one validated budget, the current version's
        second = self.env['sales.plan'].browse(
            revision.sudo(self.salesperson).action_revise()['res_id']).sudo(self.salesperson)
        # cancelling the revision in progress leaves the approved version's budget validated
        second.sudo(self.director).action_cancel()
        self.assertEqual(self.validated_budgets(plan | revision | second),
                         revision.sudo().crossovered_budget_id)
        third = self.env['sales.plan'].browse(
            revision.sudo(self.salesperson).action_revise()['res_id']).sudo(self.salesperson)
        self.approve(third)
        self.assertEqual(self.validated_budgets(plan | revision | second | third),
                         third.sudo().crossovered_budget_id)
        self.assertEqual(third.sudo().crossovered_budget_id.crossovered_budget_line.planned_amount,
                         -12000.0)

    def validated_budgets(self, plans):
        """The validated accounting budgets made from `plans` (every version of a plan)."""
        return self.env['crossovered.budget'].search([
            ('id', 'in', plans.sudo().mapped('crossovered_budget_id').ids),
            ('state', '=', 'validate')])

    def test_cancelling_the_plan_cancels_its_accounting_budget(self):
        plan = self.approve(self.budget_plan(budget=[('travel', 10000.0)]))
        budget = plan.sudo().crossovered_budget_id
        self.assertEqual(budget.state, 'validate')
        # the region cannot withdraw it; nothing changes
        with self.assertRaises(UserError):
            plan.sudo(self.salesperson).action_cancel()
        self.assertEqual((plan.state, budget.state), ('approved', 'validate'))
        plan.sudo(self.director).action_cancel()
        self.assertEqual((plan.state, budget.state), ('cancelled', 'cancel'))
        self.assertFalse(self.validated_budgets(plan))

    def test_refused_plan_corrected_then_cancelled(self):
        """Sent to its region, refused by its manager, its budget corrected by head office
        (Accounting's follows), then cancelled (Accounting's too)."""
        plan = self.approve(self.budget_plan(budget=[('travel', 10000.0)]))
        plan.sudo(self.director).action_propose()
        plan.sudo(self.manager_a).action_refuse('Too much travel')
        self.assertEqual(plan.state, 'refused')
        self.assertEqual(plan.sudo().crossovered_budget_id.state, 'validate')
        # head office corrects the refused plan's budget: Accounting's budget follows
        budget = plan.sudo().crossovered_budget_id
        plan.sudo(self.director).write({'budget_line_ids': [
            (1, self.line_of(plan, 'travel').id, {'amount_planned': 8000.0}),
            (0, 0, {'kind_id': self.kinds['material'].id, 'amount_planned': 500.0})]})
        self.assertEqual(plan.sudo().crossovered_budget_id, budget)
        self.assertEqual(sorted(budget.crossovered_budget_line.mapped('planned_amount')),
                         [-8000.0, -500.0])
        plan.sudo(self.director).action_cancel()
        self.assertEqual(budget.state, 'cancel')

    def test_bad_input_refused_nothing_written(self):
        plan = self.budget_plan(budget=[('travel', 10000.0)]).sudo(self.salesperson)
        bad = [
            {'kind_id': self.kinds['travel'].id, 'amount_planned': -1.0},
            {'kind_id': self.kinds['travel'].id, 'amount_planned': 1.0,
             'date_from': day(1, 1, year=int(plan.date_start[:4]) + 1),
             'date_to': day(1, 31, year=int(plan.date_start[:4]) + 1)},
            {'kind_id': self.kinds['travel'].id, 'amount_planned': 1.0,
             'date_from': day(3, 1), 'date_to': day(2, 28)},
            {'kind_id': self.kinds['travel'].id, 'amount_planned': 1.0,
             'date_from': day(3, 5), 'date_to': day(3, 31)},
        ]
        for values in bad:
            with self.assertRaises(ValidationError), self.cr.savepoint():
                plan.write({'budget_line_ids': [(0, 0, dict(values))]})
        with self.assertRaises(ValidationError), self.cr.savepoint():
            plan.budget_line_ids.write({'amount_planned': -5.0})
        # another region's budget in a regional plan: refused to head office too
        with self.assertRaises(ValidationError), self.cr.savepoint():
            plan.sudo(self.director).write({'budget_line_ids': [(0, 0, {
                'kind_id': self.kinds['travel'].id, 'amount_planned': 1.0,
                'region_id': self.region_b.id})]})
        plan.invalidate_cache()
        self.assertEqual(plan.budget_line_ids.mapped('amount_planned'), [10000.0])
        # a sub-period of whole months inside the plan is fine
        plan.write({'budget_line_ids': [(0, 0, {'kind_id': self.kinds['material'].id,
                                                'amount_planned': 0.0,
                                                'date_from': day(3, 1), 'date_to': day(3, 31)})]})
        self.assertEqual(len(plan.budget_line_ids), 2)

    def test_promotion_costs_count_in_their_regions(self):
        """Cost lines count as promotion, material as material, shared evenly between the
        promotion's regions, on its first day; a posted bill naming the promotion counts where
        it is booked and is deducted from the promotion's own cost of its kind."""
        promotion = self.official_promotion(self.region_a | self.region_b, costs=[600.0],
                                            materials=[200.0])
        self.bill(self.region_a, [('promotion', 100.0)], day(6, 2), promotion=promotion)
        # a draft bill naming it is no spend and deducts nothing
        self.bill(self.region_a, [('promotion', 50.0)], day(6, 2), state='draft', promotion=promotion)
        # a draft promotion spends nothing
        draft = self.env['sales.promotion'].sudo(self.assistant).create({
            'name': 'Draft', 'date_start': day(6, 1), 'date_end': day(6, 20),
            'region_ids': [(6, 0, self.region_a.ids)], 'user_id': self.assistant.id,
            'cost_line_ids': [(0, 0, {'kind': 'venue', 'amount_actual': 999.0})]})
        self.assertEqual(draft.state, 'draft')
        plan_a = self.budget_plan(budget=[('promotion', 1000.0), ('material', 1000.0)])
        plan_b = self.budget_plan(region=self.region_b,
                                  budget=[('promotion', 1000.0), ('material', 1000.0)])
        self.assertEqual(self.line_of(plan_a, 'promotion').amount_actual, 100.0 + 500.0 / 2)
        self.assertEqual(self.line_of(plan_b, 'promotion').amount_actual, 500.0 / 2)
        self.assertEqual(self.line_of(plan_a, 'material').amount_actual, 100.0)
        self.assertEqual(self.line_of(plan_b, 'material').amount_actual, 100.0)
        # billed beyond the promotion's own figure: the bills count, the promotion no more
        self.bill(self.region_b, [('promotion', 700.0)], day(6, 3), promotion=promotion)
        self.assertEqual(self.line_of(plan_a, 'promotion').amount_actual, 100.0)
        self.assertEqual(self.line_of(plan_b, 'promotion').amount_actual, 700.0)
        # a promotion outside a line's period does not count in it
        plan_q1 = self.env['sales.plan'].sudo(self.salesperson).create({
            'region_id': self.region_a.id, 'period_type': 'quarter', 'date_start': day(1, 1),
            'date_end': day(3, 31),
            'line_ids': [(0, 0, {'region_id': self.region_a.id, 'target_amount': 10.0})],
            'budget_line_ids': [(0, 0, {'kind_id': self.kinds['material'].id,
                                        'amount_planned': 10.0})]})
        self.assertEqual(plan_q1.budget_line_ids.amount_actual, 0.0)

    def test_analysis_budget_vs_actual_per_month(self):
        plan = self.approve(self.budget_plan(budget=[('travel', 1200.0)]))
        self.bill(self.region_a, [('travel', 150.0)], day(2, 10))
        self.expense(self.region_a, 'travel', 40.0, day(2, 11), 'approved')
        Analysis = self.env['sales.budget.analysis'].sudo(self.director)
        rows = Analysis.search([('region_id', '=', self.region_a.id),
                                ('kind_id', '=', self.kinds['travel'].id),
                                ('date', '>=', day(1, 1)), ('date', '<=', day(12, 31))])
        self.assertEqual(len(rows), 12)
        self.assertEqual(sum(rows.mapped('planned_amount')), 1200.0)
        february = rows.filtered(lambda row: row.date == day(2, 1))
        self.assertEqual((february.planned_amount, february.actual_amount), (100.0, 190.0))
        self.assertTrue(february.over_budget)
        self.assertEqual(Analysis.search([('id', 'in', rows.ids), ('over_budget', '=', True)]),
                         february)
        totals = Analysis.read_group([('id', 'in', rows.ids)],
                                     ['region_id', 'planned_amount', 'actual_amount'], ['region_id'])
        self.assertEqual((totals[0]['planned_amount'], totals[0]['actual_amount']), (1200.0, 190.0))
        self.assertEqual(plan.budget_actual, 190.0)
