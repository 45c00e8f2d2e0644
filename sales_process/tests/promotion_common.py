"""The world of the promotion tests: the roles and regions of SalesProcessCase, marketing users
who draft and run promotions, products, and helpers that act as the role users do (through the
buttons' methods)."""
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import fields

from odoo.addons.sales_process.tests.common import ROLE_GROUPS, SalesProcessCase

PROMOTION = 'sales.promotion'
APPROVAL_ACTIVITY = 'sales_process.mail_activity_type_approval'
REWORK_ACTIVITY = 'sales_process.mail_activity_type_approval_rework'
TASK_ACTIVITY = 'sales_process.mail_activity_type_promotion_task'
REPORT_ACTIVITY = 'sales_process.mail_activity_type_promotion_report'
INCIDENT_ACTIVITY = 'sales_process.mail_activity_type_promotion_incident'
CONTINGENCY_ACTIVITY = 'sales_process.mail_activity_type_promotion_contingency'


def day(days):
    return fields.Date.to_string(date.today() + relativedelta(days=days))


class PromotionCase(SalesProcessCase):

    @classmethod
    def setUpClass(cls):
        super(PromotionCase, cls).setUpClass()
        cls.assistant = cls.users['marketing_assistant']
        cls.marketing_manager = cls.users['marketing_manager']
        cls.director = cls.users['sales_director']
        cls.president = cls.users['general_manager']
        cls.customer_service = cls.users['customer_service']
        # a second member of region A who is no participant
        cls.salesperson_a2 = cls._create_user('sp_test_salesperson_a2', ROLE_GROUPS['salesperson'],
                                              cls.region_a)
        cls.kettle = cls.env['product.product'].create({'name': 'Promo Test Kettle',
                                                        'type': 'consu', 'list_price': 100.0})
        cls.cooker = cls.env['product.product'].create({'name': 'Promo Test Cooker',
                                                        'type': 'consu', 'list_price': 300.0})

    # Acting as the roles

    def new_promotion(self, user=None, **values):
        """A draft promotion of region A running from five days ago to ten days from now,
        drafted by marketing: the assistant is responsible, the salesperson of region A helps,
        the salesperson of region B is on the staff, customer service has a task."""
        defaults = {
            'name': 'Test Kitchen Festival',
            'date_start': day(-5), 'date_end': day(10),
            'region_ids': [(6, 0, [self.region_a.id])],
            'user_id': self.assistant.id,
            'helper_id': self.salesperson.id,
            'expected_amount': 50000,
            'line_ids': [(0, 0, {'product_id': self.kettle.id, 'discount': 15})],
            'cost_line_ids': [(0, 0, {'kind': 'venue', 'amount_planned': 1000})],
            'material_line_ids': [(0, 0, {'name': 'Posters', 'quantity': 100, 'unit_cost': 2,
                                          'user_id': self.marketing_manager.id})],
            'staff_ids': [(0, 0, {'user_id': self.salesperson_b.id, 'task': 'Booth'})],
            'task_ids': [(0, 0, {'name': 'Brief the hotline', 'user_id': self.customer_service.id,
                                 'date_deadline': day(-6)})],
        }
        defaults.update(values)
        return self.env[PROMOTION].sudo(user or self.assistant).create(defaults)

    def decide(self, document, user):
        """The document as the approver sees it on screen (the engine checks the step)."""
        return document.sudo(user).with_context(approval_expected_step_id=document.approval_step_id.id)

    def approve(self, document, user):
        self.decide(document, user).action_approval_approve()

    def official_promotion(self, **values):
        promotion = self.new_promotion(**values)
        promotion.sudo(self.assistant).action_approval_submit()
        self.approve(promotion, self.director)
        self.approve(promotion, self.president)
        return promotion

    def running_promotion(self, **values):
        promotion = self.official_promotion(**values)
        promotion.sudo(self.assistant).action_start()
        return promotion

    def ended_promotion(self, **values):
        promotion = self.running_promotion(**values)
        promotion.sudo(self.assistant).action_end()
        return promotion

    def approved_evaluation(self, promotion):
        action = promotion.sudo(promotion.user_id).action_evaluation()
        evaluation = self.env['sales.promotion.evaluation'].browse(action['res_id'])
        evaluation.sudo(promotion.user_id).write({'conclusions': 'Worth repeating.'})
        evaluation.sudo(promotion.user_id).action_approval_submit()
        self.approve(evaluation, self.director)
        self.approve(evaluation, self.president)
        return evaluation

    def file_report(self, promotion, user, text='It went well.'):
        return self.env['sales.promotion.report'].sudo(user).create(
            {'promotion_id': promotion.id, 'text': text})

    def incident(self, promotion, user, severity='minor', **values):
        values.update({'promotion_id': promotion.id, 'name': 'Test incident',
                       'severity': severity})
        return self.env['sales.promotion.incident'].sudo(user).create(values)

    def activities(self, record, activity_xmlid=None):
        domain = [('res_model', '=', record._name), ('res_id', '=', record.id)]
        if activity_xmlid:
            domain.append(('activity_type_id', '=', self.env.ref(activity_xmlid).id))
        return self.env['mail.activity'].search(domain)
