from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from .sales_achievement import BASIS_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = 'res.config.settings'

    # Sales plans: what counts as an actual sale

    sales_achievement_basis = fields.Selection(
        [('order', 'Confirmed sale orders'), ('invoice', 'Validated invoices, net of refunds')],
        string='Actual Sales Basis', default='order',
        help="What counts as actual sales when plans are measured against their targets.")

    # Exchanges and returns: when repeated cases make a repeat defect (the company's)

    aftersales_repeat_window_days = fields.Integer(
        related='company_id.aftersales_repeat_window_days')
    aftersales_repeat_threshold = fields.Integer(related='company_id.aftersales_repeat_threshold')

    @api.model
    def get_values(self):
        values = super(ResConfigSettings, self).get_values()
        values['sales_achievement_basis'] = self.env['sales.achievement'].basis()
        return values

    @api.multi
    def set_values(self):
        # the parameter is written with the module's rights: only whoever may open the
        # Settings (administrators) may change it, whatever calls this method
        if not self.env.user.has_group('base.group_system'):
            raise AccessError(_("Only administrators can change the sales process settings."))
        result = super(ResConfigSettings, self).set_values()
        self.env['ir.config_parameter'].sudo().set_param(
            BASIS_PARAM, self.sales_achievement_basis or 'order')
        return result
