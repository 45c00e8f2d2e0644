from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = 'res.company'

    # Exchanges and returns: when repeated cases make a repeat defect (see sales_aftersales_alert.py)

    aftersales_repeat_window_days = fields.Integer(
        string='Repeat Defect Window (Days)', default=90,
        help="Cases of the same product with the same root cause received within this many "
             "days count towards a repeat defect.")
    aftersales_repeat_threshold = fields.Integer(
        string='Repeat Defect Cases', default=2,
        help="From this many cases of the same product with the same root cause within the "
             "window, the quality department gets an activity.")

    @api.constrains('aftersales_repeat_window_days', 'aftersales_repeat_threshold')
    def _check_aftersales_repeat(self):
        for company in self:
            if company.aftersales_repeat_window_days < 1 or company.aftersales_repeat_threshold < 2:
                raise ValidationError(_(
                    "A repeat defect needs a window of at least one day and at least two cases."))
