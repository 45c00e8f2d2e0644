"""The figure the appraisal reads: how many surveys each salesperson filed in a period."""
from odoo.addons.sales_process.tests.survey_common import SURVEY, SurveyCase


class TestSurveyFiledCounts(SurveyCase):

    def test_counts_submitted_and_reviewed_in_the_period(self):
        self.submitted_survey()                              # counts
        self.reviewed_survey(date='2026-10-20')              # counts
        self.new_survey()                                    # a draft: does not count
        sent_back = self.submitted_survey()
        sent_back.sudo(self.marketing_manager).action_send_back('Prices missing for cookers.')
        self.reviewed_survey(date='2026-09-30', date_from='2026-09-01',
                             date_to='2026-09-30')            # before the period
        self.submitted_survey(self.salesperson_b)           # another salesperson, region B
        counts = self.env[SURVEY].filed_counts([self.company.id], '2026-10-01', '2026-12-31')
        self.assertEqual(counts, {self.salesperson.id: 2, self.salesperson_b.id: 1})
        self.assertEqual(sent_back.state, 'sent_back')

    def test_only_the_users_asked_and_one_query(self):
        self.submitted_survey()
        self.submitted_survey(self.salesperson_b)
        Survey = self.env[SURVEY]
        before = self.env.cr.sql_log_count
        counts = Survey.filed_counts([self.company.id], '2026-10-01', '2026-10-31',
                                     user_ids=[self.salesperson_b.id, self.manager_a.id])
        # the read_group's query, and the users' names (user, then partner) it reads for its
        # groups: whatever the number of users
        self.assertLessEqual(self.env.cr.sql_log_count - before, 3)
        self.assertEqual(counts, {self.salesperson_b.id: 1})

    def test_another_company_counts_nothing(self):
        self.submitted_survey()
        self.assertEqual(self.env[SURVEY].filed_counts(
            [self.other_company.id], '2026-10-01', '2026-10-31'), {})
