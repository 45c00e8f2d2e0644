from datetime import timedelta

from lxml import etree

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html_escape

from .approval_history import ENGINE_TOKEN
from .approval_step import group_members

# The engine's activities: to approve, to rework after a rejection, overdue (escalation)
APPROVAL_ACTIVITY_TYPES = ('sales_process.mail_activity_type_approval',
                           'sales_process.mail_activity_type_approval_rework',
                           'sales_process.mail_activity_type_approval_overdue')
# Fields a document keeps writable while it is waiting for approval or approved, besides the
# engine's own (approval_*) and the chatter's. A document adds its own in _approval_unlocked_fields.
ALWAYS_UNLOCKED = {'state', 'active', 'message_follower_ids', 'message_ids', 'activity_ids',
                   'message_main_attachment_id', 'website_message_ids'}


class SalesApprovalMixin(models.AbstractModel):
    """The approval engine: every sales process document that needs approvals inherits it.

    A document declares its chain as data (``sales.approval.step`` records for its model) and
    implements the hooks it needs:

    * ``_approval_submittable()``: whether the document goes through approval at all (Submit
      button); ``_approval_check_submit()``: raise if it cannot be submitted yet;
    * ``_on_approval_submitted()``, ``_on_approved()``, ``_on_rejected(reason)``,
      ``_on_approval_reset()``: move the document's own state, create what follows;
    * ``_approval_amount_field``: the field compared with the steps' thresholds;
    * ``_approval_unlocked_fields``: fields still writable once submitted or approved.

    The engine owns the approval state, the current step, the activities of the approvers and
    of the requester, the immutable history, segregation of duties, locking, escalation and
    concurrency. The approval buttons, status and history are added to the document's form
    view automatically.
    """
    _name = 'sales.approval.mixin'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _description = 'Approval Engine'

    _approval_amount_field = None
    _approval_unlocked_fields = set()

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
    approval_deadline = fields.Date(string='Approval Deadline', readonly=True, copy=False)
    approval_escalated = fields.Boolean(string='Escalated', readonly=True, copy=False)
    approval_history_ids = fields.One2many(
        'sales.approval.history', 'res_id', string='Approval History', readonly=True,
        domain=lambda self: [('res_model', '=', self._name)])
    approval_approver_ids = fields.Many2many(
        'res.users', string='Approvers', compute='_compute_approval_approvers',
        help="Who may decide the current step.")
    approval_can_decide = fields.Boolean(compute='_compute_approval_approvers')
    approval_can_submit = fields.Boolean(compute='_compute_approval_can_submit')
    approval_can_reset = fields.Boolean(compute='_compute_approval_can_submit')
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
            approvers = step._approvers(document)
            document.approval_approver_ids = approvers
            document.approval_waiting_for_me = self.env.user in approvers
            document.approval_can_decide = self.env.user in document._approval_deciders()

    @api.depends('approval_state', 'approval_requested_by_id')
    def _compute_approval_can_submit(self):
        for document in self:
            document.approval_can_submit = (document.approval_state in ('draft', 'rejected')
                                            and document._approval_submittable())
            # withdrawn by its requester while pending; reset by its editors once rejected
            document.approval_can_reset = (
                document.approval_state == 'rejected'
                or (document.approval_state == 'pending'
                    and self.env.user == document.approval_requested_by_id))

    def _search_approval_waiting_for_me(self, operator, value):
        steps = self.env['sales.approval.step'].sudo().search([('model', '=', self._name)])
        user = self.env.user
        clauses = []
        for step in steps:
            if step.approver_type == 'group' and step.group_id in user.groups_id:
                clauses.append([('approval_step_id', '=', step.id)])
            elif step.approver_type == 'field':
                clauses.append(['&', ('approval_step_id', '=', step.id),
                                (step.user_field_id.name, '=', user.id)])
        domain = ['|'] * (len(clauses) - 1) + [leaf for clause in clauses for leaf in clause]
        domain = ['&', ('approval_state', '=', 'pending')] + domain if clauses else [('id', '=', 0)]
        positive = (operator == '=') == bool(value)
        return domain if positive else ['!'] + domain

    # CRUD

    @api.model
    def create(self, vals):
        if any(name.startswith('approval_') and value and value != 'draft'
               for name, value in vals.items()):
            raise UserError(_("A new document starts as a draft: its approval is set by the "
                              "approval engine only."))
        return super(SalesApprovalMixin, self).create(vals)

    @api.multi
    def write(self, vals):
        if self.env.context.get('sales_approval_engine') is not ENGINE_TOKEN and any(
                name.startswith('approval_') for name in vals):
            raise UserError(_("The approval of a document changes only through its Submit, "
                              "Approve, Reject and Reset buttons."))
        locked = self.filtered(lambda doc: doc.approval_state in ('pending', 'approved'))
        if locked:
            allowed = ALWAYS_UNLOCKED | set(self._approval_unlocked_fields)
            changed = [name for name in vals if not name.startswith('approval_') and name not in allowed]
            if changed:
                labels = ', '.join(self._fields[name].string for name in changed if name in self._fields)
                raise UserError(_("%(document)s is %(state)s: %(fields)s can no longer be "
                                  "changed.") % {
                    'document': locked[0].display_name,
                    'state': dict(self._fields['approval_state']._description_selection(self.env))[
                        locked[0].approval_state].lower(),
                    'fields': labels})
        return super(SalesApprovalMixin, self).write(vals)

    @api.multi
    def unlink(self):
        if any(doc.approval_state in ('pending', 'approved') for doc in self):
            raise UserError(_("A document that is waiting for approval or approved cannot be "
                              "deleted."))
        return super(SalesApprovalMixin, self).unlink()

    # Actions (the buttons)

    @api.multi
    def action_approval_submit(self):
        for document in self:
            if document.approval_state not in ('draft', 'rejected'):
                raise UserError(_("%(document)s has already been submitted.")
                                % {'document': document.display_name})
            if not document._approval_submittable():
                raise UserError(_("%(document)s is not submitted for approval on its own.")
                                % {'document': document.display_name})
            document._approval_check_submit()
            document._approval_lock()
            step, approvers, passed = document._approval_next(False, requester=self.env.user)
            document._approval_engine().write({
                'approval_cycle': document.approval_cycle + 1,
                'approval_requested_by_id': self.env.uid,
                'approval_requested_date': fields.Datetime.now(),
            })
            document._approval_close_activities()
            document._approval_log('submitted', False)
            document._approval_post(_("Submitted for approval."))
            document._on_approval_submitted()
            document._approval_pass(passed)
            document._approval_enter_step(step, approvers)
        return True

    @api.multi
    def action_approval_approve(self, comment=None):
        for document in self:
            document._approval_lock()
            step = document._approval_check_decider()
            next_step, approvers, passed = document._approval_next(step)
            document._approval_log('approved', step, comment)
            document._approval_post(_("Approved: %(step)s") % {'step': step.name}, comment)
            document._approval_close_activities()
            document._approval_pass(passed)
            document._approval_enter_step(next_step, approvers)
        return True

    @api.multi
    def action_approval_reject(self, reason=None):
        if not (reason or '').strip():
            raise UserError(_("Give the reason for the rejection: the requester needs it to "
                              "rework the document."))
        for document in self:
            document._approval_lock()
            step = document._approval_check_decider()
            document._approval_log('rejected', step, reason)
            document._approval_post(_("Rejected: %(step)s") % {'step': step.name}, reason)
            document._approval_close_activities()
            document._approval_engine().write({
                'approval_state': 'rejected', 'approval_step_id': False,
                'approval_deadline': False, 'approval_escalated': False})
            requester = document.approval_requested_by_id
            worded = document.with_context(lang=requester.lang)
            worded._approval_schedule(
                'sales_process.mail_activity_type_approval_rework', requester,
                fields.Date.context_today(self), worded._approval_text_to_rework(step), reason)
            document._on_rejected(reason)
        return True

    @api.multi
    def action_approval_reset(self):
        for document in self:
            if document.approval_state not in ('pending', 'rejected'):
                raise UserError(_("Only a document waiting for approval or rejected can be reset "
                                  "to draft."))
            if (document.approval_state == 'pending' and not self.env.user._is_superuser()
                    and self.env.user != document.approval_requested_by_id):
                raise UserError(_("Only %(user)s, who submitted %(document)s, can withdraw it "
                                  "while it is waiting for approval.") % {
                    'user': document.approval_requested_by_id.name,
                    'document': document.display_name})
            document._approval_lock()
            step = document.approval_step_id
            document._approval_log('withdrawn', step)
            document._approval_close_activities()
            document._approval_engine().write({
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

    # Engine

    def _approval_engine(self):
        """The document with the engine's rights: approvers need not be able to edit it."""
        return self.sudo().with_context(sales_approval_engine=ENGINE_TOKEN)

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
        return self.env['sales.approval.step'].sudo().search([('model', '=', self._name)])

    def _approval_next(self, current, requester=None):
        """The step after `current` that applies to the document and waits for a decision, who
        may decide it, and the steps before it that the requester's submission approves.

        Computed before anything is written, so that a chain nobody can complete is refused
        with nothing changed.
        """
        requester = requester or self.approval_requested_by_id
        steps = self._approval_steps()
        if current:
            steps = steps.filtered(lambda step: (step.sequence, step.id) > (current.sequence, current.id))
        passed = steps.browse()
        for step in steps.filtered(lambda step: step._applies_to(self)):
            if step.approved_by_submitter and requester in step._approvers(self):
                passed |= step
                continue
            approvers = self._approval_deciders(step, requester)
            if not approvers:
                raise UserError(_("Nobody can approve the step %(step)s of %(document)s "
                                  "(approvers: %(who)s; whoever submits a document cannot "
                                  "approve it).") % {
                    'step': step.name, 'document': self.display_name,
                    'who': step._approver_description(self) or _('none')})
            return step, approvers, passed
        return steps.browse(), self.env['res.users'], passed

    def _approval_pass(self, steps):
        """Record the steps approved by the requester's submission (they are their approver)."""
        requester = self.approval_requested_by_id
        for step in steps:
            comment = _("Approved by submitting it: %(user)s is this step's approver.") % {
                'user': requester.name}
            self._approval_log('approved', step, comment, user=requester)
            self._approval_post(_("Approved: %(step)s") % {'step': step.name}, comment,
                                author=requester)

    def _approval_enter_step(self, step, approvers):
        engine = self._approval_engine()
        if not step:
            engine.write({'approval_state': 'approved', 'approval_step_id': False,
                          'approval_deadline': False, 'approval_escalated': False})
            self._approval_post(_("Fully approved."))
            self._on_approved()
            return
        deadline = fields.Date.to_string(
            fields.Date.from_string(fields.Date.context_today(self)) + timedelta(days=step.deadline_days))
        engine.write({'approval_state': 'pending', 'approval_step_id': step.id,
                      'approval_deadline': deadline, 'approval_escalated': False})
        for approver in approvers:
            # an activity is personal: worded in its user's language
            worded = self.with_context(lang=approver.lang)
            worded._approval_schedule('sales_process.mail_activity_type_approval', approver,
                                      deadline, worded._approval_text_to_approve(step))

    def _approval_text_to_approve(self, step):
        return _("To approve: %(step)s") % {'step': step.with_context(self.env.context).name}

    def _approval_text_to_rework(self, step):
        return _("Rework: %(step)s rejected") % {'step': step.with_context(self.env.context).name}

    def _approval_deciders(self, step=None, requester=None):
        """Approvers of the step who may decide it (segregation of duties applied)."""
        step = step or self.approval_step_id
        approvers = step._approvers(self)
        if not step.allow_self_approval:
            approvers -= requester or self.approval_requested_by_id
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
            raise UserError(_("You submitted %(document)s: you cannot approve or reject your own "
                              "document (segregation of duties).") % {'document': self.display_name})
        return step

    def _approval_log(self, decision, step, comment=None, user=None):
        self.env['sales.approval.history'].sudo().with_context(
            sales_approval_engine=ENGINE_TOKEN).create({
                'res_model': self._name,
                'res_model_id': self.env['ir.model']._get(self._name).id,
                'res_id': self.id,
                'document_name': self.display_name,
                'cycle': self.approval_cycle,
                'step_id': step.id if step else False,
                'step_name': step.name if step else False,
                'decision': decision,
                'user_id': user.id if user else self.env.uid,
                'comment': comment or False,
                'region_id': self['region_id'].id if 'region_id' in self._fields else False,
                'company_id': self['company_id'].id if 'company_id' in self._fields else False,
            })

    # Chatter and activities, for the engine and for the documents' own workflow steps

    def _approval_post(self, title, comment=None, author=None, notify=False):
        """A note in the chatter of each document by the current user (or `author`), who may
        not be able to edit it (an approver, a regional manager accepting a plan, warehouse
        staff processing a transfer): title in bold, comment below; `notify`: a message for
        the followers rather than a note."""
        body = '<p><strong>%s</strong></p>' % html_escape(title)
        if comment:
            body += '<p>%s</p>' % html_escape(comment)
        author = (author or self.env.user).partner_id
        subtype = self.env.ref('mail.mt_comment' if notify else 'mail.mt_note')
        for document in self._approval_engine():
            document.message_post(
                body=body, author_id=author.id, email_from=author.email_formatted or None,
                subtype_id=subtype.id)

    def _approval_schedule(self, activity_type_xmlid, user, deadline, summary, note=None):
        """An activity on the document for `user` (created with the engine's rights)."""
        self.env['mail.activity'].sudo().create({
            'res_model_id': self.env['ir.model']._get(self._name).id,
            'res_id': self.id,
            'activity_type_id': self.env.ref(activity_type_xmlid).id,
            'user_id': user.id,
            'date_deadline': deadline,
            'summary': summary,
            'note': html_escape(note) if note else False,
        })

    def _approval_close_activities(self, activity_type_xmlids=APPROVAL_ACTIVITY_TYPES):
        """Remove the open activities of these types on the documents (the engine's by
        default: its decisions are in the history)."""
        types = [self.env.ref(xmlid).id for xmlid in activity_type_xmlids]
        self.env['mail.activity'].sudo().search([
            ('res_model', '=', self._name), ('res_id', 'in', self.ids),
            ('activity_type_id', 'in', types)]).unlink()

    # Escalation

    @api.model
    def _cron_escalate_overdue_approvals(self):
        """Escalate, once per step, every approval past its deadline (all document types)."""
        today = fields.Date.context_today(self)
        for model in self.env['sales.approval.step']._approval_models():
            overdue = self.env[model].sudo().search([
                ('approval_state', '=', 'pending'), ('approval_deadline', '<', today),
                ('approval_escalated', '=', False)])
            for document in overdue:
                document._approval_escalate()
        return True

    def _approval_escalate(self):
        step = self.approval_step_id
        self._approval_engine().write({'approval_escalated': True})
        managers = group_members(step.escalation_group_id, self.company_id)
        summary = _("Overdue approval: %(step)s (due %(date)s)") % {
            'step': step.name, 'date': self.approval_deadline}
        for manager in managers:
            self._approval_schedule('sales_process.mail_activity_type_approval_overdue', manager,
                                    fields.Date.context_today(self), summary)
        self._approval_log('escalated', step)
        self._approval_post(_("Approval overdue: the step %(step)s was due on %(date)s; escalated "
                              "to %(group)s.") % {'step': step.name, 'date': self.approval_deadline,
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
            '<strong>%s</strong>&#160;<field name="approval_step_id" readonly="1" class="oe_inline"/> '
            '&#8212; %s <field name="approval_approver_ids" widget="many2many_tags" readonly="1" '
            'class="oe_inline"/> &#8212; %s <field name="approval_deadline" readonly="1" '
            'class="oe_inline"/></div>' % (
                html_escape(_('Waiting for approval:')), html_escape(_('approvers:')),
                html_escape(_('due')))) 
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
