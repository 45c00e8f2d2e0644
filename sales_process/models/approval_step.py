from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools.safe_eval import safe_eval

# Who may decide a step, compared with whoever submitted the document
REQUESTER_POLICIES = [
    ('others', 'Someone else approves'),
    ('requester', 'The requester may approve'),
    ('submission', 'Submitting approves this step'),
]


def group_members(group, company):
    """The active internal users of `group` who work for `company`: who is told to act."""
    return group.sudo().users.filtered(
        lambda user: user.active and not user.share and company in user.company_ids)


def groups_above(group):
    """The groups that imply `group`, directly or through others (the roles above it)."""
    Groups = group.env['res.groups'].sudo()
    above, frontier = Groups.browse(), group.sudo()
    while frontier:
        frontier = Groups.search([('implied_ids', 'in', frontier.ids)]) - above - group
        above |= frontier
    return above


def nearest_holders(group, users):
    """Among `users` (members of `group`), those who hold the role itself rather than a role
    above it: the fewest roles above `group`. A step of the marketing assistants is asked of the
    marketing assistants, not of every manager whose role includes theirs; when nobody holds the
    role itself, of the holders of the nearest role above it."""
    if not users or not group:
        return users
    above = groups_above(group)
    rank = {user: len(user.sudo().groups_id & above) for user in users}
    lowest = min(rank.values())
    return users.filtered(lambda user: rank[user] == lowest)


class SalesApprovalStep(models.Model):
    """One step of a document type's approval chain.

    A document type's chain is the ordered list of its active steps. A step is approved by the
    members of a group or by the user held in a field of the document (e.g. the region's
    manager); it may apply only above an amount and to the documents matching a condition, and
    has a deadline after which it is escalated.
    """
    _name = 'sales.approval.step'
    _description = 'Approval Step'
    _order = 'model_id, sequence, id'

    name = fields.Char(string='Step', required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    model_id = fields.Many2one(
        'ir.model', string='Document Type', required=True, ondelete='cascade',
        domain=lambda self: [('model', 'in', self._approval_models())])
    model = fields.Char(related='model_id.model', store=True, readonly=True, index=True)
    company_id = fields.Many2one(
        'res.company', index=True, ondelete='cascade', copy=False,
        default=lambda self: self._default_company(),
        help="The company whose documents the step applies to. Empty: the documents of every "
             "company (the steps the module installs). A company's chain is its own steps and "
             "the shared ones.")
    approver_type = fields.Selection(
        [('group', 'Members of a group'), ('field', 'User in a field of the document')],
        string='Approved By', required=True, default='group')
    group_id = fields.Many2one(
        'res.groups', string='Approver Group', ondelete='restrict',
        help="The role that decides the step. Its holders are asked (an activity, My "
             "Approvals); the holders of a role above it may decide in their place.")
    user_field_id = fields.Many2one(
        'ir.model.fields', string='Approver Field', ondelete='cascade',
        domain="[('model_id', '=', model_id), ('ttype', '=', 'many2one'), ('relation', '=', 'res.users')]",
        help="A field of the document holding the approver, e.g. the region's manager.")
    min_amount = fields.Monetary(
        string='Applies Above', currency_field='currency_id',
        help="The step applies only to documents whose amount is above this threshold (in the "
             "company's currency). Zero: it always applies.")
    condition = fields.Char(
        string='Applies When', default='[]',
        help="The step applies only to the documents matching this filter (e.g. a kind of "
             "document); empty: to every document.")
    currency_id = fields.Many2one(
        'res.currency', readonly=True,
        default=lambda self: self.env.user.company_id.currency_id)
    deadline_days = fields.Integer(
        string='Deadline (days)', default=2, group_operator='max',
        help="Days the approvers have to decide. Past the deadline the step is escalated once to "
             "the escalation group.")
    requester_policy = fields.Selection(
        REQUESTER_POLICIES, string='Requester', required=True, default='others',
        help="Someone else approves: neither whoever submitted the document nor whoever decided "
             "another of its steps in the same submission decides this step (segregation of "
             "duties).\n"
             "The requester may approve: segregation of duties does not apply to this step.\n"
             "Submitting approves this step: when whoever submits the document is an approver "
             "of this step (e.g. a regional manager submitting a request of their own region), "
             "the submission approves it, recorded in the history; otherwise someone else "
             "approves it.")
    escalation_group_id = fields.Many2one(
        'res.groups', string='Escalate To', ondelete='restrict',
        default=lambda self: self.env.ref('sales_process.group_general_manager',
                                          raise_if_not_found=False),
        help="The manager role told when the step is overdue.")

    @api.model
    def _default_company(self):
        # a person configures their company's chain; what the module's loader installs (as
        # the superuser, also when an upgrade adds this column) stays every company's
        return self.env.user.company_id if self.env.uid != SUPERUSER_ID else self.env['res.company']

    @api.model
    def _approval_models(self):
        """The document types that use the approval engine."""
        registry = self.env.registry
        return sorted(name for name in registry['sales.approval.mixin']._inherit_children
                      if not registry[name]._abstract)

    @api.constrains('approver_type', 'group_id', 'user_field_id', 'model_id')
    def _check_approver(self):
        for step in self:
            if step.approver_type == 'group' and not step.group_id:
                raise ValidationError(_("The approval step %(step)s needs an approver group.")
                                      % {'step': step.name})
            if step.approver_type == 'field':
                field = step.user_field_id
                if not field:
                    raise ValidationError(_("The approval step %(step)s needs the field of the "
                                            "document that holds the approver.") % {'step': step.name})
                if field.model_id != step.model_id or field.relation != 'res.users':
                    raise ValidationError(_("The field %(field)s is not a user field of %(model)s.")
                                          % {'field': field.name, 'model': step.model_id.model})

    @api.constrains('min_amount', 'deadline_days')
    def _check_positive(self):
        for step in self:
            if step.min_amount < 0:
                raise ValidationError(_("The threshold of the approval step %(step)s cannot be "
                                        "negative.") % {'step': step.name})
            if step.deadline_days < 0:
                raise ValidationError(_("The deadline of the approval step %(step)s cannot be "
                                        "negative.") % {'step': step.name})

    @api.constrains('condition', 'model_id')
    def _check_condition(self):
        for step in self:
            try:
                domain = step._condition_domain()
                # the filter must run on the document type: unknown fields, bad operators...
                with self.env.cr.savepoint():
                    self.env[step.model].sudo().search_count(domain)
            except Exception as error:  # any way a filter can be wrong: say which and why
                raise ValidationError(_(
                    "The condition of the approval step %(step)s is not a valid filter on "
                    "%(model)s: %(error)s") % {'step': step.name, 'model': step.model_id.name,
                                               'error': error})

    @api.onchange('approver_type')
    def _onchange_approver_type(self):
        if self.approver_type == 'group':
            self.user_field_id = False
        else:
            self.group_id = False

    # Business helpers

    def _condition_domain(self):
        self.ensure_one()
        domain = safe_eval(self.condition or '[]', {'context': {}})
        if not isinstance(domain, (list, tuple)):
            raise ValueError(_("a filter is a list of conditions, e.g. [('kind', '=', 'exchange')]"))
        return expression.normalize_domain(list(domain))

    def _applies_to(self, document):
        self.ensure_one()
        if self.min_amount and document._approval_amount() <= self.min_amount:
            return False
        domain = self._condition_domain()
        if domain == expression.TRUE_DOMAIN:
            return True
        return bool(document.sudo().search_count(expression.AND([[('id', '=', document.id)], domain])))

    def _approvers(self, document):
        """Everybody who may decide this step for the document (segregation not applied): the
        document's user, or the members of the group, roles above it included."""
        self.ensure_one()
        if self.approver_type == 'field':
            return document.sudo()[self.user_field_id.name].filtered('active')
        return group_members(self.group_id, document.company_id)

    def _asked(self, users):
        """Among users who may decide the step, those it is designated to (see nearest_holders)."""
        self.ensure_one()
        return nearest_holders(self.group_id, users) if self.approver_type == 'group' else users

    def _escalation_users(self, document):
        """Who is told when the step is overdue: the holders of the escalation role."""
        self.ensure_one()
        group = self.escalation_group_id
        return nearest_holders(group, group_members(group, document.company_id))

    def _approver_description(self, document):
        self.ensure_one()
        if self.approver_type == 'group':
            return self.group_id.name
        return ', '.join(self._approvers(document).mapped('name')) or self.user_field_id.field_description

    # Escalation (the scheduled action's model)

    @api.model
    def _cron_escalate_overdue_approvals(self):
        """Escalate, once per step, every approval past its deadline (all document types)."""
        # another server escalating them at the same moment: nothing to add (_claim_run)
        if not self.env['sales.process.document']._claim_scheduled_run('escalate_approvals'):
            return True
        today = fields.Date.context_today(self)
        for model in self._approval_models():
            overdue = self.env[model].sudo().search([
                ('approval_state', '=', 'pending'), ('approval_deadline', '<', today),
                ('approval_escalated', '=', False)])
            for document in overdue:
                document._approval_escalate()
        return True
