"""Who sees and does what with market surveys: salespeople their own, regional managers their
region's, head office and marketing all; only the author edits, only marketing reviews."""
from odoo.exceptions import AccessError, UserError

from odoo.addons.sales_process.tests.survey_common import SURVEY, SurveyCase


class TestSurveySecurity(SurveyCase):

    @classmethod
    def setUpClass(cls):
        super(TestSurveySecurity, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        # an employee of none of the sales process's roles
        cls.unrelated = cls._create_user('sp_test_survey_employee', 'base.group_user')

    def setUp(self):
        super(TestSurveySecurity, self).setUp()
        self.mine = self.submitted_survey()
        self.colleague = self.submitted_survey(self.salesperson_a2)
        self.region_b_survey = self.submitted_survey(self.salesperson_b)

    def visible(self, user):
        return self.env[SURVEY].sudo(user).search([('id', 'in', (
            self.mine | self.colleague | self.region_b_survey).ids)])

    def test_who_sees_what(self):
        self.assertEqual(self.visible(self.salesperson), self.mine)
        self.assertEqual(self.visible(self.manager_a), self.mine | self.colleague)
        everything = self.mine | self.colleague | self.region_b_survey
        for user in (self.hq, self.marketing_manager, self.assistant,
                     self.users['sales_director']):
            self.assertEqual(self.visible(user), everything, user.login)
        # every role of all regions reads them (the warehouse too)
        self.assertEqual(self.visible(self.users['warehouse']), everything)
        with self.assertRaises(AccessError):
            self.env[SURVEY].sudo(self.unrelated).search([])
        self.assertFalse(self.visible(self.other_company_user))

    def test_another_regions_salesperson_cannot_read(self):
        with self.assertRaises(AccessError):
            self.region_b_survey.sudo(self.salesperson).read(['summary'])
        with self.assertRaises(AccessError):
            self.region_b_survey.line_ids.sudo(self.salesperson).read(['price'])
        with self.assertRaises(AccessError):
            self.colleague.sudo(self.salesperson).read(['summary'])

    def test_the_analysis_follows_the_surveys(self):
        Analysis = self.env['sales.market.survey.analysis']
        self.assertEqual(set(Analysis.sudo(self.salesperson).search([]).mapped('survey_id').ids),
                         set(self.mine.ids))
        self.assertEqual(set(Analysis.sudo(self.manager_a).search([]).mapped('survey_id').ids),
                         set((self.mine | self.colleague).ids))

    def test_a_salesperson_cannot_review(self):
        for user in (self.salesperson, self.manager_a, self.assistant):
            with self.assertRaises(UserError):
                self.mine.sudo(user).action_review()
            with self.assertRaises(UserError):
                self.mine.sudo(user).action_send_back('No.')
        self.assertEqual(self.mine.state, 'submitted')

    def test_only_the_author_edits_a_draft(self):
        draft = self.new_survey()
        for user in (self.manager_a, self.marketing_manager, self.hq):
            with self.assertRaises(AccessError):
                draft.sudo(user).write({'summary': 'Not mine'})
            with self.assertRaises(AccessError):
                draft.line_ids[0].sudo(user).write({'price': 5.0})
        self.assertEqual(draft.summary, 'The rival undercuts us on kettles.')
        draft.sudo(self.salesperson).write({'summary': 'Mine'})
        self.assertEqual(draft.summary, 'Mine')

    def test_a_survey_stays_with_its_author(self):
        draft = self.new_survey()
        with self.assertRaises(UserError):
            draft.sudo(self.salesperson).write({'user_id': self.salesperson_a2.id})
        self.assertEqual(draft.user_id, self.salesperson)
        draft.sudo(self.salesperson).write({'user_id': self.salesperson.id})  # unchanged: fine

    def test_only_the_author_submits(self):
        draft = self.new_survey()
        with self.assertRaises((AccessError, UserError)):
            draft.sudo(self.manager_a).action_approval_submit()
        self.assertEqual(draft.state, 'draft')

    def test_a_salesperson_files_for_themselves_only(self):
        with self.assertRaises(AccessError):
            self.new_survey(user_id=self.salesperson_a2.id)

    def test_a_salesperson_cannot_file_in_another_region(self):
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self.new_survey(region_id=self.region_b.id)
        survey = self.new_survey()
        with self.assertRaises(UserError), self.env.cr.savepoint():
            survey.sudo(self.salesperson).write({'region_id': self.region_b.id})
        survey.invalidate_cache()
        self.assertEqual(survey.region_id, self.region_a)
        self.assertEqual(self.env[SURVEY].search_count([('region_id', '=', self.region_b.id),
                                                        ('user_id', '=', self.salesperson.id)]), 0)

    def test_marketing_reads_but_does_not_file(self):
        with self.assertRaises(AccessError):
            self.new_survey(self.assistant, region_id=self.region_a.id)

    def test_the_author_cannot_review_their_own(self):
        # the sales director (head office and marketing manager) files a survey: someone else
        # reviews it (segregation of duties)
        director = self.users['sales_director']
        survey = self.submitted_survey(director, region_id=self.region_a.id)
        with self.assertRaises(UserError):
            survey.sudo(director).action_review()
        self.assertEqual(survey.state, 'submitted')
        survey.sudo(self.marketing_manager).action_review()
        self.assertEqual(survey.state, 'reviewed')

    def test_deleting(self):
        with self.assertRaises(AccessError):
            self.new_survey().sudo(self.salesperson).unlink()
        with self.assertRaises(UserError):
            self.mine.unlink()
