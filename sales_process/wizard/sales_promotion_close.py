from odoo import api, fields, models


class SalesPromotionCloseWizard(models.TransientModel):
    """The responsible person closes a promotion with summary reports missing, saying why."""
    _name = 'sales.promotion.close.wizard'
    _description = 'Close a Promotion'

    promotion_id = fields.Many2one('sales.promotion', required=True, ondelete='cascade')
    missing_report_user_ids = fields.Many2many(related='promotion_id.missing_report_user_ids',
                                               readonly=True)
    reason = fields.Text(string='Why Close Without Every Report', required=True)

    @api.multi
    def action_close(self):
        self.ensure_one()
        self.promotion_id.action_close(self.reason)
        return {'type': 'ir.actions.act_window_close'}
