"""The world of the market survey tests: the roles and regions of SalesProcessCase, a
marketing manager who reviews, own products, competitors, and helpers that act as the role
users do (through the buttons' methods)."""
from odoo.addons.sales_process.tests.common import ROLE_GROUPS, SalesProcessCase

SURVEY = 'sales.market.survey'
APPROVAL_ACTIVITY = 'sales_process.mail_activity_type_approval'
REWORK_ACTIVITY = 'sales_process.mail_activity_type_approval_rework'


class SurveyCase(SalesProcessCase):

    @classmethod
    def setUpClass(cls):
        super(SurveyCase, cls).setUpClass()
        cls.marketing_manager = cls.users['marketing_manager']
        cls.assistant = cls.users['marketing_assistant']
        cls.hq = cls.users['sales_hq']
        # a second salesperson of region A: sees only the surveys they filed
        cls.salesperson_a2 = cls._create_user('sp_test_survey_salesperson_a2',
                                              ROLE_GROUPS['salesperson'], cls.region_a)
        cls.kettle = cls.env['product.product'].create({'name': 'Survey Test Kettle',
                                                        'type': 'consu', 'list_price': 100.0})
        cls.cooker = cls.env['product.product'].create({'name': 'Survey Test Cooker',
                                                        'type': 'consu', 'list_price': 300.0})
        Partner = cls.env['res.partner']
        cls.rival = Partner.create({'name': 'Rival Appliances (test)', 'is_company': True,
                                    'is_competitor': True})
        cls.rival2 = Partner.create({'name': 'Second Rival (test)', 'is_company': True,
                                     'is_competitor': True})

    # Acting as the roles

    def new_survey(self, user=None, lines=None, **values):
        """A draft survey of October 2026 filed by `user` (the salesperson of region A) in their
        region: the kettle at 100 and the rival's kettle at 90 by default."""
        user = user or self.salesperson
        defaults = {
            'date': '2026-10-15', 'date_from': '2026-10-01', 'date_to': '2026-10-31',
            'summary': 'The rival undercuts us on kettles.',
            'line_ids': [(0, 0, line) for line in (lines or [
                {'kind': 'own', 'product_id': self.kettle.id, 'price': 100.0, 'volume': 500,
                 'channel': 'retail'},
                {'kind': 'competitor', 'competitor_id': self.rival.id,
                 'competitor_product': 'RK-1 Kettle', 'product_id': self.kettle.id,
                 'price': 90.0, 'volume': 800, 'channel': 'retail'},
            ])],
        }
        if user.sales_region_ids:
            defaults['region_id'] = user.sales_region_ids[:1].id
        defaults.update(values)
        return self.env[SURVEY].sudo(user).create(defaults)

    def submitted_survey(self, user=None, **values):
        survey = self.new_survey(user, **values)
        survey.action_approval_submit()
        return survey

    def reviewed_survey(self, user=None, **values):
        survey = self.submitted_survey(user, **values)
        survey.sudo(self.marketing_manager).action_review()
        return survey

    def activities(self, survey, activity_xmlid):
        return self.env['mail.activity'].search([
            ('res_model', '=', SURVEY), ('res_id', '=', survey.id),
            ('activity_type_id', '=', self.env.ref(activity_xmlid).id)])
