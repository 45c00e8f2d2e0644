"""The worlds of the promotion tests, on the roles and regions of SalesProcessCase:

* PromotionCase (the plan's workflow, its documents, security): marketing users who draft and
  run promotions, products, and helpers that act as the role users do (through the buttons'
  methods);
* PromotionPricingCase (pricing, the measure): products in a category tree, customers of both
  regions (one tagged, one with its own cheaper pricelist), and helpers that make promotions
  official and place orders as the salesperson does."""
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
    """The plan's workflow and its documents, acted by marketing, the staff and the approvers."""

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


class PromotionPricingCase(SalesProcessCase):
    """Pricing and the measure: products in a category tree, customers of both regions (one
    tagged, one with its own cheaper pricelist), promotions made official at once and orders
    placed as the salesperson does."""

    @classmethod
    def setUpClass(cls):
        super(PromotionPricingCase, cls).setUpClass()
        # the company works on Shanghai time: a promotion's days are Shanghai's
        cls.company.partner_id.tz = 'Asia/Shanghai'
        cls.marketing = cls.users['marketing_assistant']
        Category = cls.env['product.category']
        cls.kitchen = Category.create({'name': 'Kitchen (test)'})
        cls.cookers = Category.create({'name': 'Rice Cookers (test)', 'parent_id': cls.kitchen.id})
        cls.kettles = Category.create({'name': 'Kettles (test)', 'parent_id': cls.kitchen.id})
        cls.other_categ = Category.create({'name': 'Other (test)'})
        cls.cooker = cls._create_service('Rice Cooker (test)', cls.cookers, 100.0)
        cls.cooker_mini = cls._create_service('Mini Rice Cooker (test)', cls.cookers, 50.0)
        cls.kettle = cls._create_service('Kettle (test)', cls.kettles, 40.0)
        cls.toaster = cls._create_service('Toaster (test)', cls.other_categ, 60.0)
        cls.pricelist = cls.env['product.pricelist'].search(
            [('currency_id', '=', cls.company.currency_id.id)], limit=1)
        Partner = cls.env['res.partner']
        cls.vip_tag = cls.env['res.partner.category'].create({'name': 'VIP (test)'})
        cls.customer_a = Partner.create({'name': 'Customer A (test)', 'customer': True,
                                         'property_product_pricelist': cls.pricelist.id})
        cls.vip = Partner.create({'name': 'VIP Company (test)', 'customer': True,
                                  'is_company': True, 'category_id': [(6, 0, cls.vip_tag.ids)],
                                  'property_product_pricelist': cls.pricelist.id})
        cls.vip_contact = Partner.create({'name': 'VIP Buyer (test)', 'parent_id': cls.vip.id,
                                          'property_product_pricelist': cls.pricelist.id})
        cls.contract_pricelist = cls.env['product.pricelist'].create({
            'name': 'Contract prices (test)', 'currency_id': cls.company.currency_id.id,
            'item_ids': [(0, 0, {'applied_on': '0_product_variant', 'product_id': cls.cooker.id,
                                 'compute_price': 'fixed', 'fixed_price': 85.0}),
                         (0, 0, {'applied_on': '0_product_variant', 'product_id': cls.kettle.id,
                                 'compute_price': 'fixed', 'fixed_price': 38.0})]})
        cls.contract_customer = Partner.create({
            'name': 'Contract Customer (test)', 'customer': True,
            'property_product_pricelist': cls.contract_pricelist.id})

    @classmethod
    def promotion(cls, lines, regions=None, start='2026-03-01', end='2026-03-31', state='official',
                  name='Spring promotion (test)', tags=None, **values):
        """A promotion drafted by marketing, made `state` by its workflow. `lines`: (product or
        category, discount, fixed price)."""
        values.update({
            'name': name, 'date_start': start, 'date_end': end,
            'region_ids': [(6, 0, (regions or cls.region_a).ids)],
            'customer_scope': 'tagged' if tags else 'all',
            'partner_category_ids': [(6, 0, tags.ids if tags else [])],
            'line_ids': [(0, 0, {'product_id': item.id if item._name == 'product.product' else False,
                                 'categ_id': item.id if item._name == 'product.category' else False,
                                 'discount': discount, 'fixed_price': fixed_price})
                         for item, discount, fixed_price in lines],
        })
        promotion = cls.env['sales.promotion'].sudo(cls.marketing).create(values).sudo()
        if state != 'draft':
            promotion._workflow_write({'state': state})
        return promotion

    def quotation(self, lines, customer=None, region=None, when='2026-03-10 02:00:00',
                  user=None):
        """A quotation entered by the salesperson: `lines` (product, quantity[, values])."""
        user = user or self.salesperson
        order_lines = []
        for line in lines:
            values = {'product_id': line[0].id, 'product_uom_qty': line[1]}
            values.update(line[2] if len(line) > 2 else {})
            order_lines.append((0, 0, values))
        return self.env['sale.order'].sudo(user).create({
            'partner_id': (customer or self.customer_a).id, 'team_id': (region or self.region_a).id,
            'user_id': user.id, 'date_order': when, 'order_line': order_lines})
