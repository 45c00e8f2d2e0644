from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.sales_process.tests.common import SalesProcessCase

MODEL = 'sales.process.test.document'


class ApprovalCase(SalesProcessCase):
    """The test document's chain: region manager, then sales HQ above 1000, then GM."""

    @classmethod
    def setUpClass(cls):
        super(ApprovalCase, cls).setUpClass()
        cls.step_rm = cls.env.ref('sales_process_test.step_regional_manager')
        cls.step_hq = cls.env.ref('sales_process_test.step_sales_hq')
        cls.step_gm = cls.env.ref('sales_process_test.step_general_manager')
        cls.hq = cls.users['sales_hq']
        cls.gm = cls.users['general_manager']
        cls.activity_approve = cls.env.ref('sales_process.mail_activity_type_approval')
        cls.activity_rework = cls.env.ref('sales_process.mail_activity_type_approval_rework')
        cls.activity_overdue = cls.env.ref('sales_process.mail_activity_type_approval_overdue')

    def new_document(self, amount=5000.0, user=None, name='Doc', region=None):
        values = {'name': name, 'amount': amount}
        if region:
            values['region_id'] = region.id
        return self.env[MODEL].sudo(user or self.salesperson).create(values)

    def as_user(self, document, user):
        return document.sudo(user).with_context(approval_expected_step_id=document.approval_step_id.id)

    def activities(self, document, activity_type=None):
        domain = [('res_model', '=', MODEL), ('res_id', '=', document.id)]
        if activity_type:
            domain.append(('activity_type_id', '=', activity_type.id))
        return self.env['mail.activity'].search(domain)

    def history(self, document):
        return self.env['sales.approval.history'].search(
            [('res_model', '=', MODEL), ('res_id', '=', document.id)], order='id')

    def deadline(self, days):
        return fields.Date.to_string(date.today() + timedelta(days=days))


class TestApprovalChain(ApprovalCase):

    def test_full_chain_with_activities_history_and_chatter(self):
        document = self.new_document(5000)
        document.action_approval_submit()
        self.assertEqual(document.approval_state, 'pending')
        self.assertEqual(document.approval_step_id, self.step_rm)
        self.assertEqual(document.state, 'to_approve')
        self.assertEqual(document.approval_requested_by_id, self.salesperson)
        todo = self.activities(document, self.activity_approve)
        self.assertEqual(todo.mapped('user_id'), self.manager_a)
        self.assertEqual(todo.date_deadline, self.deadline(2))
        self.assertEqual(document.approval_deadline, self.deadline(2))

        self.as_user(document, self.manager_a).action_approval_approve()
        self.assertEqual(document.approval_step_id, self.step_hq)
        todo = self.activities(document, self.activity_approve)
        self.assertNotIn(self.manager_a, todo.mapped('user_id'))
        self.assertIn(self.hq, todo.mapped('user_id'))
        self.assertEqual(set(todo.mapped('date_deadline')), {self.deadline(3)})

        self.as_user(document, self.hq).action_approval_approve(comment='Stock is there')
        self.assertEqual(document.approval_step_id, self.step_gm)
        self.assertIn(self.gm, self.activities(document, self.activity_approve).mapped('user_id'))

        self.as_user(document, self.gm).action_approval_approve()
        self.assertEqual(document.approval_state, 'approved')
        self.assertFalse(document.approval_step_id)
        self.assertEqual(document.state, 'approved')
        self.assertEqual(document.hook_calls, 'submitted approved')
        self.assertFalse(self.activities(document))

        lines = self.history(document)
        self.assertEqual(
            [(line.decision, line.step_id, line.user_id, line.cycle) for line in lines],
            [('submitted', self.step_hq.browse(), self.salesperson, 1),
             ('approved', self.step_rm, self.manager_a, 1),
             ('approved', self.step_hq, self.hq, 1),
             ('approved', self.step_gm, self.gm, 1)])
        self.assertEqual(lines[2].comment, 'Stock is there')
        self.assertEqual(lines.mapped('region_id'), self.region_a)
        self.assertEqual(document.approval_history_ids, lines)
        approval_messages = document.message_ids.filtered(lambda m: 'Approved: ' in (m.body or ''))
        self.assertEqual(approval_messages.mapped('author_id'),
                         (self.manager_a | self.hq | self.gm).mapped('partner_id'))
        self.assertIn('Stock is there', ''.join(approval_messages.mapped('body')))

    def test_threshold_skips_a_step(self):
        document = self.new_document(800)
        document.action_approval_submit()
        self.as_user(document, self.manager_a).action_approval_approve()
        self.assertEqual(document.approval_step_id, self.step_gm)
        self.as_user(document, self.gm).action_approval_approve()
        self.assertEqual(document.approval_state, 'approved')
        self.assertEqual(self.history(document).mapped('step_id'), self.step_rm | self.step_gm)

    def test_a_document_without_applicable_steps_is_approved_on_submission(self):
        (self.step_rm | self.step_gm).write({'min_amount': 10000})
        self.step_hq.min_amount = 20000
        document = self.new_document(100)
        document.action_approval_submit()
        self.assertEqual(document.approval_state, 'approved')
        self.assertEqual(document.hook_calls, 'submitted approved')

    def test_rejection_then_resubmission_keeps_the_history(self):
        document = self.new_document(5000)
        document.action_approval_submit()
        self.as_user(document, self.manager_a).action_approval_approve()
        self.as_user(document, self.hq).action_approval_reject('Quantities are too high')
        self.assertEqual(document.approval_state, 'rejected')
        self.assertEqual(document.state, 'rework')
        self.assertEqual(document.hook_calls, 'submitted rejected:Quantities are too high')
        self.assertFalse(self.activities(document, self.activity_approve))
        rework = self.activities(document, self.activity_rework)
        self.assertEqual(rework.user_id, self.salesperson)
        # the reason is in the chatter, which only the document's readers see, not in the
        # activity (Odoo 11 lets every user read activities)
        self.assertFalse(rework.note)
        self.assertTrue(document.message_ids.filtered(
            lambda message: 'Quantities are too high' in (message.body or '')))

        document.sudo(self.salesperson).write({'amount': 900})
        document.sudo(self.salesperson).action_approval_submit()
        self.assertEqual(document.approval_cycle, 2)
        self.assertEqual(document.approval_step_id, self.step_rm)
        self.assertFalse(self.activities(document, self.activity_rework))
        self.assertEqual(
            [(line.decision, line.cycle) for line in self.history(document)],
            [('submitted', 1), ('approved', 1), ('rejected', 1), ('submitted', 2)])
        rejected = self.history(document).filtered(lambda line: line.decision == 'rejected')
        self.assertEqual((rejected.user_id, rejected.comment, rejected.step_id),
                         (self.hq, 'Quantities are too high', self.step_hq))

    def test_decision_wizards(self):
        document = self.new_document(5000)
        document.action_approval_submit()
        action = self.as_user(document, self.manager_a).action_approval_approve_wizard()
        wizard = self.env[action['res_model']].sudo(self.manager_a).with_context(
            **action['context']).create({'comment': 'Looks right'})
        wizard.action_confirm()
        self.assertEqual(document.approval_step_id, self.step_hq)
        self.assertEqual(self.history(document)[-1].comment, 'Looks right')

        action = self.as_user(document, self.hq).action_approval_reject_wizard()
        wizard = self.env[action['res_model']].sudo(self.hq).with_context(**action['context'])
        with self.assertRaisesRegex(UserError, 'reason'):
            wizard.create({'reason': ' '}).action_confirm()
        wizard.create({'reason': 'Wrong region'}).action_confirm()
        self.assertEqual(document.approval_state, 'rejected')
        self.assertEqual(self.history(document)[-1].comment, 'Wrong region')
        # a wizard opened on a step somebody else decided meanwhile is refused
        with self.assertRaisesRegex(UserError, 'already been decided'):
            wizard.create({'reason': 'late'}).action_confirm()

    def test_requester_withdraws_a_pending_document(self):
        document = self.new_document(5000)
        document.action_approval_submit()
        with self.assertRaisesRegex(UserError, 'can withdraw it'):
            document.sudo(self.manager_a).action_approval_reset()
        document.sudo(self.salesperson).action_approval_reset()
        self.assertEqual((document.approval_state, document.state), ('draft', 'draft'))
        self.assertFalse(self.activities(document))
        self.assertEqual(self.history(document)[-1].decision, 'withdrawn')
        with self.assertRaises(UserError):
            self.as_user(document, self.manager_a).action_approval_approve()

    def test_form_view_shows_the_approval(self):
        arch = self.env[MODEL].sudo(self.manager_a).fields_view_get(view_type='form')['arch']
        for snippet in ('name="action_approval_submit"', 'name="action_approval_approve_wizard"',
                        'name="action_approval_reject_wizard"', 'name="action_approval_reset"',
                        'name="approval_history_ids"', "approval_expected_step_id"):
            self.assertIn(snippet, arch)

    def test_my_approvals_and_waiting_for_me(self):
        first = self.new_document(5000, name='First')
        second = self.new_document(300, name='Second')
        (first | second).action_approval_submit()
        action = self.env['mail.activity'].sudo(self.manager_a).action_my_sales_approvals()
        mine = self.env['mail.activity'].sudo(self.manager_a).search(action['domain'])
        self.assertEqual(set(mine.mapped('res_id')) & set((first | second).ids),
                         set((first | second).ids))
        self.assertEqual(self.env[MODEL].sudo(self.manager_a).search(
            [('approval_waiting_for_me', '=', True)]), first | second)
        self.assertFalse(self.env[MODEL].sudo(self.manager_b).search(
            [('approval_waiting_for_me', '=', True)]))
        opened = mine[0].sudo(self.manager_a).action_open_sales_document()
        self.assertEqual((opened['res_model'], opened['res_id']), (MODEL, mine[0].res_id))
        self.as_user(first, self.manager_a).action_approval_approve()
        self.assertIn(first, self.env[MODEL].sudo(self.hq).search([('approval_waiting_for_me', '=', True)]))
        self.assertNotIn(first, self.env[MODEL].sudo(self.manager_a).search(
            [('approval_waiting_for_me', '=', True)]))


class TestApprovalEnforcement(ApprovalCase):

    def test_approving_a_draft_is_refused(self):
        document = self.new_document()
        with self.assertRaisesRegex(UserError, 'is a draft'):
            document.sudo(self.manager_a).action_approval_approve()
        self.assertEqual(document.approval_state, 'draft')
        self.assertFalse(self.history(document))

    def test_only_the_current_steps_approvers_decide(self):
        document = self.new_document(5000)
        document.action_approval_submit()
        # other regions do not even see the document
        for outsider in (self.salesperson_b, self.manager_b):
            with self.assertRaises(AccessError):
                self.as_user(document, outsider).action_approval_approve()
        # head office sees it, but the first step is the region manager's: no skipping it
        for intruder in (self.salesperson, self.users['warehouse'], self.gm, self.hq):
            with self.assertRaisesRegex(UserError, 'not an approver'):
                self.as_user(document, intruder).action_approval_approve()
            with self.assertRaisesRegex(UserError, 'not an approver'):
                self.as_user(document, intruder).action_approval_reject('no')
        self.assertEqual(document.approval_step_id, self.step_rm)
        self.assertEqual(self.history(document).mapped('decision'), ['submitted'])

    def test_a_step_cannot_be_approved_twice(self):
        document = self.new_document(5000)
        document.action_approval_submit()
        stale = self.as_user(document, self.manager_a)
        stale.action_approval_approve()
        with self.assertRaisesRegex(UserError, 'already been decided: approved by %s' % self.manager_a.name):
            stale.action_approval_approve()
        with self.assertRaisesRegex(UserError, 'not an approver'):
            document.sudo(self.manager_a).with_context(
                approval_expected_step_id=False).action_approval_approve()
        self.assertEqual(self.history(document).mapped('decision'), ['submitted', 'approved'])

    def test_rejecting_without_a_reason_is_refused(self):
        document = self.new_document(5000)
        document.action_approval_submit()
        for reason in (None, '', '   '):
            with self.assertRaisesRegex(UserError, 'reason'):
                self.as_user(document, self.manager_a).action_approval_reject(reason)
        self.assertEqual(document.approval_state, 'pending')
        self.assertEqual(self.history(document).mapped('decision'), ['submitted'])

    def test_segregation_of_duties(self):
        # the region's manager cannot approve what they submitted, and nobody else can
        document = self.new_document(500, user=self.manager_a)
        with self.assertRaisesRegex(UserError, 'Nobody can approve the step Regional manager'):
            document.action_approval_submit()
        self.assertEqual(document.approval_state, 'draft')
        self.assertFalse(self.history(document))
        self.assertFalse(self.activities(document))
        # ... unless the step allows it
        self.step_rm.requester_policy = 'requester'
        document.sudo(self.manager_a).action_approval_submit()
        self.as_user(document, self.manager_a).action_approval_approve()
        self.assertEqual(document.approval_step_id, self.step_gm)

    def test_submission_approves_the_submitters_own_step(self):
        # a step may count the submission of its own approver as its approval: the regional
        # manager's document goes straight to the next step, the history says so
        self.step_rm.requester_policy = 'submission'
        document = self.new_document(5000, user=self.manager_a)
        document.sudo(self.manager_a).action_approval_submit()
        self.assertEqual(document.approval_step_id, self.step_hq)
        lines = self.history(document)
        self.assertEqual(lines.mapped('decision'), ['submitted', 'approved'])
        self.assertEqual(lines[1].step_id, self.step_rm)
        self.assertEqual(lines[1].user_id, self.manager_a)
        self.assertIn('Approved by submitting it', lines[1].comment)
        todo = self.activities(document, self.activity_approve)
        self.assertIn(self.hq, todo.mapped('user_id'))
        self.assertNotIn(self.manager_a, todo.mapped('user_id'))
        # a salesperson's document still waits for the manager
        other = self.new_document(5000)
        other.action_approval_submit()
        self.assertEqual(other.approval_step_id, self.step_rm)
        # and when the submitter approves every remaining step, the document is approved at once
        self.step_hq.active = self.step_gm.active = False
        small = self.new_document(500, user=self.manager_a)
        small.sudo(self.manager_a).action_approval_submit()
        self.assertEqual((small.approval_state, small.state), ('approved', 'approved'))
        self.assertEqual(small.hook_calls, 'submitted approved')

    def test_group_step_excludes_the_requester(self):
        # another general manager decides the step this one submitted
        self._create_user('sp_test_general_manager_2', 'sales_process.group_general_manager')
        document = self.new_document(500, user=self.gm, region=self.region_a)
        document.sudo(self.gm).action_approval_submit()
        self.as_user(document, self.manager_a).action_approval_approve()
        self.assertNotIn(self.gm, self.activities(document, self.activity_approve).mapped('user_id'))
        self.assertNotIn(self.gm, document._approval_deciders())
        self.assertIn(self.gm, document.approval_approver_ids)
        with self.assertRaisesRegex(UserError, 'segregation of duties'):
            self.as_user(document, self.gm).action_approval_approve()
        self.assertEqual(document.approval_step_id, self.step_gm)

    def test_submitted_and_approved_documents_are_locked(self):
        document = self.new_document(800)
        document.action_approval_submit()
        with self.assertRaisesRegex(UserError, 'can no longer be changed'):
            document.sudo(self.salesperson).write({'amount': 1})
        self.as_user(document, self.manager_a).action_approval_approve()
        self.as_user(document, self.gm).action_approval_approve()
        with self.assertRaisesRegex(UserError, 'can no longer be changed'):
            document.sudo(self.salesperson).write({'amount': 1})
        with self.assertRaisesRegex(UserError, 'can no longer be changed'):
            document.sudo(self.gm).write({'name': 'Renamed'})
        self.assertEqual((document.amount, document.name), (800, 'Doc'))
        document.sudo(self.salesperson).write({'note': 'delivered on time'})  # declared unlocked
        self.assertEqual(document.note, 'delivered on time')
        with self.assertRaisesRegex(UserError, 'cannot be deleted'):
            document.sudo(self.gm).unlink()

    def test_approval_fields_change_only_through_the_engine(self):
        document = self.new_document(800)
        with self.assertRaisesRegex(UserError, 'Submit, Approve, Reject and Reset'):
            document.sudo(self.salesperson).write({'approval_state': 'approved'})
        with self.assertRaisesRegex(UserError, 'Submit, Approve, Reject and Reset'):
            document.write({'approval_step_id': self.step_gm.id})
        with self.assertRaisesRegex(UserError, 'through its buttons'):
            self.env[MODEL].sudo(self.salesperson).create(
                {'name': 'Forged', 'approval_state': 'approved'})
        self.assertEqual(document.approval_state, 'draft')

    def test_submission_checks_of_the_document_run_first(self):
        document = self.new_document(800, name='not ready')
        with self.assertRaisesRegex(UserError, 'not ready'):
            document.action_approval_submit()
        self.assertEqual(document.approval_state, 'draft')
        self.assertFalse(self.history(document))

    def test_a_document_may_opt_out_of_submission(self):
        document = self.new_document(800, name='approved elsewhere')
        self.assertFalse(document.approval_can_submit)
        self.assertTrue(self.new_document(800).approval_can_submit)
        with self.assertRaisesRegex(UserError, 'not submitted for approval on its own'):
            document.action_approval_submit()
        self.assertEqual(document.approval_state, 'draft')

    def test_submitting_twice_is_refused(self):
        document = self.new_document(800)
        document.action_approval_submit()
        with self.assertRaisesRegex(UserError, 'already been submitted'):
            document.action_approval_submit()
        self.assertEqual(self.history(document).mapped('decision'), ['submitted'])


class TestApprovalHistoryIsImmutable(ApprovalCase):

    def setUp(self):
        super(TestApprovalHistoryIsImmutable, self).setUp()
        self.document = self.new_document(800)
        self.document.action_approval_submit()
        self.line = self.history(self.document)

    def test_nobody_edits_or_deletes_history(self):
        for user in (self.gm, self.users['sales_director'], self.salesperson):
            line = self.line.sudo(user)
            with self.assertRaises((UserError, AccessError)):
                line.write({'comment': 'rewritten'})
            with self.assertRaises((UserError, AccessError)):
                line.unlink()
        # not even the superuser, through the ORM as through RPC
        with self.assertRaisesRegex(UserError, 'cannot be changed'):
            self.line.sudo().write({'decision': 'approved'})
        with self.assertRaisesRegex(UserError, 'cannot be deleted'):
            self.line.sudo().unlink()
        self.assertEqual((self.line.decision, self.line.comment), ('submitted', False))

    def test_nobody_writes_history_outside_the_engine(self):
        values = {'res_model': MODEL, 'res_id': self.document.id, 'decision': 'approved',
                  'user_id': self.gm.id}
        with self.assertRaisesRegex(UserError, 'approval engine only'):
            self.env['sales.approval.history'].sudo().create(values)
        with self.assertRaisesRegex(UserError, 'approval engine only'):
            self.env['sales.approval.history'].sudo().with_context(
                sales_approval_engine='forged').create(values)
        with self.assertRaises((UserError, AccessError)):
            self.env['sales.approval.history'].sudo(self.gm).create(values)
        self.assertEqual(len(self.history(self.document)), 1)

    def test_history_follows_the_region_rule(self):
        Line = self.env['sales.approval.history']
        self.assertIn(self.line, Line.sudo(self.salesperson).search([]))
        self.assertNotIn(self.line, Line.sudo(self.salesperson_b).search([]))
        self.assertIn(self.line, Line.sudo(self.hq).search([]))


class TestApprovalSteps(ApprovalCase):

    def step_values(self, **values):
        result = {'name': 'Extra', 'model_id': self.step_gm.model_id.id, 'approver_type': 'group',
                  'group_id': self.env.ref('sales_process.group_sales_director').id}
        result.update(values)
        return result

    def test_bad_step_configuration_is_refused(self):
        Step = self.env['sales.approval.step'].sudo(self.users['sales_director'])
        count = Step.search_count([])
        for values, message in (
                ({'group_id': False}, 'needs an approver group'),
                ({'approver_type': 'field', 'group_id': False}, 'needs the field'),
                ({'approver_type': 'field', 'group_id': False,
                  'user_field_id': self.env['ir.model.fields'].search(
                      [('model', '=', 'res.partner'), ('name', '=', 'user_id')]).id},
                 'not a user field'),
                ({'min_amount': -1}, 'cannot be negative'),
                ({'deadline_days': -2}, 'cannot be negative')):
            with self.assertRaisesRegex(ValidationError, message), self.env.cr.savepoint():
                Step.create(self.step_values(**values))
        self.assertEqual(Step.search_count([]), count)

    def test_only_the_sales_director_configures_steps(self):
        with self.assertRaises(AccessError):
            self.env['sales.approval.step'].sudo(self.manager_a).create(self.step_values())
        with self.assertRaises(AccessError):
            self.step_gm.sudo(self.salesperson).write({'deadline_days': 9})
        step = self.env['sales.approval.step'].sudo(self.users['sales_director']).create(
            self.step_values(sequence=40))
        self.assertEqual(step.model, MODEL)

    def test_a_step_with_a_condition_applies_to_matching_documents_only(self):
        director = self.users['sales_director']
        step = self.env['sales.approval.step'].sudo(director).create(self.step_values(
            name='Sales director, special orders', sequence=25,
            condition="[('name', 'ilike', 'special')]"))
        special = self.new_document(500, name='Special order')
        plain = self.new_document(500, name='Plain order')
        for document in special | plain:
            document.action_approval_submit()
            self.as_user(document, self.manager_a).action_approval_approve()
        self.assertEqual(special.approval_step_id, step)
        self.assertEqual(plain.approval_step_id, self.step_gm)
        self.assertIn(director, special.approval_approver_ids)
        self.as_user(special, director).action_approval_approve()
        self.assertEqual(special.approval_step_id, self.step_gm)

    def test_an_invalid_condition_is_refused(self):
        Step = self.env['sales.approval.step'].sudo(self.users['sales_director'])
        count = Step.search_count([])
        for condition in ("[('no_such_field', '=', 1)]", "[('name', 'is about', 'x')]",
                          "'not a filter'", "[("):
            with self.assertRaisesRegex(ValidationError, 'not a valid filter'), \
                    self.env.cr.savepoint():
                Step.create(self.step_values(condition=condition))
        self.assertEqual(Step.search_count([]), count)

    def test_the_document_types_using_the_engine(self):
        self.assertIn(MODEL, self.env['sales.approval.step']._approval_models())
        self.assertNotIn('sales.approval.mixin', self.env['sales.approval.step']._approval_models())


class TestEscalation(ApprovalCase):

    def make_overdue(self, document, days=1):
        document._workflow_write({'approval_deadline': self.deadline(-days)})

    def test_overdue_steps_are_escalated_once(self):
        document = self.new_document(5000)
        document.action_approval_submit()
        fresh = self.new_document(5000, name='On time')
        fresh.action_approval_submit()
        self.make_overdue(document)
        self.env['sales.approval.step']._cron_escalate_overdue_approvals()
        self.assertTrue(document.approval_escalated)
        self.assertFalse(fresh.approval_escalated)
        overdue = self.activities(document, self.activity_overdue)
        self.assertIn(self.gm, overdue.mapped('user_id'))
        self.assertNotIn(self.salesperson, overdue.mapped('user_id'))
        self.assertEqual(self.history(document)[-1].decision, 'escalated')
        self.assertTrue(document.message_ids.filtered(lambda m: 'Approval overdue' in (m.body or '')))
        # the step's approvers still have their activity
        self.assertEqual(self.activities(document, self.activity_approve).user_id, self.manager_a)

        self.env['sales.approval.step']._cron_escalate_overdue_approvals()
        self.assertEqual(len(self.activities(document, self.activity_overdue)), len(overdue))
        self.assertEqual(self.history(document).mapped('decision').count('escalated'), 1)

        # the next step is escalated again when it, too, is late
        self.as_user(document, self.manager_a).action_approval_approve()
        self.assertFalse(document.approval_escalated)
        self.assertFalse(self.activities(document, self.activity_overdue))
        self.make_overdue(document)
        self.env['sales.approval.step']._cron_escalate_overdue_approvals()
        self.assertEqual(self.history(document).mapped('decision').count('escalated'), 2)

    def test_the_cron_is_scheduled(self):
        cron = self.env.ref('sales_process.ir_cron_escalate_overdue_approvals')
        self.assertTrue(cron.active)
        cron.method_direct_trigger()
