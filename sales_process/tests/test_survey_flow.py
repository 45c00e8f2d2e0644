"""The survey's flow: filed by the regional staff, reviewed by the marketing manager, or sent
back to its author with a reason and a to-do."""
from odoo.exceptions import UserError

from odoo.addons.sales_process.tests.survey_common import (APPROVAL_ACTIVITY, REWORK_ACTIVITY,
                                                           SURVEY, SurveyCase)


class TestSurveyFlow(SurveyCase):

    def test_defaults(self):
        survey = self.env[SURVEY].sudo(self.salesperson).create({
            'date_from': '2031-10-01', 'date_to': '2031-12-31'})
        self.assertEqual(survey.user_id, self.salesperson)
        self.assertEqual(survey.region_id, self.region_a)
        self.assertEqual(survey.state, 'draft')
        self.assertTrue(survey.name.startswith('MS/'))

    def test_submit_then_review(self):
        survey = self.new_survey()
        survey.action_approval_submit()
        self.assertEqual(survey.state, 'submitted')
        self.assertEqual(survey.approval_state, 'pending')
        asked = self.activities(survey, APPROVAL_ACTIVITY)
        self.assertIn(self.marketing_manager, asked.mapped('user_id'))
        self.assertTrue(survey.sudo(self.marketing_manager).approval_waiting_for_me)
        self.assertIn(survey, self.env[SURVEY].sudo(self.marketing_manager).search(
            [('approval_waiting_for_me', '=', True)]))

        survey.sudo(self.marketing_manager).action_review('Useful, thanks.')
        self.assertEqual(survey.state, 'reviewed')
        self.assertEqual(survey.approval_state, 'approved')
        self.assertFalse(self.activities(survey, APPROVAL_ACTIVITY))
        decisions = survey.approval_history_ids.filtered(lambda line: line.decision == 'approved')
        self.assertEqual(decisions.mapped('user_id'), self.marketing_manager)
        self.assertEqual(decisions.comment, 'Useful, thanks.')

    def test_send_back_returns_it_to_the_author(self):
        survey = self.submitted_survey()
        survey.sudo(self.marketing_manager).action_send_back('Add the online prices.')
        self.assertEqual(survey.state, 'sent_back')
        rework = self.activities(survey, REWORK_ACTIVITY)
        self.assertEqual(rework.mapped('user_id'), self.salesperson)
        self.assertTrue(any('Add the online prices.' in message.body
                            for message in survey.message_ids))
        # the author reworks it and submits it again
        survey.sudo(self.salesperson).write({'summary': 'Online prices added.'})
        survey.line_ids[0].sudo(self.salesperson).write({'channel': 'online'})
        survey.sudo(self.salesperson).action_approval_submit()
        self.assertEqual(survey.state, 'submitted')
        self.assertFalse(self.activities(survey, REWORK_ACTIVITY))
        self.assertEqual(survey.approval_cycle, 2)

    def test_send_back_needs_a_reason(self):
        survey = self.submitted_survey()
        with self.assertRaises(UserError):
            survey.sudo(self.marketing_manager).action_send_back('  ')
        self.assertEqual(survey.state, 'submitted')
        self.assertFalse(self.activities(survey, REWORK_ACTIVITY))

    def test_withdraw_by_the_author(self):
        survey = self.submitted_survey()
        survey.sudo(self.salesperson).action_approval_reset()
        self.assertEqual(survey.state, 'draft')
        self.assertFalse(self.activities(survey, APPROVAL_ACTIVITY))

    def test_a_submitted_survey_is_locked(self):
        survey = self.submitted_survey()
        with self.assertRaises(UserError):
            survey.sudo(self.salesperson).write({'summary': 'Changed after submitting'})
        with self.assertRaises(UserError):
            survey.line_ids[0].sudo(self.salesperson).write({'price': 1.0})
        with self.assertRaises(UserError):
            survey.sudo(self.salesperson).write({'state': 'reviewed'})
        self.assertEqual(survey.line_ids[0].price, 100.0)
        self.assertEqual(survey.state, 'submitted')

    def test_nothing_to_submit(self):
        survey = self.env[SURVEY].sudo(self.salesperson).create({
            'date_from': '2031-10-01', 'date_to': '2031-12-31'})
        with self.assertRaises(UserError):
            survey.action_approval_submit()
        self.assertEqual(survey.state, 'draft')
        self.assertEqual(survey.approval_state, 'draft')

    def test_printed_survey(self):
        survey = self.reviewed_survey()
        html = self.env.ref('sales_process.action_report_sales_market_survey').sudo(
            self.salesperson).render_qweb_html(survey.ids)[0]
        html = html.decode() if isinstance(html, bytes) else html
        for text in (survey.name, 'RK-1 Kettle', 'Rival Appliances (test)', 'Survey Test Kettle',
                     'The rival undercuts us on kettles.', self.marketing_manager.name):
            self.assertIn(text, html)
        self.assertEqual(survey._report_file_name(), 'Market Survey %s' % survey.name)
