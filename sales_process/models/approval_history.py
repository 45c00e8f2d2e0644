from odoo import _, api, fields, models
from odoo.exceptions import UserError

# Only the approval engine writes history: it passes this object in its context. RPC and the
# UI can only send JSON, so they can never produce it.
ENGINE_TOKEN = object()


class SalesApprovalHistory(models.Model):
    """One decision on a document's approval: the immutable audit trail.

    Lines are created by the approval engine only, and can be neither changed nor deleted,
    by anyone (superuser included): a resubmission starts a new cycle and adds lines.
    """
    _name = 'sales.approval.history'
    _description = 'Approval History'
    _order = 'date desc, id desc'
    _rec_name = 'document_name'

    res_model = fields.Char(string='Document Model', required=True, readonly=True, index=True)
    res_model_id = fields.Many2one('ir.model', string='Document Type', readonly=True,
                                   ondelete='cascade')
    res_id = fields.Integer(string='Document ID', required=True, readonly=True, index=True)
    document_name = fields.Char(string='Document', readonly=True)
    cycle = fields.Integer(readonly=True, help="Submission number: every resubmission starts a new cycle.")
    step_id = fields.Many2one('sales.approval.step', string='Step', readonly=True, ondelete='set null')
    step_name = fields.Char(string='Step Name', readonly=True)
    decision = fields.Selection(
        [('submitted', 'Submitted'), ('approved', 'Approved'), ('rejected', 'Rejected'),
         ('withdrawn', 'Reset to Draft'), ('escalated', 'Escalated')],
        required=True, readonly=True)
    user_id = fields.Many2one('res.users', string='By', required=True, readonly=True, ondelete='restrict')
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    comment = fields.Text(readonly=True)
    region_id = fields.Many2one('crm.team', string='Region', readonly=True, index=True)
    company_id = fields.Many2one('res.company', string='Company', readonly=True, index=True)

    @api.model
    def create(self, vals):
        if self.env.context.get('sales_approval_engine') is not ENGINE_TOKEN:
            raise UserError(_("Approval history is written by the approval engine only."))
        return super(SalesApprovalHistory, self).create(vals)

    @api.multi
    def write(self, vals):
        raise UserError(_("Approval history cannot be changed: it is the record of who decided what."))

    @api.multi
    def unlink(self):
        raise UserError(_("Approval history cannot be deleted: it is the record of who decided what."))

    @api.multi
    def action_open_document(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'res_model': self.res_model,
            'res_id': self.res_id,
            'view_mode': 'form',
        }
