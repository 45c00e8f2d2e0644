from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


def group_members(group, company):
    """The active internal users of `group` who work for `company`: who is told to act."""
    return group.sudo().users.filtered(
        lambda user: user.active and not user.share and company in user.company_ids)


class SalesApprovalStep(models.Model):
    """One step of a document type's approval chain.

    A document type's chain is the ordered list of its active steps. A step is approved by the
    members of a group or by the user held in a field of the document (e.g. the region's
    manager); it may apply only above an amount, and has a deadline after which it is escalated.
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
    approver_type = fields.Selection(
        [('group', 'Members of a group'), ('field', 'User in a field of the document')],
        string='Approved By', required=True, default='group')
    group_id = fields.Many2one('res.groups', string='Approver Group', ondelete='restrict')
    user_field_id = fields.Many2one(
        'ir.model.fields', string='Approver Field', ondelete='cascade',
        domain="[('model_id', '=', model_id), ('ttype', '=', 'many2one'), ('relation', '=', 'res.users')]",
        help="A field of the document holding the approver, e.g. the region's manager.")
    min_amount = fields.Monetary(
        string='Applies Above', currency_field='currency_id',
        help="The step applies only to documents whose amount is above this threshold (in the "
             "company's currency). Zero: it always applies.")
    currency_id = fields.Many2one(
        'res.currency', string='Currency', readonly=True,
        default=lambda self: self.env.user.company_id.currency_id)
    deadline_days = fields.Integer(
        string='Deadline (days)', default=2, group_operator='max',
        help="Days the approvers have to decide. Past the deadline the step is escalated once to "
             "the escalation group.")
    allow_self_approval = fields.Boolean(
        string='Requester May Approve',
        help="Segregation of duties: by default, whoever submitted a document cannot approve "
             "it. Tick to allow it for this step.")
    approved_by_submitter = fields.Boolean(
        string="Submitter's Approval Counts",
        help="When whoever submits the document is an approver of this step (e.g. a regional "
             "manager submitting a request of their own region), the submission approves the "
             "step: it is recorded in the history and the document goes on to the next step. "
             "Otherwise someone else must approve it (segregation of duties).")
    escalation_group_id = fields.Many2one(
        'res.groups', string='Escalate To', ondelete='restrict',
        default=lambda self: self.env.ref('sales_process.group_general_manager',
                                          raise_if_not_found=False),
        help="The manager role told when the step is overdue.")

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

    @api.onchange('approver_type')
    def _onchange_approver_type(self):
        if self.approver_type == 'group':
            self.user_field_id = False
        else:
            self.group_id = False

    # Business helpers

    def _applies_to(self, document):
        self.ensure_one()
        return not self.min_amount or document._approval_amount() > self.min_amount

    def _approvers(self, document):
        """The users who may decide this step for the document (segregation not applied)."""
        self.ensure_one()
        if self.approver_type == 'field':
            return document.sudo()[self.user_field_id.name].filtered('active')
        return group_members(self.group_id, document.company_id)

    def _approver_description(self, document):
        self.ensure_one()
        if self.approver_type == 'group':
            return self.group_id.name
        return ', '.join(self._approvers(document).mapped('name')) or self.user_field_id.field_description
