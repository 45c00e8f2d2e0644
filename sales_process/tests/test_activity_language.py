"""Every activity the module schedules is worded in its assignee's language, whoever sends it.

Half the users read English, half Simplified Chinese; each activity is sent across (English to
Chinese and Chinese to English): approvals, rework, decomposition, acceptance, refusal,
escalation (by the scheduled action) and the stock check's review (by the scheduled action).
"""
from .plan_common import PlanCase


class TestActivityLanguage(PlanCase):

    @classmethod
    def setUpClass(cls):
        super(TestActivityLanguage, cls).setUpClass()
        if not cls.env['res.lang'].search([('code', '=', 'zh_CN')]):
            cls.env['res.lang'].load_lang('zh_CN')
        cls.env['ir.translation'].load_module_terms(['sales_process'], ['zh_CN'])
        cls.gm2 = cls._create_user('sp_test_gm_en', 'sales_process.group_general_manager')
        cls.hq = cls.users['sales_hq']
        for user in (cls.assistant, cls.gm, cls.salesperson_b, cls.manager_b):
            user.lang = 'zh_CN'
        for user in (cls.salesperson, cls.gm2, cls.manager_a, cls.hq):
            user.lang = 'en_US'
        cls.fryer = cls.env['product.product'].create(
            {'name': 'Test Language Fryer', 'type': 'product', 'standard_price': 10.0})

    def summaries(self, record, activity_xmlid):
        """{user: summary} of the activities of this type, for the users of this test (the
        database's other users of the same roles are asked too)."""
        ours = (self.assistant | self.gm | self.gm2 | self.salesperson | self.salesperson_b
                | self.manager_a | self.manager_b | self.hq)
        activities = self.env['mail.activity'].search([
            ('res_model', '=', record._name), ('res_id', '=', record.id),
            ('activity_type_id', '=', self.env.ref(activity_xmlid).id), ('user_id', 'in', ours.ids)])
        self.assertEqual(len(activities), len(activities.mapped('user_id')))
        return {activity.user_id: activity.summary for activity in activities}

    def test_plan_activities_follow_each_assignee(self):
        plan = self.new_plan()
        plan.action_approval_submit()  # by the English salesperson
        approve = 'sales_process.mail_activity_type_approval'
        self.assertEqual(self.summaries(plan, approve), {self.assistant: '待审批：市场部助理审核'})

        plan.sudo(self.assistant).with_context(  # the Chinese assistant
            approval_expected_step_id=plan.approval_step_id.id).action_approval_approve()
        self.assertEqual(self.summaries(plan, approve), {
            self.gm: '待审批：总经理审批',
            self.gm2: 'To approve: Approval by the general manager'})

        plan.sudo(self.gm2).with_context(  # the English general manager
            approval_expected_step_id=plan.approval_step_id.id).action_approval_approve()
        self.assertEqual(self.summaries(plan, 'sales_process.mail_activity_type_plan_decompose'), {
            # the plan's generated name, in each reader's language too
            self.gm: '分解并下达：Region A 2026 年',
            self.gm2: 'Decompose and assign: Region A 2026'})

        self.decompose(plan, split='quarter')  # by the Chinese general manager
        quarter = plan.child_ids.sorted('date_start')[0]
        self.assertEqual(self.summaries(quarter, 'sales_process.mail_activity_type_plan_accept'),
                         {self.manager_a: 'Accept or refuse: Region A 2026 Q1'})

        quarter.sudo(self.manager_a).action_refuse('Too high for the first quarter')
        self.assertEqual(self.summaries(quarter, 'sales_process.mail_activity_type_plan_refused'),
                         {self.gm: '区域拒绝了：Region A 2026 年第1季度'})

    def test_rework_follows_the_requester(self):
        plan = self.new_plan()
        plan.action_approval_submit()
        plan.sudo(self.assistant).with_context(
            approval_expected_step_id=plan.approval_step_id.id).action_approval_reject('Too low')
        rework = 'sales_process.mail_activity_type_approval_rework'
        self.assertEqual(self.summaries(plan, rework),
                         {self.salesperson: 'Rework: Review by the marketing assistant rejected'})

        request = self.env['stock.transfer.request'].sudo(self.salesperson_b).create({
            'line_ids': [(0, 0, {'product_id': self.fryer.id, 'product_qty': 4})]})
        request.sudo(self.salesperson_b).action_approval_submit()
        request.sudo(self.manager_b).with_context(
            approval_expected_step_id=request.approval_step_id.id).action_approval_approve()
        request.sudo(self.hq).with_context(
            approval_expected_step_id=request.approval_step_id.id).action_approval_reject('No')
        self.assertEqual(self.summaries(request, rework), {self.salesperson_b: '待修改：销售总部 已驳回'})

    def test_scheduled_actions_word_each_activity_for_its_assignee(self):
        plan = self.new_plan()
        plan.action_approval_submit()
        plan._workflow_write({'approval_deadline': '2020-01-01'})
        self.env['sales.approval.step']._cron_escalate_overdue_approvals()
        self.assertEqual(self.summaries(plan, 'sales_process.mail_activity_type_approval_overdue'), {
            self.gm: '审批逾期：市场部助理审核（截止 2020-01-01）',
            self.gm2: 'Overdue approval: Review by the marketing assistant (due 2020-01-01)'})

        for warehouse in (self.warehouse_a, self.warehouse_b):
            self.env['stock.warehouse.orderpoint'].create({
                'product_id': self.fryer.id, 'warehouse_id': warehouse.id,
                'location_id': warehouse.lot_stock_id.id, 'product_min_qty': 10,
                'product_max_qty': 20})
        self.env['stock.transfer.request']._cron_check_stock()
        review = 'sales_process.mail_activity_type_transfer_review'
        proposed = self.env['stock.transfer.request'].search([
            ('origin_type', '=', 'stock_check'), ('region_id', 'in', (self.region_a | self.region_b).ids)])
        by_region = {request.region_id: self.summaries(request, review) for request in proposed}
        self.assertEqual(by_region[self.region_a], {
            self.manager_a: 'Stock below safety level: review the proposed transfer request'})
        self.assertEqual(by_region[self.region_b], {
            self.manager_b: '库存低于安全库存：请审核建议的调货申请单'})
