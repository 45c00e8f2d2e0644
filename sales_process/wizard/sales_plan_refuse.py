from odoo import api, fields, models


class SalesPlanRefuseWizard(models.TransientModel):
    """The regional manager refuses a plan assigned to their region, with the reason."""
    _name = 'sales.plan.refuse.wizard'
    _description = 'Refuse a Sales Plan'

    plan_id = fields.Many2one('sales.plan', required=True, ondelete='cascade')
    reason = fields.Text(required=True, help="Why the region cannot commit to these targets.")

    @api.multi
    def action_refuse(self):
        self.ensure_one()
        self.plan_id.action_refuse(self.reason)
        return {'type': 'ir.actions.act_window_close'}
