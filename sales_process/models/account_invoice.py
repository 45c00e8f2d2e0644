from odoo import api, fields, models
# receivables collection
from odoo import _
from odoo.tools.misc import formatLang

from .sales_receivable_measure import OPEN_ITEMS_SQL


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

    # Receivables collection
    #
    # The daily check gives the salesperson of each invoice that has fallen overdue one
    # collection activity (once per invoice: collection_activity_date records it, set by one
    # UPDATE that concurrent runs cannot both win), and marks the promises to pay kept or broken.
    # (A run whose snapshot predates another's commit is refused by PostgreSQL, Odoo's
    # repeatable read, and rolled back whole: the next run finds the invoices claimed.)

    collection_activity_date = fields.Date(
        string='Collection Activity Given On', readonly=True, copy=False,
        help="When the salesperson was given the activity to collect this overdue invoice.")
    payment_promise_ids = fields.One2many('sales.payment.promise', 'invoice_id',
                                          string='Promises to Pay')
    payment_promise_broken = fields.Boolean(
        string='Broken Promise', compute='_compute_payment_promise_broken', store=True,
        help="A promise to pay this invoice was broken.")

    @api.depends('payment_promise_ids.state')
    def _compute_payment_promise_broken(self):
        for invoice in self:
            invoice.payment_promise_broken = 'broken' in invoice.payment_promise_ids.mapped('state')

    @api.model
    def _cron_receivables_collection(self):
        # another server's run at the same moment: nothing to add (the invoices are claimed
        # one by one too, below; this spares the run refused by PostgreSQL its error)
        if not self.env['sales.process.document']._claim_scheduled_run('receivables_collection'):
            return
        self._schedule_collection_activities()
        self._close_collection_activities()
        self.env['sales.payment.promise']._check_promises()

    @api.model
    def _close_collection_activities(self):
        """Remove the collection activities of the invoices paid since (nothing left to
        collect: the invoice's payments say so)."""
        activities = self.env['mail.activity'].sudo().search([
            ('res_model', '=', self._name),
            ('activity_type_id', '=', self.env.ref('sales_process.mail_activity_type_collection').id)])
        paid = self.sudo().search([('id', 'in', activities.mapped('res_id')),
                                   ('state', '!=', 'open')])
        activities.filtered(lambda activity: activity.res_id in paid.ids).unlink()

    @api.model
    def _schedule_collection_activities(self, today=None):
        """A collection activity for the salesperson (the region's manager when the invoice has
        none) of each customer invoice with an installment open past its due date, once per
        invoice; return the invoices."""
        today = today or fields.Date.context_today(self)
        open_items = OPEN_ITEMS_SQL.format(where="AND inv.type = 'out_invoice'",
                                           as_of='%(today)s::date')
        # claimed by one statement: a run on another server at the same moment skips the
        # invoices this one is claiming (and finds them claimed once this one has committed)
        # pylint: disable=sql-injection
        self.env.cr.execute("""
            UPDATE account_invoice SET collection_activity_date = %(today)s
             WHERE id IN (SELECT inv.id FROM account_invoice inv
                           WHERE inv.collection_activity_date IS NULL
                             AND inv.id IN (SELECT invoice_id FROM ({open_items}) o
                                             WHERE o.days_overdue > 0 AND o.open_amount > 0)
                             FOR UPDATE OF inv SKIP LOCKED)
            RETURNING id
        """.format(open_items=open_items), {'today': today})
        invoices = self.sudo().browse(sorted(row[0] for row in self.env.cr.fetchall()))
        invoices.invalidate_cache(['collection_activity_date'])
        Document = self.env['sales.process.document']
        for invoice in invoices:
            collector = invoice.user_id or invoice.team_id.user_id
            if collector:
                Document._schedule_record_activity(
                    invoice, 'sales_process.mail_activity_type_collection', collector,
                    '_text_collection', deadline=today)
        return invoices

    def _text_collection(self):
        """The collection activity's summary (in the assignee's language)."""
        return _("Collect %(amount)s from %(customer)s: invoice %(invoice)s is overdue") % {
            'amount': formatLang(self.env, self.residual, currency_obj=self.currency_id),
            'customer': self.commercial_partner_id.name, 'invoice': self.number}


class AccountInvoiceLine(models.Model):
    _inherit = 'account.invoice.line'

    # Sales expense budgets: a vendor bill line paying a promotion's cost names it, so that the
    # cost counts once in the region's budget (see sales_budget_measure.FACT_SQL)

    sales_promotion_id = fields.Many2one(
        'sales.promotion', string='Promotion', index=True, ondelete='restrict',
        help="The promotion whose cost this bill line pays: the promotion's own actual cost of "
             "the same kind is then counted only for what the bills do not cover.")
