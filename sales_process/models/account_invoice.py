from odoo import api, fields, models


class AccountInvoice(models.Model):
    _inherit = 'account.invoice'

    # Exchanges and returns: the after-sales cases of the invoiced orders (smart button)

    aftersales_case_count = fields.Integer(string='After-Sales Cases',
                                           compute='_compute_aftersales_case_count')

    def _aftersales_orders(self):
        return self.sudo().mapped('invoice_line_ids.sale_line_ids.order_id')

    def _compute_aftersales_case_count(self):
        counts = self.env['sales.aftersales.case']._count_cases(
            'sale_order_id', self._aftersales_orders().ids)
        for invoice in self:
            invoice.aftersales_case_count = sum(
                counts.get(order_id, 0) for order_id in invoice._aftersales_orders().ids)

    @api.multi
    def action_view_aftersales_cases(self):
        self.ensure_one()
        return self.env['sales.aftersales.case']._open_cases_action(
            [('sale_order_id', 'in', self._aftersales_orders().ids)])
