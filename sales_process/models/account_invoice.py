from odoo import api, fields, models


class AccountInvoice(models.Model):
    _inherit = 'account.invoice'

    # Exchanges and returns
    #
    # The credit note of a returned case is drafted by the module and validated by the billing
    # users (Invoicing's own rights); its validation moves the case on to the feedback.

    aftersales_case_id = fields.Many2one(
        'sales.aftersales.case', string='After-Sales Case', index=True, readonly=True,
        copy=False, ondelete='restrict',
        help="The after-sales case (a return) this credit note refunds.")

    @api.model
    def create(self, vals):
        self.env['stock.picking']._check_aftersales_link(vals)
        return super(AccountInvoice, self).create(vals)

    @api.multi
    def write(self, vals):
        self.env['stock.picking']._check_aftersales_link(vals)
        return super(AccountInvoice, self).write(vals)

    @api.multi
    def action_invoice_open(self):
        result = super(AccountInvoice, self).action_invoice_open()
        self.sudo().mapped('aftersales_case_id').with_env(self.env)._sync_credit_notes()
        return result

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


class AccountInvoiceLine(models.Model):
    _inherit = 'account.invoice.line'

    # Sales expense budgets: a vendor bill line paying a promotion's cost names it, so that the
    # cost counts once in the region's budget (see sales_budget_measure.FACT_SQL)

    sales_promotion_id = fields.Many2one(
        'sales.promotion', string='Promotion', index=True, ondelete='restrict',
        help="The promotion whose cost this bill line pays: the promotion's own actual cost of "
             "the same kind is then counted only for what the bills do not cover.")
