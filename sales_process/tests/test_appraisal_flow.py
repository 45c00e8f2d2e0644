"""The appraisal's life: generated for a region, appraised by the regional manager, approved
through the engine (the regional manager, then the sales director); the appraised salesperson
decides nothing; a rejection returns to the manager with the reason."""
from odoo.exceptions import AccessError, UserError

from .appraisal_common import (APPRAISAL_ACTIVITY, APPROVAL_ACTIVITY, REWORK_ACTIVITY,
                               AppraisalCase)


class TestAppraisalFlow(AppraisalCase):

    def test_a_manager_generates_their_region_and_is_asked_to_appraise(self):
        # the wizard's default: the regions the manager manages
        appraisals = self.generate(self.manager_a, regions=self.env['crm.team'])
        self.assertEqual(appraisals.mapped('user_id'), self.salesperson | self.salesperson_a2)
        self.assertEqual(appraisals.mapped('region_id'), self.region_a)
        for appraisal in appraisals:
            self.assertEqual(self.activities(appraisal, APPRAISAL_ACTIVITY).mapped('user_id'),
                             self.manager_a)
        # generating again makes nothing twice
        with self.assertRaisesRegex(UserError, 'already has an appraisal'):
            self.generate(self.manager_a, regions=self.region_a)
        # head office generates the rest (region B)
        rest = self.generate(self.hq)
        self.assertEqual(rest.mapped('user_id'), self.salesperson_b)

    def test_a_manager_cannot_generate_another_region(self):
        with self.assertRaisesRegex(UserError, 'regions you manage'):
            self.generate(self.manager_a, regions=self.region_b)
        with self.assertRaisesRegex(UserError, 'regional managers and head office'):
            self.generate(self.salesperson)
        self.assertFalse(self.Appraisal.sudo().search([('year', '=', 2025)]))

    def test_manager_then_director_approve(self):
        mine = self.appraisal_of(self.salesperson, self.generate())
        appraisal = self.rate(mine, rating='B', comments='Good collection; more surveys.')
        appraisal.action_approval_submit()
        # the manager's step is approved by their submission; the director is asked
        self.assertEqual(mine.approval_state, 'pending')
        self.assertEqual(mine.approval_step_id,
                         self.env.ref('sales_process.approval_step_appraisal_sales_director'))
        self.assertFalse(self.activities(mine, APPRAISAL_ACTIVITY))
        # the sales directors of the company (the demo's too, when the database has its data)
        self.assertIn(self.director, self.activities(mine, APPROVAL_ACTIVITY).mapped('user_id'))
        decisions = mine.approval_history_ids.filtered(lambda line: line.decision == 'approved')
        self.assertEqual(decisions.mapped('user_id'), self.manager_a)
        # the manager's comments can no longer change
        with self.assertRaises(UserError):
            appraisal.write({'manager_comments': 'Changed my mind.'})
        self.decide(mine, self.director, text='Agreed.')
        self.assertEqual(mine.approval_state, 'approved')
        self.assertEqual(mine.rating, 'B')

    def test_the_salesperson_decides_nothing(self):
        mine = self.appraisal_of(self.salesperson, self.generate())
        # neither rates nor submits a draft (which they do not even see)
        with self.assertRaises(AccessError):
            mine.sudo(self.salesperson).write({'rating': 'A'})
        with self.assertRaises((AccessError, UserError)):
            mine.sudo(self.salesperson).action_approval_submit()
        self.assertEqual((mine.approval_state, mine.rating), ('draft', False))
        self.rate(mine).action_approval_submit()
        with self.assertRaisesRegex(UserError, 'not an approver'):
            self.decide(mine, self.salesperson)
        with self.assertRaisesRegex(UserError, 'not an approver'):
            self.decide(mine, self.salesperson, 'reject', 'I disagree.')
        self.assertEqual((mine.approval_state, mine.approval_step_id.name),
                         ('pending', 'Sales director'))

    def test_a_rejection_returns_to_the_manager_with_the_reason(self):
        mine = self.appraisal_of(self.salesperson, self.generate())
        self.rate(mine).action_approval_submit()
        with self.assertRaisesRegex(UserError, 'reason'):
            self.decide(mine, self.director, 'reject', ' ')
        self.decide(mine, self.director, 'reject', 'The rating ignores the overdue invoice.')
        self.assertEqual(mine.approval_state, 'rejected')
        self.assertFalse(mine.is_frozen)
        self.assertEqual(self.activities(mine, REWORK_ACTIVITY).mapped('user_id'), self.manager_a)
        self.assertIn('The rating ignores the overdue invoice.',
                      mine.message_ids[0].body + ''.join(mine.message_ids.mapped('body')))
        # the manager reworks and submits again; the director approves
        self.rate(mine, rating='C', comments='Rated down for the overdue invoice.')
        mine.sudo(self.manager_a).action_approval_submit()
        self.decide(mine, self.director)
        self.assertEqual((mine.approval_state, mine.rating), ('approved', 'C'))

    def test_submitting_needs_the_rating_and_comments(self):
        mine = self.appraisal_of(self.salesperson, self.generate())
        with self.assertRaisesRegex(UserError, 'rating and write your comments'):
            mine.sudo(self.manager_a).action_approval_submit()
        self.assertEqual(mine.approval_state, 'draft')
        mine.sudo(self.manager_a).action_apply_suggested_rating()
        self.assertEqual(mine.rating, 'C')

    def test_the_appraisal_prints(self):
        mine = self.appraisal_of(self.salesperson, self.generate())
        self.rate(mine, comments='Steady quarter, 稳定的季度.').action_approval_submit()
        self.decide(mine, self.director)
        report = self.env.ref('sales_process.action_report_sales_appraisal').sudo(self.salesperson)
        html = report.render_qweb_html(mine.ids)[0].decode()
        for expected in ('Salesperson Appraisal', mine.name, 'Steady quarter, 稳定的季度.',
                         'Sales director', 'Market Surveys Filed'):
            self.assertIn(expected, html)
        self.assertEqual(mine.sudo(self.salesperson)._report_file_name(),
                         'Salesperson Appraisal %s' % mine.name)
