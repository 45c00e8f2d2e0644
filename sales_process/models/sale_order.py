from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = 'sale.order'

    # Exchanges and returns: the order's after-sales cases (smart button)

    aftersales_case_count = fields.Integer(string='After-Sales Cases',
                                           compute='_compute_aftersales_case_count')

    def _compute_aftersales_case_count(self):
        counts = self.env['sales.aftersales.case']._count_cases('sale_order_id', self.ids)
        for order in self:
            order.aftersales_case_count = counts.get(order.id, 0)

    @api.multi
    def action_view_aftersales_cases(self):
        self.ensure_one()
        return self.env['sales.aftersales.case']._open_cases_action(
            [('sale_order_id', '=', self.id)])
