from datetime import timedelta

from lxml import etree

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

# The engine's activities: to approve, to rework after a rejection, overdue (escalation)
APPROVAL_ACTIVITY_TYPES = ('sales_process.mail_activity_type_approval',
                           'sales_process.mail_activity_type_approval_rework',
                           'sales_process.mail_activity_type_approval_overdue')
# The activities of the approvers: what "waiting for my approval" means
ASKING_ACTIVITY_TYPES = ('sales_process.mail_activity_type_approval',
                         'sales_process.mail_activity_type_approval_overdue')


class SalesApprovalMixin(models.AbstractModel):
    """The approval engine: every sales process document that needs approvals inherits it.

    A document declares its chain as data (``sales.approval.step`` records for its model: who
    approves, above which amount, for which documents, with which requester policy) and
    implements the hooks it needs:

    * ``_approval_submittable()``: whether the Submit button is offered;
      ``_approval_check_submit()``: raise if it cannot be submitted yet;
    * ``_approval_check_decision(step, decision)``: raise if the step cannot be decided now;
    * ``_approval_reset_refusal()``: why it cannot be reset to draft now (or False);
    * ``_on_approval_submitted()``, ``_on_approved()``, ``_on_rejected(reason)``,
      ``_on_approval_reset()``: move the document's own state, create what follows;
    * ``_approval_amount_field``: the field compared with the steps' thresholds;
    * ``_approval_depends``: the fields its hooks read (for the buttons' visibility).

    It is a document (``sales.process.document``): ``company_id`` (whose members are asked to
    approve), workflow fields (every ``approval_*`` field is the engine's), the lock (a
    document waiting for approval or approved is locked), chatter and activities.

    The engine owns the approval state, the current step, the activities of the approvers and
    of the requester, the immutable history, segregation of duties (a person decides one step
    of a submission), escalation and concurrency. The approval buttons, status and history are
    added to the document's form view automatically.
    """
    _name = 'sales.approval.mixin'
    _inherit = ['sales.process.document']
    _description = 'Approval Engine'

    _approval_amount_field = None
    _approval_depends = ()

    approval_state = fields.Selection(
        [('draft', 'Draft'), ('pending', 'Waiting for Approval'), ('approved', 'Approved'),
         ('rejected', 'Rejected')],
        string='Approval', default='draft', required=True, readonly=True, copy=False,
        index=True)
    approval_step_id = fields.Many2one(
        'sales.approval.step', string='Current Approval Step', readonly=True, copy=False,
        ondelete='restrict')
    approval_cycle = fields.Integer(string='Submissions', readonly=True, copy=False)
    approval_requested_by_id = fields.Many2one(
        'res.users', string='Submitted By', readonly=True, copy=False)
    approval_requested_date = fields.Datetime(string='Submitted On', readonly=True, copy=False)
    approval_deadline = fields.Date(readonly=True, copy=False)
    approval_escalated = fields.Boolean(string='Escalated', readonly=True, copy=False)
    approval_history_ids = fields.One2many(
        'sales.approval.history', 'res_id', readonly=True,
        domain=lambda self: [('res_model', '=', self._name)])
    approval_approver_ids = fields.Many2many(
        'res.users', string='Approvers', compute='_compute_approval_approvers',
        help="Who the current step is asked of.")
    approval_can_decide = fields.Boolean(compute='_compute_approval_approvers')
    approval_can_submit = fields.Boolean(compute='_compute_approval_can_submit')
    approval_can_reset = fields.Boolean(compute='_compute_approval_can_submit')
    approval_status_text = fields.Char(
        string='Approval Status', compute='_compute_approval_status_text',
        help="The banner of a document waiting for approval: its step, approvers and deadline.")
    approval_waiting_for_me = fields.Boolean(
        string='Waiting for My Approval', compute='_compute_approval_approvers',
        search='_search_approval_waiting_for_me')

    @api.depends('approval_state', 'approval_step_id', 'approval_requested_by_id')
    def _compute_approval_approvers(self):
        for document in self:
            step = document.approval_step_id
            if document.approval_state != 'pending' or not step:
                document.approval_approver_ids = False
                document.approval_can_decide = False
                document.approval_waiting_for_me = False
                continue
            deciders = document._approval_deciders()
            document.approval_approver_ids = step._asked(step._approvers(document))
            document.approval_can_decide = self.env.user in deciders
            document.approval_waiting_for_me = self.env.user in step._asked(deciders)

    @api.depends('approval_state', 'approval_step_id', 'approval_deadline')
    def _compute_approval_status_text(self):
        for document in self:
            if document.approval_state != 'pending' or not document.approval_step_id:
                document.approval_status_text = False
                continue
            # one sentence, so that a translation may order its parts as its language needs
            document.approval_status_text = _(
                "Waiting for approval: %(step)s — approvers: %(approvers)s — due "
                "%(deadline)s") % {
                'step': document.approval_step_id.name,
                'approvers': ', '.join(document.approval_approver_ids.mapped('name')) or _('none'),
                'deadline': format_date(self.env, document.approval_deadline)}

    @api.depends(lambda self: ['approval_state', 'approval_requested_by_id']
                 + list(self._approval_depends))
    def _compute_approval_can_submit(self):
        for document in self:
            document.approval_can_submit = (document.approval_state in ('draft', 'rejected')
                                            and document._approval_submittable())
            document.approval_can_reset = not document._approval_reset_refusal()

    def _search_approval_waiting_for_me(self, operator, value):
        # the approvers of a step are asked with an activity (escalation: their managers)
        self.env.cr.execute("""
            SELECT activity.res_id FROM mail_activity activity
             WHERE activity.res_model = %s AND activity.user_id = %s
               AND activity.activity_type_id IN %s""", (
            self._name, self.env.uid,
            tuple(self.env.ref(xmlid).id for xmlid in ASKING_ACTIVITY_TYPES)))
        domain = ['&', ('approval_state', '=', 'pending'),
                  ('id', 'in', [row[0] for row in self.env.cr.fetchall()])]
        positive = (operator == '=') == bool(value)
        return domain if positive else ['!'] + domain

    # CRUD

    @api.multi
    def unlink(self):
        if any(doc.approval_state in ('pending', 'approved') for doc in self):
            raise UserError(_("A document that is waiting for approval or approved cannot be "
                              "deleted."))
        return super(SalesApprovalMixin, self).unlink()

    # The document layer: the engine's fields and lock

    def _get_workflow_fields(self):
        return super(SalesApprovalMixin, self)._get_workflow_fields() | {
            name for name in self._fields if name.startswith('approval_')}

    def _workflow_hint(self, field_names):
        if any(name.startswith('approval_') for name in field_names):
            return _("Its approval changes through Submit, Approve, Reject and Reset.")
        return super(SalesApprovalMixin, self)._workflow_hint(field_names)

    def _is_locked(self):
        return self.approval_state in ('pending', 'approved')

    def _lock_state_label(self):
        return self._selection_label('approval_state').lower()

    # Actions (the buttons)

    @api.multi
    def action_approval_submit(self):
        for document in self:
            if document.approval_state not in ('draft', 'rejected'):
                raise UserError(_("%(document)s has already been submitted.")
                                % {'document': document.display_name})
            document._approval_check_submit()
            if not document._approval_submittable():
                raise UserError(_("%(document)s is not submitted for approval on its own.")
                                % {'document': document.display_name})
            # submitting is the requester's edit: their rights on the document apply
            document._check_write_access()
            document._approval_lock()
            step, deciders, passed = document._approval_next(False, requester=self.env.user,
                                                             decided=self.env['res.users'])
            document._workflow_write({
                'approval_cycle': document.approval_cycle + 1,
                'approval_requested_by_id': self.env.uid,
                'approval_requested_date': fields.Datetime.now(),
            })
            document._close_activities(APPROVAL_ACTIVITY_TYPES)
            document._approval_log('submitted', False)
            document._post(_("Submitted for approval."))
            document._on_approval_submitted()
            document._approval_pass(passed)
            document._approval_enter_step(step, deciders)
        return True

    @api.multi
    def action_approval_approve(self, comment=None):
        for document in self:
            document._approval_lock()
            step = document._approval_check_decider()
            document._approval_check_decision(step, 'approve')
            next_step, deciders, passed = document._approval_next(
                step, decided=document._approval_decided_by() | self.env.user)
            document._approval_log('approved', step, comment)
            document._post(_("Approved: %(step)s") % {'step': step.name}, comment)
            document._close_activities(APPROVAL_ACTIVITY_TYPES)
            document._approval_pass(passed)
            document._approval_enter_step(next_step, deciders)
        return True

    @api.multi
    def action_approval_reject(self, reason=None):
        if not (reason or '').strip():
            raise UserError(_("Give the reason for the rejection: the requester needs it to "
                              "rework the document."))
        for document in self:
            document._approval_lock()
            step = document._approval_check_decider()
            document._approval_check_decision(step, 'reject')
            document._approval_log('rejected', step, reason)
            # the reason goes to the chatter, which only the document's readers see
            document._post(_("Rejected: %(step)s") % {'step': step.name}, reason)
            document._close_activities(APPROVAL_ACTIVITY_TYPES)
            document._workflow_write({
                'approval_state': 'rejected', 'approval_step_id': False,
                'approval_deadline': False, 'approval_escalated': False})
            document._schedule_activity('sales_process.mail_activity_type_approval_rework',
                                        document.approval_requested_by_id,
                                        '_approval_text_to_rework', step)
            document._on_rejected(reason)
        return True

    @api.multi
    def action_approval_reset(self):
        for document in self:
            refusal = document._approval_reset_refusal()
            if refusal:
                raise UserError(refusal)
            if document.approval_state == 'rejected':  # its editors rework it
                document._check_write_access()
            document._approval_lock()
            step = document.approval_step_id
            document._approval_log('withdrawn', step)
            document._close_activities(APPROVAL_ACTIVITY_TYPES)
            document._workflow_write({
                'approval_state': 'draft', 'approval_step_id': False,
                'approval_deadline': False, 'approval_escalated': False})
            document._on_approval_reset()
        return True

    @api.multi
    def action_approval_approve_wizard(self):
        """The Approve button: confirm, with an optional comment (e.g. the reviewer's opinion)."""
        return self._approval_decision_wizard('approve', _('Approve'))

    @api.multi
    def action_approval_reject_wizard(self):
        """The Reject button: the reason is required."""
        return self._approval_decision_wizard('reject', _('Reject'))

    def _approval_decision_wizard(self, decision, title):
        self.ensure_one()
        self._approval_check_decider()
        return {
            'type': 'ir.actions.act_window',
            'name': title,
            'res_model': 'sales.approval.decision.wizard',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_res_model': self._name, 'default_res_id': self.id,
                        'default_decision': decision,
                        'approval_expected_step_id': self.approval_step_id.id},
        }

    # Hooks for the documents

    def _approval_submittable(self):
        """Whether the Submit button is offered (e.g. not for plans approved with their parent)."""
        return True

    def _approval_check_submit(self):
        """Raise a UserError when the document is not ready to be submitted."""

    def _approval_check_decision(self, step, decision):
        """Raise a UserError when `step` cannot be decided ('approve' or 'reject') now; checked
        before anything is recorded."""

    def _approval_reset_refusal(self):
        """Why the current user cannot reset the document to draft now, or False.

        By default a document is withdrawn by its requester while it waits for approval, and
        reset by its editors once rejected."""
        self.ensure_one()
        if self.approval_state not in ('pending', 'rejected'):
            return _("Only a document waiting for approval or rejected can be reset to draft.")
        if (self.approval_state == 'pending' and not self.env.user._is_superuser()
                and self.env.user != self.approval_requested_by_id):
            return _("Only %(user)s, who submitted %(document)s, can withdraw it while it is "
                     "waiting for approval.") % {'user': self.approval_requested_by_id.name,
                                                 'document': self.display_name}
        return False

    def _on_approval_submitted(self):
        """The document was submitted (before its first step starts)."""

    def _on_approved(self):
        """Every applicable step is approved."""

    def _on_rejected(self, reason):
        """A step was rejected; the requester has a "To rework" activity."""

    def _on_approval_reset(self):
        """The document went back to draft."""

    def _approval_amount(self):
        self.ensure_one()
        return self[self._approval_amount_field] if self._approval_amount_field else 0.0

    def _approval_decisions(self, decisions=('approved',)):
        """The history lines of the current submission with these decisions, oldest first."""
        self.ensure_one()
        return self.env['sales.approval.history'].sudo().search([
            ('res_model', '=', self._name), ('res_id', '=', self.id),
            ('cycle', '=', self.approval_cycle), ('decision', 'in', list(decisions))],
            order='id')

    def _approval_decided_by(self):
        """Who decided a step of the current submission."""
        return self._approval_decisions(('approved', 'rejected')).mapped('user_id')

    # Engine

    def _approval_lock(self):
        """Lock the document's row until the end of the transaction, and re-read it.

        NOWAIT: when another user is deciding on the same document, PostgreSQL refuses at once
        (LockNotAvailable) instead of waiting; Odoo's RPC layer retries the call, which then
        sees the other decision and explains it (see _approval_check_decider).
        """
        self.ensure_one()
        self.env.cr.execute('SELECT id FROM "%s" WHERE id = %%s FOR UPDATE NOWAIT' % self._table,
                            (self.id,))
        self.invalidate_cache()

    def _approval_steps(self):
        """The document's chain: the steps of its type shared by every company and its
        company's own."""
        return self.env['sales.approval.step'].sudo().search([
            ('model', '=', self._name), ('company_id', 'in', [False, self.company_id.id])])

    def _approval_next(self, current, requester=None, decided=None):
        """The step after `current` that applies to the document and waits for a decision, who
        may decide it, and the steps before it that the requester's submission approves.

        `decided`: who already decided a step of this submission (they decide no other).
        Computed before anything is written, so that a chain nobody can complete is refused
        with nothing changed.
        """
        requester = requester or self.approval_requested_by_id
        steps = self._approval_steps()
        if current:
            steps = steps.filtered(lambda step: (step.sequence, step.id) > (current.sequence, current.id))
        passed = steps.browse()
        for step in steps.filtered(lambda step: step._applies_to(self)):
            if step.requester_policy == 'submission' and requester in step._approvers(self):
                passed |= step
                continue
            deciders = self._approval_deciders(step, requester, decided)
            if not deciders:
                raise UserError(_("Nobody can approve the step %(step)s of %(document)s "
                                  "(approvers: %(who)s; whoever submits a document cannot "
                                  "approve it, and a person decides one step of a "
                                  "submission).") % {
                    'step': step.name, 'document': self.display_name,
                    'who': step._approver_description(self) or _('none')})
            return step, deciders, passed
        return steps.browse(), self.env['res.users'], passed

    def _approval_pass(self, steps):
        """Record the steps approved by the requester's submission (they are their approver)."""
        requester = self.approval_requested_by_id
        for step in steps:
            comment = _("Approved by submitting it: %(user)s is this step's approver.") % {
                'user': requester.name}
            self._approval_log('approved', step, comment, user=requester)
            self._post(_("Approved: %(step)s") % {'step': step.name}, comment)

    def _approval_enter_step(self, step, deciders):
        if not step:
            self._workflow_write({'approval_state': 'approved', 'approval_step_id': False,
                                  'approval_deadline': False, 'approval_escalated': False})
            self._post(_("Fully approved."))
            self._on_approved()
            return
        deadline = fields.Date.to_string(
            fields.Date.from_string(fields.Date.context_today(self)) + timedelta(days=step.deadline_days))
        self._workflow_write({'approval_state': 'pending', 'approval_step_id': step.id,
                              'approval_deadline': deadline, 'approval_escalated': False})
        self._schedule_activity('sales_process.mail_activity_type_approval', step._asked(deciders),
                                '_approval_text_to_approve', step, deadline=deadline)

    def _approval_text_to_approve(self, step):
        return _("To approve: %(step)s") % {'step': step.name}

    def _approval_text_to_rework(self, step):
        return _("Rework: %(step)s rejected") % {'step': step.name}

    def _approval_text_overdue(self, step):
        return _("Overdue approval: %(step)s (due %(date)s)") % {
            'step': step.name, 'date': self.approval_deadline}

    def _approval_deciders(self, step=None, requester=None, decided=None):
        """Approvers of the step who may decide it: unless the step lets the requester
        approve, neither the requester nor whoever decided another step of the submission."""
        step = step or self.approval_step_id
        approvers = step._approvers(self)
        if step.requester_policy != 'requester':
            approvers -= requester or self.approval_requested_by_id
            approvers -= self._approval_decided_by() if decided is None else decided
        return approvers

    def _approval_check_decider(self):
        """The current step, if the current user may decide it now; a clear error otherwise."""
        self.ensure_one()
        expected_id = self.env.context.get('approval_expected_step_id')
        step = self.approval_step_id
        if self.approval_state != 'pending' or (expected_id and expected_id != step.id):
            last = self.approval_history_ids.sudo().filtered(
                lambda line: line.decision in ('approved', 'rejected', 'withdrawn'))[:1]
            if expected_id and last:  # the user's screen shows a step someone else decided
                raise UserError(_("This step has already been decided: %(decision)s by %(user)s on "
                                  "%(date)s. Reload the document.") % {
                    'decision': dict(last._fields['decision']._description_selection(self.env))[
                        last.decision].lower(),
                    'user': last.user_id.name, 'date': last.date})
            if self.approval_state == 'draft':
                raise UserError(_("%(document)s is a draft: it must be submitted before it can be "
                                  "approved or rejected.") % {'document': self.display_name})
            raise UserError(_("%(document)s is not waiting for approval.")
                            % {'document': self.display_name})
        if self.env.user not in step._approvers(self):
            raise UserError(_("You are not an approver of the step %(step)s of %(document)s; it is "
                              "waiting for %(who)s.") % {'step': step.name, 'document': self.display_name,
                                                         'who': step._approver_description(self)})
        if self.env.user not in self._approval_deciders(step):
            if self.env.user == self.approval_requested_by_id:
                raise UserError(_("You submitted %(document)s: you cannot approve or reject your "
                                  "own document (segregation of duties).")
                                % {'document': self.display_name})
            raise UserError(_("You already decided a step of %(document)s in this submission: "
                              "someone else decides the step %(step)s (segregation of duties).")
                            % {'document': self.display_name, 'step': step.name})
        return step

    def _approval_log(self, decision, step, comment=None, user=None):
        self.env['sales.approval.history']._record(self, {
            'cycle': self.approval_cycle,
            'step_id': step.id if step else False,
            'step_name': step.name if step else False,
            'decision': decision,
            'user_id': user.id if user else self.env.uid,
            'comment': comment or False,
        })

    # Escalation

    def _approval_escalate(self):
        step = self.approval_step_id
        self._workflow_write({'approval_escalated': True})
        self._schedule_activity('sales_process.mail_activity_type_approval_overdue',
                                step._escalation_users(self),
                                '_approval_text_overdue', step)
        self._approval_log('escalated', step)
        self._post(_("Approval overdue: the step %(step)s was due on %(date)s; escalated to "
                     "%(group)s.") % {'step': step.name, 'date': self.approval_deadline,
                                      'group': step.escalation_group_id.name or _('nobody')})

    # The approval part of every form view

    @api.model
    def fields_view_get(self, view_id=None, view_type='form', toolbar=False, submenu=False):
        result = super(SalesApprovalMixin, self).fields_view_get(
            view_id=view_id, view_type=view_type, toolbar=toolbar, submenu=submenu)
        if view_type == 'form':
            arch = etree.fromstring(result['arch'])
            self._approval_inject_form(arch)
            result['arch'], fields_info = self.env['ir.ui.view'].postprocess_and_fields(
                self._name, arch, result.get('view_id'))
            # the first pass moved the form's inline sub-views (e.g. an editable list of lines)
            # into result['fields']: keep those, add the approval fields
            for name, info in fields_info.items():
                result['fields'].setdefault(name, info)
        return result

    def _approval_inject_form(self, arch):
        header = arch.find('header')
        if header is None:
            header = etree.Element('header')
            arch.insert(0, header)
        buttons = [
            ('action_approval_submit', _('Submit for Approval'), 'oe_highlight',
             "{'invisible': [('approval_can_submit', '=', False)]}", None),
            ('action_approval_approve_wizard', _('Approve'), 'oe_highlight',
             "{'invisible': [('approval_can_decide', '=', False)]}",
             "{'approval_expected_step_id': approval_step_id}"),
            ('action_approval_reject_wizard', _('Reject'), None,
             "{'invisible': [('approval_can_decide', '=', False)]}",
             "{'approval_expected_step_id': approval_step_id}"),
            ('action_approval_reset', _('Reset to Draft'), None,
             "{'invisible': [('approval_can_reset', '=', False)]}", None),
        ]
        for position, (method, label, css, attrs, context) in enumerate(buttons):
            button = etree.Element('button', name=method, type='object', string=label, attrs=attrs)
            if css:
                button.set('class', css)
            if context:
                button.set('context', context)
            header.insert(position, button)
        for name in ('approval_state', 'approval_can_decide', 'approval_can_submit',
                     'approval_can_reset', 'approval_step_id'):
            header.append(etree.Element('field', name=name, invisible='1'))

        sheet = arch.find('sheet')
        container = sheet if sheet is not None else arch
        status = etree.fromstring(
            '<div class="alert alert-info" role="status" '
            'attrs="{\'invisible\': [(\'approval_state\', \'!=\', \'pending\')]}">'
            '<field name="approval_status_text" readonly="1"/></div>')
        container.insert(0, status)
        notebook = container.find('notebook')
        if notebook is None:
            notebook = etree.SubElement(container, 'notebook')
        page = etree.SubElement(notebook, 'page', name='approval', string=_('Approvals'))
        group = etree.SubElement(page, 'group')
        for name in ('approval_state', 'approval_requested_by_id', 'approval_requested_date',
                     'approval_cycle'):
            etree.SubElement(group, 'field', name=name)
        history = etree.SubElement(page, 'field', name='approval_history_ids', readonly='1')
        tree = etree.SubElement(history, 'tree', create='false', delete='false', edit='false')
        for name in ('date', 'cycle', 'step_id', 'decision', 'user_id', 'comment'):
            etree.SubElement(tree, 'field', name=name)
