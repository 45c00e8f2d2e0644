"""Who decides, who is asked, who reads: segregation of duties across the steps of a
submission, My Approvals holding a user's own steps, and the history and activities of a
document following the document's read rules."""
from odoo.exceptions import AccessError, UserError

from .plan_common import PlanCase

APPROVE = 'sales_process.mail_activity_type_approval'


class TestSegregation(PlanCase):

    @classmethod
    def setUpClass(cls):
        super(TestSegregation, cls).setUpClass()
        cls.gm2 = cls._create_user('sp_test_gm_other', 'sales_process.group_general_manager')
        cls.hq = cls.users['sales_hq']
        cls.marketing_manager = cls.users['marketing_manager']
        cls.product = cls.env['product.product'].create(
            {'name': 'Test Segregation Kettle', 'type': 'product', 'standard_price': 5.0})

    def asked(self, record):
        return self.env['mail.activity'].search([
            ('res_model', '=', record._name), ('res_id', '=', record.id),
            ('activity_type_id', '=', self.env.ref(APPROVE).id)]).mapped('user_id')

    def test_the_general_manager_does_not_decide_the_review_and_the_approval(self):
        plan = self.new_plan()
        plan.action_approval_submit()
        # his role includes the marketing assistant's: he may take the review over...
        self.as_approver(plan, self.gm).action_approval_approve('Reviewed by the GM himself')
        # ... but then another person approves the plan
        with self.assertRaisesRegex(UserError, 'already decided a step'):
            self.as_approver(plan, self.gm).action_approval_approve()
        self.assertFalse(plan.sudo(self.gm).approval_can_decide)
        self.assertEqual((plan.state, plan.approval_state), ('submitted', 'pending'))
        self.assertNotIn(self.gm, self.asked(plan))
        self.assertIn(self.gm2, self.asked(plan))
        self.as_approver(plan, self.gm2).action_approval_approve()
        self.assertEqual(plan.state, 'approved')
        decisions = plan._approval_decisions()
        self.assertEqual(decisions.mapped('user_id'), self.gm | self.gm2)

    def test_alone_he_cannot_take_the_review_over(self):
        # when nobody else could approve the plan after him, his review is refused up front
        plan = self.new_plan()
        plan.action_approval_submit()
        others = self.env.ref('sales_process.group_general_manager').users - self.gm
        self.env.ref('sales_process.group_general_manager').write(
            {'users': [(3, user.id) for user in others]})
        with self.assertRaisesRegex(UserError, 'Nobody can approve the step'):
            self.as_approver(plan, self.gm).action_approval_approve()
        self.assertEqual(plan.approval_step_id, self.env.ref('sales_process.approval_step_plan_review'))
        self.assertEqual(plan._approval_decisions(), plan._approval_decisions().browse())

    def test_a_step_is_asked_of_its_role_not_of_every_role_above_it(self):
        plan = self.new_plan()
        plan.action_approval_submit()
        asked = self.asked(plan)
        self.assertIn(self.assistant, asked)
        for above in (self.marketing_manager, self.director, self.gm, self.gm2):
            self.assertNotIn(above, asked)
            self.assertFalse(plan.sudo(above).approval_waiting_for_me)
            self.assertNotIn(plan, self.env['sales.plan'].sudo(above).search(
                [('approval_waiting_for_me', '=', True)]))
        self.assertTrue(plan.sudo(self.assistant).approval_waiting_for_me)
        self.assertIn(self.assistant, plan.approval_approver_ids)
        self.assertNotIn(self.gm, plan.approval_approver_ids)

        request = self.env['stock.transfer.request'].sudo(self.salesperson).create({
            'line_ids': [(0, 0, {'product_id': self.product.id, 'product_qty': 2})]})
        request.sudo(self.salesperson).action_approval_submit()
        self.assertEqual(self.asked(request), self.manager_a)
        self.as_approver(request, self.manager_a).action_approval_approve()
        asked = self.asked(request)
        self.assertIn(self.hq, asked)
        for above in (self.director, self.gm, self.gm2):
            self.assertNotIn(above, asked)
        my_approvals = self.env['mail.activity'].sudo(self.gm).search(
            self.env['mail.activity'].sudo(self.gm).action_my_sales_approvals()['domain'])
        self.assertFalse(my_approvals.filtered(lambda activity: activity.res_id in (plan | request).ids))

    def test_history_and_activities_follow_their_document(self):
        plan = self.new_plan()
        plan.action_approval_submit()
        self.as_approver(plan, self.assistant).action_approval_reject('Confidential: margins too thin')
        History = self.env['sales.approval.history']
        lines = History.search([('res_model', '=', 'sales.plan'), ('res_id', '=', plan.id)])
        self.assertEqual(len(lines), 2)
        for reader in (self.salesperson, self.assistant, self.gm):
            self.assertEqual(History.sudo(reader).search([('id', 'in', lines.ids)]), lines, reader.login)
        warehouse = self.users['warehouse']
        for outsider in (self.salesperson_b, warehouse, self.users['quality']):
            self.assertFalse(History.sudo(outsider).search([('id', 'in', lines.ids)]), outsider.login)
            self.assertFalse(History.sudo(outsider).search_count([('comment', 'ilike', 'margins')]))
            with self.assertRaises(AccessError):
                lines.sudo(outsider).read(['comment'])
            self.assertFalse(History.sudo(outsider).read_group(
                [('id', 'in', lines.ids)], ['decision'], ['decision']))
        # the rework activity carries no reason; it is seen by its assignee and the plan's readers
        Activity = self.env['mail.activity']
        rework = Activity.search([('res_model', '=', 'sales.plan'), ('res_id', '=', plan.id)])
        self.assertEqual(rework.user_id, self.salesperson)
        self.assertFalse(rework.note)
        self.assertEqual(Activity.sudo(self.salesperson).search([('id', '=', rework.id)]), rework)
        self.assertEqual(Activity.sudo(self.gm).search([('id', '=', rework.id)]), rework)
        for outsider in (self.salesperson_b, warehouse):
            self.assertFalse(Activity.sudo(outsider).search([('id', '=', rework.id)]), outsider.login)
        # activities of other documents are as visible as before
        partner_activity = Activity.create({
            'res_model_id': self.env['ir.model']._get('res.partner').id,
            'res_id': self.customer_a.id, 'user_id': self.salesperson.id, 'summary': 'Call'})
        self.assertEqual(Activity.sudo(self.salesperson_b).search([('id', '=', partner_activity.id)]),
                         partner_activity)

    def test_a_plan_refusal_reason_stays_in_the_chatter(self):
        plan = self.approve(self.new_plan())
        quarter = self.decompose(plan, split='quarter').sorted('date_start')[0]
        quarter.sudo(self.manager_a).action_refuse('Our biggest customer closes in March')
        refused = self.env['mail.activity'].search([
            ('res_model', '=', 'sales.plan'), ('res_id', '=', quarter.id),
            ('activity_type_id', '=', self.env.ref('sales_process.mail_activity_type_plan_refused').id)])
        self.assertTrue(refused)
        self.assertFalse(any(refused.mapped('note')))
        self.assertTrue(quarter.message_ids.filtered(
            lambda message: 'biggest customer' in (message.body or '')))
