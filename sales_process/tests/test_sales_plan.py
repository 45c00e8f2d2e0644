from odoo.exceptions import AccessError, UserError, ValidationError

from .plan_common import PlanCase


class TestPlanWorkflow(PlanCase):
    """From the region's draft to execution, as the real roles."""

    def test_full_flow_review_approval_decomposition_acceptance(self):
        plan = self.new_plan()
        self.assertEqual(plan.name, 'Region A 2026')
        plan.action_approval_submit()
        self.assertEqual((plan.state, plan.approval_state), ('submitted', 'pending'))
        self.assertIn(self.assistant, self.activities(
            plan, 'sales_process.mail_activity_type_approval').mapped('user_id'))

        # the marketing assistant's opinion is recorded on the plan
        plan.sudo(self.assistant).with_context(approval_expected_step_id=plan.approval_step_id.id) \
            .action_approval_approve('Raise the fourth quarter: Double 11.')
        self.assertEqual(plan.review_opinion, 'Raise the fourth quarter: Double 11.')
        self.assertEqual(plan.approval_step_id,
                         self.env.ref('sales_process.approval_step_plan_general_manager'))
        plan.sudo(self.gm).with_context(approval_expected_step_id=plan.approval_step_id.id) \
            .action_approval_approve()
        self.assertEqual(plan.state, 'approved')
        self.assertIn(self.gm, self.activities(
            plan, 'sales_process.mail_activity_type_plan_decompose').mapped('user_id'))

        quarters = self.decompose(plan)
        self.assertEqual(plan.state, 'decomposed')
        self.assertEqual(plan.decomposed_by_id, self.gm)
        self.assertFalse(self.activities(plan, 'sales_process.mail_activity_type_plan_decompose'))
        self.assertEqual(len(quarters), 4)
        self.assertEqual(set(quarters.mapped('state')), {'to_accept'})
        months = quarters.mapped('child_ids')
        self.assertEqual(len(months), 12)
        self.assertEqual(set(months.mapped('state')), {'to_accept'})
        self.assertEqual(quarters.mapped('target_amount'), [3000.0] * 4)
        self.assertEqual(months.mapped('target_amount'), [1000.0] * 12)
        accept = self.activities(quarters[0], 'sales_process.mail_activity_type_plan_accept')
        self.assertEqual(accept.user_id, self.manager_a)
        self.assertFalse(quarters[0].approval_can_submit)

        for quarter in quarters:
            quarter.sudo(self.manager_a).action_accept()
        self.assertEqual(set((quarters | months).mapped('state')), {'execution'})
        self.assertEqual(plan.state, 'execution')
        self.assertEqual(quarters[0].accepted_by_id, self.manager_a)
        self.assertFalse(self.activities(quarters[0], 'sales_process.mail_activity_type_plan_accept'))

    def test_refusal_returns_the_task_to_the_general_manager(self):
        plan = self.approve(self.new_plan())
        quarters = self.decompose(plan, split='quarter')
        second = quarters[1]
        with self.assertRaisesRegex(UserError, 'reason'):
            second.sudo(self.manager_a).action_refuse('  ')
        wizard = self.env['sales.plan.refuse.wizard'].sudo(self.manager_a).create(
            {'plan_id': second.id, 'reason': 'The new store opens in July only.'})
        wizard.action_refuse()
        self.assertEqual(second.state, 'refused')
        self.assertEqual(second.refusal_reason, 'The new store opens in July only.')
        refused = self.activities(second, 'sales_process.mail_activity_type_plan_refused')
        self.assertEqual(refused.user_id, self.gm)

        # head office corrects the targets; they must still add up to the annual plan
        second.line_ids.sudo(self.gm).write({'target_amount': 2000.0})
        with self.assertRaisesRegex(ValidationError, 'add up'):
            second.sudo(self.gm).action_propose()
        self.assertEqual(second.state, 'refused')
        second.line_ids.sudo(self.gm).write({'target_amount': 3000.0})
        second.sudo(self.gm).action_propose()
        self.assertEqual(second.state, 'to_accept')
        self.assertFalse(second.refusal_reason)
        quarters.sudo(self.manager_a).action_accept()
        self.assertEqual(plan.state, 'execution')

    def test_only_the_regions_manager_accepts_its_tasks(self):
        plan = self.approve(self.new_plan())
        quarter = self.decompose(plan, split='quarter')[0]
        for user in (self.salesperson, self.users['sales_hq'], self.gm):
            with self.assertRaisesRegex(UserError, 'only its manager'):
                quarter.sudo(user).action_accept()
        with self.assertRaises(AccessError):  # another region's manager does not even see it
            quarter.sudo(self.manager_b).action_accept()
        self.assertEqual(quarter.state, 'to_accept')
        self.assertFalse(quarter.sudo(self.salesperson).can_accept)
        self.assertTrue(quarter.sudo(self.manager_a).can_accept)

    def test_undecomposed_plan_is_sent_to_its_region(self):
        plan = self.approve(self.new_plan())
        with self.assertRaisesRegex(UserError, 'general manager or the sales director'):
            plan.sudo(self.manager_a).action_propose()
        plan.sudo(self.director).action_propose()
        plan.sudo(self.manager_a).action_accept()
        self.assertEqual(plan.state, 'execution')

    def test_company_wide_plan_is_decomposed_into_regions(self):
        plan = self.env['sales.plan'].sudo(self.gm).create({
            'name': 'Company 2026', 'period_type': 'year', 'date_start': '2026-01-01',
            'date_end': '2026-12-31',
            'line_ids': [(0, 0, {'region_id': self.region_a.id, 'target_amount': 40000}),
                         (0, 0, {'region_id': self.region_b.id, 'target_amount': 20000})]})
        self.assertFalse(plan.sudo(self.salesperson).search([('id', '=', plan.id)]))
        plan.sudo(self.gm).action_approval_submit()
        plan.sudo(self.assistant).with_context(approval_expected_step_id=plan.approval_step_id.id) \
            .action_approval_approve()
        # the GM who submitted it cannot approve it: another general manager does
        plan.sudo(self._create_user('sp_test_gm_2', 'sales_process.group_general_manager')) \
            .with_context(approval_expected_step_id=plan.approval_step_id.id).action_approval_approve()
        with self.assertRaisesRegex(UserError, 'whole company'):
            plan.sudo(self.gm).action_propose()
        quarters = self.decompose(plan, split='quarter')
        self.assertEqual(len(quarters), 8)
        self.assertEqual(quarters.mapped('region_id'), self.region_a | self.region_b)
        self.assertEqual(sum(quarters.filtered(
            lambda q: q.region_id == self.region_b).mapped('target_amount')), 20000)
        self.assertEqual(self.env['sales.plan'].sudo(self.manager_b).search([('parent_id', '=', plan.id)]),
                         quarters.filtered(lambda q: q.region_id == self.region_b))

    def test_closing_freezes_the_achieved_figures(self):
        self._order(self.region_a, self.salesperson, self.rice_cooker, 10, 100, '2025-05-10 02:00:00')
        plan = self.approve(self.new_plan(start='2025-01-01', end='2025-12-31'))
        plan.sudo(self.gm).action_propose()
        plan.sudo(self.manager_a).action_accept()
        self.assertAlmostEqual(plan.achieved_amount, 1000)
        self.env['sales.plan']._cron_close_ended_plans()
        self.assertEqual(plan.state, 'closed')
        self.assertTrue(plan.line_ids.is_frozen)
        self.assertAlmostEqual(plan.line_ids.frozen_amount, 1000)
        # a late order does not change a closed year
        self._order(self.region_a, self.salesperson, self.rice_cooker, 5, 100, '2025-06-10 02:00:00')
        plan.invalidate_cache()
        self.assertAlmostEqual(plan.achieved_amount, 1000)
        self.assertAlmostEqual(plan.line_ids.achieved_amount, 1000)
        open_plan = self.approve(self.new_plan(start='2099-01-01', end='2099-12-31'))
        with self.assertRaisesRegex(UserError, 'execution'):
            open_plan.sudo(self.gm).action_close()
        self.assertEqual(self.env.ref('sales_process.ir_cron_close_ended_plans').model_id.model, 'sales.plan')

    def test_revision_keeps_the_old_version_and_its_history(self):
        plan = self.approve(self.new_plan(), comment='OK for me')
        quarters = self.decompose(plan, split='quarter')
        quarters.sudo(self.manager_a).action_accept()
        action = plan.sudo(self.salesperson).action_revise()
        revision = self.env['sales.plan'].browse(action['res_id'])
        self.assertEqual((revision.revision, revision.previous_id, revision.state), (1, plan, 'draft'))
        self.assertEqual(revision.line_ids.mapped('target_amount'), [12000.0])
        with self.assertRaisesRegex(UserError, 'revision in progress'):
            plan.sudo(self.salesperson).action_revise()
        revision.line_ids.sudo(self.salesperson).write({'target_amount': 15000.0})
        self.assertEqual(plan.state, 'execution')  # the old version runs until the new one is approved
        self.approve(revision)
        self.assertEqual(plan.state, 'superseded')
        self.assertEqual(set(quarters.mapped('state')), {'superseded'})
        self.assertEqual(plan.superseded_by_id, revision)
        self.assertEqual(plan.line_ids.target_amount, 12000.0)
        self.assertEqual(plan.approval_history_ids.mapped('decision'), ['approved', 'approved', 'submitted'])
        self.assertIn('OK for me', plan.approval_history_ids.mapped('comment'))
        self.assertEqual(revision.approval_history_ids.mapped('decision'),
                         ['approved', 'approved', 'submitted'])

    def test_only_who_may_create_plans_revises_them(self):
        plan = self.approve(self.new_plan())
        with self.assertRaises(AccessError):
            plan.sudo(self.assistant).action_revise()
        self.assertFalse(self.env['sales.plan'].search([('previous_id', '=', plan.id)]))

    def test_rejected_plan_goes_back_to_draft(self):
        plan = self.new_plan()
        plan.action_approval_submit()
        plan.sudo(self.assistant).with_context(approval_expected_step_id=plan.approval_step_id.id) \
            .action_approval_reject('The targets ignore last year.')
        self.assertEqual((plan.state, plan.approval_state), ('draft', 'rejected'))
        plan.line_ids.sudo(self.salesperson).write({'target_amount': 13000})
        plan.sudo(self.salesperson).action_approval_submit()
        self.assertEqual(plan.approval_cycle, 2)


class TestPlanViews(PlanCase):

    def test_form_keeps_its_targets_list_next_to_the_approval_part(self):
        view = self.env['sales.plan'].sudo(self.salesperson).fields_view_get(view_type='form')
        self.assertIn('tree', view['fields']['line_ids']['views'])
        self.assertIn('target_amount', view['fields']['line_ids']['views']['tree']['fields'])
        self.assertIn('approval_history_ids', view['fields'])
        self.assertIn('action_approval_submit', view['arch'])

    def test_strategy_form_loads(self):
        view = self.env['sales.strategy'].fields_view_get(view_type='form')
        meeting_tree = view['fields']['meeting_ids']['views']['tree']
        self.assertIn('state', meeting_tree['fields'])


class TestPlanBadInput(PlanCase):

    def test_negative_targets_are_refused(self):
        with self.assertRaisesRegex(ValidationError, 'cannot be negative'), self.env.cr.savepoint():
            self.new_plan(lines=[{'region_id': self.region_a.id, 'target_amount': -5}])
        with self.assertRaisesRegex(ValidationError, 'cannot be negative'), self.env.cr.savepoint():
            self.new_plan(lines=[{'region_id': self.region_a.id, 'target_amount': 5, 'target_qty': -1}])
        self.assertFalse(self.env['sales.plan'].search([('region_id', '=', self.region_a.id)]))

    def test_a_period_ending_before_it_starts_is_refused(self):
        for start, end, message in (('2026-12-01', '2026-01-31', 'before it starts'),
                                    ('2026-01-05', '2026-12-31', 'first day of a month'),
                                    ('2026-01-01', '2026-06-30', 'covers 12 months')):
            with self.assertRaisesRegex(ValidationError, message), self.env.cr.savepoint():
                self.new_plan(start=start, end=end)
        self.assertFalse(self.env['sales.plan'].search([('region_id', '=', self.region_a.id)]))

    def test_two_open_plans_for_the_same_target_are_refused(self):
        self.new_plan()
        with self.assertRaisesRegex(ValidationError, 'already has a target'), self.env.cr.savepoint():
            self.new_plan(user=self.manager_a)
        # another salesperson, another period type or another region are fine
        self.new_plan(lines=[{'region_id': self.region_a.id, 'user_id': self.manager_a.id,
                              'target_amount': 1}])
        self.new_plan(period_type='quarter', start='2026-01-01', end='2026-03-31')
        self.new_plan(user=self.salesperson_b, region=self.region_b)
        with self.assertRaisesRegex(ValidationError, 'already has a target'), self.env.cr.savepoint():
            self.new_plan(lines=[{'region_id': self.region_a.id, 'user_id': self.salesperson.id,
                                  'target_amount': 1},
                                 {'region_id': self.region_a.id, 'user_id': self.salesperson.id,
                                  'target_amount': 2}],
                          start='2027-01-01', end='2027-12-31')

    def test_an_approved_plan_changes_only_through_a_revision(self):
        plan = self.approve(self.new_plan())
        for user in (self.salesperson, self.gm):
            with self.assertRaisesRegex(UserError, 'through a revision'):
                plan.line_ids.sudo(user).write({'target_amount': 1})
            with self.assertRaisesRegex(UserError, 'through a revision|can no longer be changed'):
                plan.sudo(user).write({'date_start': '2026-02-01'})
        with self.assertRaisesRegex(UserError, 'through a revision'):
            self.env['sales.plan.line'].sudo(self.gm).create(
                {'plan_id': plan.id, 'region_id': self.region_a.id, 'target_amount': 1})
        with self.assertRaisesRegex(UserError, 'deleted'):
            plan.sudo(self.gm).unlink()
        self.assertEqual(plan.line_ids.target_amount, 12000.0)

    def test_submitted_plan_is_locked_too(self):
        plan = self.new_plan()
        plan.action_approval_submit()
        with self.assertRaises((UserError, AccessError)):
            plan.line_ids.sudo(self.salesperson).write({'target_amount': 1})
        with self.assertRaisesRegex(UserError, 'targets'):
            self.new_plan(lines=[], start='2027-01-01', end='2027-12-31').action_approval_submit()

    def test_decomposed_children_are_not_submitted_on_their_own(self):
        plan = self.approve(self.new_plan())
        quarter = self.decompose(plan, split='quarter')[0]
        with self.assertRaisesRegex(UserError, 'not submitted for approval on its own'):
            quarter.sudo(self.manager_a).action_approval_submit()
        with self.assertRaisesRegex(UserError, 'already decomposed|Only an approved plan'):
            self.decompose(plan)

    def test_workflow_context_cannot_be_forged_through_rpc(self):
        plan = self.approve(self.new_plan())
        with self.assertRaisesRegex(UserError, 'through a revision'):
            plan.line_ids.sudo(self.gm).with_context(sales_plan_workflow=True).write({'target_amount': 1})


class TestPlanSecurity(PlanCase):

    @classmethod
    def setUpClass(cls):
        super(TestPlanSecurity, cls).setUpClass()
        cls.plan_a = cls.env['sales.plan'].create({
            'region_id': cls.region_a.id,
            'line_ids': [(0, 0, {'region_id': cls.region_a.id, 'target_amount': 1000})]})
        cls.plan_b = cls.env['sales.plan'].create({
            'region_id': cls.region_b.id,
            'line_ids': [(0, 0, {'region_id': cls.region_b.id, 'target_amount': 2000})]})
        cls.both = cls.plan_a | cls.plan_b

    def visible(self, user, model='sales.plan'):
        records = self.both if model == 'sales.plan' else self.both.mapped('line_ids')
        return self.env[model].sudo(user).search([('id', 'in', records.ids)])

    def test_regional_staff_and_managers_see_their_region(self):
        for user in (self.salesperson, self.manager_a):
            self.assertEqual(self.visible(user), self.plan_a)
            self.assertEqual(self.visible(user, 'sales.plan.line'), self.plan_a.line_ids)
        self.assertEqual(self.visible(self.manager_b), self.plan_b)
        with self.assertRaises(AccessError):
            self.plan_b.sudo(self.salesperson).read(['name'])

    def test_head_office_sees_all(self):
        for role in ('marketing_assistant', 'general_manager', 'sales_director'):
            self.assertEqual(self.visible(self.users[role]), self.both, role)

    def test_salespeople_edit_their_drafts_only(self):
        self.plan_a.sudo(self.salesperson).write({'description': '<p>New stores in Hangzhou</p>'})
        with self.assertRaises(AccessError):
            self.plan_b.sudo(self.salesperson).write({'description': 'x'})
        self.plan_a.action_approval_submit()
        with self.assertRaises((AccessError, UserError)):
            self.plan_a.sudo(self.salesperson).write({'description': 'changed while in approval'})
        with self.assertRaises(AccessError):
            self.plan_a.sudo(self.salesperson).unlink()

    def test_marketing_reviews_but_does_not_edit(self):
        with self.assertRaises(AccessError):
            self.plan_a.sudo(self.assistant).write({'description': 'x'})
        with self.assertRaises(AccessError):
            self.env['sales.plan'].sudo(self.assistant).create({'region_id': self.region_a.id})

    def test_other_roles_and_companies_see_nothing(self):
        for user in (self.users['warehouse'], self.users['quality'], self.users['customer_service']):
            with self.assertRaises(AccessError):
                self.visible(user)
        self.assertFalse(self.visible(self.other_company_user))
        with self.assertRaises(AccessError):
            self.plan_a.sudo(self.other_company_user).read(['name'])

    def test_strategy_is_set_by_the_general_manager(self):
        strategy = self.env['sales.strategy'].sudo(self.gm).create(
            {'name': '2030', 'year': 2030, 'total_target': 100000})
        self.assertTrue(strategy.sudo(self.salesperson).read(['name']))
        with self.assertRaises(AccessError):
            strategy.sudo(self.salesperson).write({'total_target': 1})
        with self.assertRaises(AccessError):
            strategy.sudo(self.assistant).write({'total_target': 1})
