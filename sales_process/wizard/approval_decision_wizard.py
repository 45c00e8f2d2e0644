from odoo import api, fields, models


class SalesApprovalDecisionWizard(models.TransientModel):
    """The approver's decision on the current step: approve with an optional comment (e.g. the
    reviewer's opinion), or reject with the reason the requester needs."""
    _name = 'sales.approval.decision.wizard'
    _description = 'Approval Decision'

    res_model = fields.Char(string='Document Model', required=True)
    res_id = fields.Integer(string='Document ID', required=True)
    decision = fields.Selection([('approve', 'Approve'), ('reject', 'Reject')], required=True,
                                default='approve')
    comment = fields.Text(help="An optional comment or opinion, kept in the approval history.")
    reason = fields.Text(help="What the requester must rework, kept in the approval history and "
                              "the document's chatter.")

    @api.multi
    def action_confirm(self):
        self.ensure_one()
        document = self.env[self.res_model].browse(self.res_id)
        if self.decision == 'approve':
            document.action_approval_approve(comment=self.comment)
        else:  # the engine refuses a rejection without its reason
            document.action_approval_reject(self.reason)
        return {'type': 'ir.actions.act_window_close'}
