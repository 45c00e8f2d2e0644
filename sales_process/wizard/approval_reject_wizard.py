from odoo import api, fields, models


class SalesApprovalRejectWizard(models.TransientModel):
    """Asks the approver for the reason of a rejection (required by the engine)."""
    _name = 'sales.approval.reject.wizard'
    _description = 'Reject an Approval'

    res_model = fields.Char(string='Document Model', required=True)
    res_id = fields.Integer(string='Document ID', required=True)
    reason = fields.Text(required=True, help="Tell the requester what to rework.")

    @api.multi
    def action_reject(self):
        self.ensure_one()
        document = self.env[self.res_model].browse(self.res_id)
        document.action_approval_reject(self.reason)
        return {'type': 'ir.actions.act_window_close'}
