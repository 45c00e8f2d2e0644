"""A promotion's whole life as the real roles: marketing drafts, the sales director then the
president approve (a rejection by the president, a revision), preparation, running, incidents,
the participants' summary reports, the evaluation report and the closing."""
from odoo.exceptions import UserError

from .promotion_common import (APPROVAL_ACTIVITY, CONTINGENCY_ACTIVITY, INCIDENT_ACTIVITY,
                               REPORT_ACTIVITY, REWORK_ACTIVITY, TASK_ACTIVITY, PromotionCase,
                               day)


class TestPromotionFlow(PromotionCase):

    def test_approval_by_director_then_president(self):
        promotion = self.new_promotion()
        self.assertEqual(promotion.cost_planned, 1000 + 100 * 2)
        promotion.sudo(self.assistant).action_approval_submit()
        self.assertEqual(promotion.state, 'to_approve')
        self.assertIn(self.director, self.activities(promotion, APPROVAL_ACTIVITY).mapped('user_id'))
        # the drafter decides no step; the president does not take the director's step and then
        # their own
        with self.assertRaises(UserError):
            self.approve(promotion, self.assistant)
        self.approve(promotion, self.director)
        self.assertEqual(promotion.state, 'to_approve')
        self.assertIn(self.president, self.activities(promotion, APPROVAL_ACTIVITY).mapped('user_id'))
        with self.assertRaises(UserError):
            self.approve(promotion, self.director)
        self.approve(promotion, self.president)
        self.assertEqual(promotion.state, 'official')
        self.assertEqual(promotion.approval_state, 'approved')
        # the checklist's owner (customer service) is asked to prepare
        task = promotion.task_ids
        activity = self.activities(promotion, TASK_ACTIVITY)
        self.assertEqual(activity.user_id, self.customer_service)
        self.assertEqual(activity.date_deadline, task.date_deadline)
        self.assertIn('Brief the hotline', activity.summary)
        # only its owner (or marketing) marks it done; done closes the to-do
        with self.assertRaises(UserError):
            task.sudo(self.salesperson).action_done()
        task.sudo(self.customer_service).action_done()
        self.assertTrue(task.done)
        self.assertFalse(self.activities(promotion, TASK_ACTIVITY))

    def test_pricing_conflicts_checked_when_official(self):
        promotion = self.new_promotion()
        promotion.sudo(self.assistant).action_approval_submit()
        self.approve(promotion, self.director)
        checked = []
        original = type(promotion)._check_pricing_conflicts

        def check(records):
            checked.append((records.ids, records.state))
            return original(records)
        type(promotion)._check_pricing_conflicts = check
        try:
            self.approve(promotion, self.president)
        finally:
            type(promotion)._check_pricing_conflicts = original
        self.assertEqual(checked, [(promotion.ids, 'to_approve')])
        self.assertEqual(promotion.state, 'official')

    def test_pricing_conflict_refuses_the_approval(self):
        promotion = self.new_promotion()
        promotion.sudo(self.assistant).action_approval_submit()
        self.approve(promotion, self.director)
        original = type(promotion)._check_pricing_conflicts

        refusal = UserError('overlap')

        def conflict(records):
            raise refusal
        type(promotion)._check_pricing_conflicts = conflict
        try:
            with self.assertRaises(UserError):
                self.approve(promotion, self.president)
        finally:
            type(promotion)._check_pricing_conflicts = original

    def test_rejection_by_the_president_returns_it_to_marketing(self):
        promotion = self.new_promotion()
        promotion.sudo(self.assistant).action_approval_submit()
        self.approve(promotion, self.director)
        with self.assertRaises(UserError):  # a reason is required
            self.as_approver(promotion, self.president).action_approval_reject('  ')
        self.as_approver(promotion, self.president).action_approval_reject('Budget too high.')
        self.assertEqual(promotion.state, 'draft')
        self.assertEqual(promotion.approval_state, 'rejected')
        self.assertTrue(promotion.message_ids.filtered(
            lambda message: 'Budget too high.' in message.body))
        self.assertEqual(self.activities(promotion, REWORK_ACTIVITY).user_id, self.assistant)
        # marketing reworks it and submits again
        promotion.sudo(self.assistant).write({'expected_amount': 60000})
        promotion.sudo(self.assistant).action_approval_submit()
        self.approve(promotion, self.director)
        self.approve(promotion, self.president)
        self.assertEqual(promotion.state, 'official')

    def test_official_plan_changes_only_through_a_revision(self):
        promotion = self.official_promotion()
        with self.assertRaises(UserError):
            promotion.sudo(self.assistant).write({'date_end': day(20)})
        with self.assertRaises(UserError):  # its lines too
            promotion.line_ids.sudo(self.assistant).write({'discount': 30})
        with self.assertRaises(UserError):
            promotion.sudo(self.assistant).write({'state': 'draft'})
        # ... but its execution goes on: actual costs, delivered material
        promotion.sudo(self.assistant).write({'cost_line_ids': [
            (1, promotion.cost_line_ids.id, {'amount_actual': 900})]})
        promotion.material_line_ids.sudo(self.assistant).write(
            {'delivered': True, 'cost_actual': 210})
        self.assertEqual(promotion.cost_actual, 1110)

        action = promotion.sudo(self.assistant).action_revise()
        revision = self.env['sales.promotion'].browse(action['res_id'])
        self.assertEqual((revision.state, revision.revision, revision.previous_id),
                         ('draft', 1, promotion))
        self.assertEqual(revision.name, 'Test Kitchen Festival (rev. 1)')
        with self.assertRaises(UserError):  # one revision at a time
            promotion.sudo(self.assistant).action_revise()
        revision.line_ids.sudo(self.assistant).write({'discount': 20})
        revision.sudo(self.assistant).action_approval_submit()
        self.assertEqual(promotion.state, 'official')  # until the new version is approved
        self.approve(revision, self.director)
        self.approve(revision, self.president)
        self.assertEqual(revision.state, 'official')
        self.assertEqual(promotion.state, 'superseded')
        self.assertEqual(promotion.superseded_by_id, revision)
        self.assertEqual(promotion.line_ids.discount, 15)  # the old version is kept

    def test_run_incidents_reports_evaluation_and_close(self):
        promotion = self.official_promotion()
        promotion.sudo(self.assistant).action_start()
        self.assertEqual(promotion.state, 'running')

        # a minor incident solved on site by the staff
        minor = self.incident(promotion, self.salesperson_b)
        with self.assertRaises(UserError):  # how it was solved is required
            minor.sudo(self.salesperson_b).action_solve()
        minor.sudo(self.salesperson_b).write({'resolution': 'Fixed it.'})
        minor.sudo(self.salesperson_b).action_solve()
        self.assertEqual((minor.state, minor.solved_on_site, minor.solved_by_id),
                         ('resolved', True, self.salesperson_b))
        with self.assertRaises(UserError):
            minor.sudo(self.salesperson_b).action_escalate()

        # a major incident: to the responsible person, then to marketing
        major = self.incident(promotion, self.salesperson, severity='major')
        major.sudo(self.salesperson).action_escalate()
        self.assertEqual(major.state, 'responsible')
        self.assertEqual(self.activities(major, INCIDENT_ACTIVITY).user_id, self.assistant)
        with self.assertRaises(UserError):  # the responsible person handles it now
            major.sudo(self.salesperson).action_escalate()
        major.sudo(self.assistant).action_escalate()
        self.assertEqual(major.state, 'marketing')
        self.assertFalse(self.activities(major, INCIDENT_ACTIVITY))
        asked = self.activities(major, CONTINGENCY_ACTIVITY).mapped('user_id')
        self.assertIn(self.marketing_manager, asked)
        self.assertNotIn(self.director, asked)  # the marketing managers, not every role above
        with self.assertRaises(UserError):  # the plan and who solves it are required
            major.sudo(self.marketing_manager).action_assign()
        major.sudo(self.marketing_manager).write({
            'contingency_plan': 'Move the booth.',
            'assigned_user_ids': [(6, 0, [self.salesperson_a2.id])]})
        with self.assertRaises(UserError):  # marketing managers record it
            major.sudo(self.assistant).action_assign()
        major.sudo(self.marketing_manager).action_assign()
        self.assertEqual(major.state, 'assigned')
        self.assertFalse(self.activities(major, CONTINGENCY_ACTIVITY))
        self.assertEqual(self.activities(major, INCIDENT_ACTIVITY).user_id, self.salesperson_a2)

        # the end: every participant is asked for a summary report
        promotion.sudo(self.assistant).action_end()
        self.assertEqual(promotion.state, 'evaluation')
        participants = self.assistant | self.salesperson | self.salesperson_b
        asked = self.activities(promotion, REPORT_ACTIVITY)
        self.assertEqual(asked.mapped('user_id'), participants)
        self.assertEqual(set(asked.mapped('date_deadline')), {day(7)})
        self.assertEqual(promotion.report_progress, '0 of 3')
        self.file_report(promotion, self.salesperson)
        self.file_report(promotion, self.assistant)
        self.assertEqual(promotion.report_progress, '2 of 3')
        self.assertEqual(promotion.missing_report_user_ids, self.salesperson_b)
        self.assertFalse(promotion.late_report_user_ids)
        self.assertEqual(self.activities(promotion, REPORT_ACTIVITY).user_id, self.salesperson_b)

        # the evaluation report, written by the responsible person, approved by both
        evaluation = self.approved_evaluation(promotion)
        self.assertEqual(evaluation.approval_state, 'approved')

        # closing: the major incident is still open
        with self.assertRaises(UserError):
            promotion.sudo(self.assistant).action_close('Reports do not matter.')
        with self.assertRaises(UserError):  # the incident left the running promotion
            major.sudo(self.salesperson_a2).action_solve()
        self.assertEqual(major.state, 'assigned')

    def test_close_guards_and_frozen_figures(self):
        promotion = self.running_promotion()
        major = self.incident(promotion, self.salesperson, severity='major')
        major.sudo(self.salesperson).write({'resolution': 'Solved.'})
        major.sudo(self.salesperson).action_solve()
        promotion.sudo(self.assistant).action_end()
        self.file_report(promotion, self.salesperson)
        # not before the evaluation report is approved
        with self.assertRaises(UserError):
            promotion.sudo(self.assistant).action_close('Missing ones are on holiday.')
        self.approved_evaluation(promotion)
        # reports missing: refused without a reason, and the reason is the responsible's
        with self.assertRaises(UserError):
            promotion.sudo(self.assistant).action_close()
        with self.assertRaises(UserError):
            promotion.sudo(self.marketing_manager).action_close('I say so.')
        with self.assertRaises(UserError):
            promotion.sudo(self.marketing_manager).action_close_wizard()
        wizard_action = promotion.sudo(self.assistant).action_close_wizard()
        self.assertEqual(wizard_action['res_model'], 'sales.promotion.close.wizard')
        self.assertEqual(promotion.state, 'evaluation')

        figures = {promotion.id: {key: float(index + 1) for index, key in enumerate(
            ('amount', 'qty', 'baseline_amount', 'baseline_qty', 'uplift_amount_pct',
             'uplift_qty_pct', 'attributed_count', 'attributed_amount', 'cost_planned',
             'cost_actual', 'return_on_cost'))}}
        measure = type(self.env['sales.promotion.measure'])
        original = measure.figures
        measure.figures = lambda records, promotions: {
            promotion_id: values for promotion_id, values in figures.items()
            if promotion_id in promotions.ids}
        try:
            wizard = self.env['sales.promotion.close.wizard'].sudo(self.assistant).create({
                'promotion_id': promotion.id, 'reason': 'The staff member left the company.'})
            wizard.action_close()
        finally:
            measure.figures = original
        self.assertEqual(promotion.state, 'closed')
        self.assertEqual(promotion.close_override_reason, 'The staff member left the company.')
        self.assertFalse(self.activities(promotion, REPORT_ACTIVITY))
        promotion.invalidate_cache()
        # the figures stay as they were measured at the closing
        self.assertTrue(promotion.is_frozen)
        self.assertEqual((promotion.result_amount, promotion.result_uplift_amount_pct,
                          promotion.result_return_on_cost), (1.0, 5.0, 11.0))
        self.assertEqual(promotion.frozen_attributed_count, 7.0)

    def test_close_with_every_report_needs_no_reason(self):
        promotion = self.ended_promotion(staff_ids=[], helper_id=False)
        self.file_report(promotion, self.assistant)
        self.assertEqual(promotion.report_progress, '1 of 1')
        self.approved_evaluation(promotion)
        promotion.sudo(self.assistant).action_close_wizard()
        self.assertEqual(promotion.state, 'closed')
        self.assertFalse(promotion.close_override_reason)

    def test_cancel_stops_the_promotion(self):
        promotion = self.running_promotion()
        with self.assertRaises(UserError):  # marketing cancels, not regional staff
            promotion.sudo(self.salesperson).action_cancel()
        promotion.sudo(self.assistant).action_cancel()
        self.assertEqual(promotion.state, 'cancel')
        with self.assertRaises(UserError):
            promotion.sudo(self.assistant).action_start()
        with self.assertRaises(UserError):
            self.incident(promotion, self.salesperson)

    def test_start_waits_for_the_first_day(self):
        promotion = self.official_promotion(date_start=day(3), date_end=day(10))
        with self.assertRaises(UserError):
            promotion.sudo(self.assistant).action_start()
        self.assertEqual(promotion.state, 'official')
