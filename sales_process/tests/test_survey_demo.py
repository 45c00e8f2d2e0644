"""The demo database tells the story of market surveys: last quarter's reviewed in every region,
this quarter's at every stage, one waiting for the marketing manager's review."""
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.tests.common import TransactionCase

SURVEY = 'sales.market.survey'


class TestSurveyDemo(TransactionCase):

    def test_two_quarters_of_surveys(self):
        today = date.today()
        this_quarter = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        last_quarter = str(this_quarter - relativedelta(months=3))
        surveys = self.env[SURVEY].search([('user_id.login', 'in', [
            'salesperson', 'sales_east2', 'sales_south', 'sales_north'])])
        last = surveys.filtered(lambda survey: survey.date_from == last_quarter)
        self.assertEqual(set(last.mapped('state')), {'reviewed'})
        self.assertEqual(len(last.mapped('region_id')), 3)
        current = surveys.filtered(lambda survey: survey.date_from == str(this_quarter))
        self.assertEqual(set(current.mapped('state')), {'draft', 'submitted', 'reviewed',
                                                        'sent_back'})
        self.assertTrue(all(survey.date <= str(today) for survey in surveys))
        self.assertTrue(surveys.mapped('line_ids.competitor_id').mapped('is_competitor'))

    def test_one_waits_for_the_marketing_manager(self):
        manager = self.env.ref('sales_process.user_marketing_manager')
        waiting = self.env[SURVEY].sudo(manager).search([('approval_waiting_for_me', '=', True)])
        self.assertEqual(waiting.mapped('user_id.login'), ['sales_south'])
        sent_back = self.env[SURVEY].search([('state', '=', 'sent_back')])
        self.assertTrue(self.env['mail.activity'].search([
            ('res_model', '=', SURVEY), ('res_id', 'in', sent_back.ids),
            ('user_id.login', '=', 'sales_north'),
            ('activity_type_id', '=', self.env.ref(
                'sales_process.mail_activity_type_approval_rework').id)]))
