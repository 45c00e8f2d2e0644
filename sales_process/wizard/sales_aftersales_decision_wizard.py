from odoo import api, fields, models


class SalesAftersalesDecisionWizard(models.TransientModel):
    """The marketing manager's decision on an assessed case: an exchange, a return (either
    approves the case through the approval engine), or rejected as not a quality problem (the
    reason goes to the customer)."""
    _name = 'sales.aftersales.decision.wizard'
    _description = 'After-Sales Decision'

    case_id = fields.Many2one('sales.aftersales.case', required=True, ondelete='cascade')
    decision = fields.Selection(
        [('exchange', 'Exchange'), ('return', 'Return'),
         ('reject', 'Reject: not a quality problem')], required=True, default='exchange')
    kind_proposed = fields.Selection(related='case_id.kind_proposed', readonly=True)
    proposed_solution = fields.Text(related='case_id.proposed_solution', readonly=True)
    comment = fields.Text(help="Kept in the approval history; for a rejection, the reason the "
                               "customer is told.")

    @api.multi
    def action_confirm(self):
        self.ensure_one()
        self.case_id.action_decide(self.decision, self.comment)
        return {'type': 'ir.actions.act_window_close'}
