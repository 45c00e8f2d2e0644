"""A customer's promise to pay an overdue invoice: the date and amount the customer promised,
recorded on the invoice by its salesperson. The daily collection check (account.invoice's
_cron_receivables_collection) marks it kept once the invoice's payments since the promise reach
the amount, or broken once its date has passed without them."""
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .sales_process_document import refuse_workflow_values

PROMISE_STATES = [('open', 'Open'), ('kept', 'Kept'), ('broken', 'Broken')]


class SalesPaymentPromise(models.Model):
    _name = 'sales.payment.promise'
    _description = 'Promise to Pay'
    _inherit = ['sales.process.document']
    _order = 'date desc, id desc'

    invoice_id = fields.Many2one(
        'account.invoice', required=True, index=True, ondelete='cascade',
        domain=[('type', '=', 'out_invoice'), ('state', '=', 'open')])
    partner_id = fields.Many2one('res.partner', string='Customer', readonly=True, store=True,
                                 related='invoice_id.commercial_partner_id')
    user_id = fields.Many2one('res.users', string='Salesperson', readonly=True, store=True,
                              index=True, related='invoice_id.user_id')
    # a related field takes its target's label ("Sales Channel") unless given one
    region_id = fields.Many2one('crm.team', string='Region',  # pylint: disable=attribute-string-redundant
                                readonly=True, store=True, index=True,
                                related='invoice_id.team_id')
    currency_id = fields.Many2one('res.currency', related='company_id.currency_id',
                                  readonly=True)
    date = fields.Date(string='Promised Date', required=True, track_visibility='onchange',
                       help="The date by which the customer promised to pay.")
    amount = fields.Monetary(string='Promised Amount', required=True,
                             track_visibility='onchange',
                             help="The amount the customer promised to pay, in the company's "
                                  "currency.")
    note = fields.Text()
    date_recorded = fields.Date(string='Recorded On', required=True, readonly=True,
                                default=fields.Date.context_today,
                                help="Payments from this date on count towards the promise.")
    state = fields.Selection(PROMISE_STATES, string='Status', required=True, default='open',
                             readonly=True, copy=False, index=True, track_visibility='onchange')
    paid_amount = fields.Monetary(
        string='Paid Since', compute='_compute_paid_amount',
        help="What the customer paid on the invoice since the promise was recorded.")

    _workflow_fields = {'state', 'date_recorded'}

    def _compute_paid_amount(self):
        paid = self.env['sales.receivable.measure'].promise_payments(self.ids)
        for promise in self:
            promise.paid_amount = paid.get(promise.id, 0.0)

    @api.constrains('invoice_id', 'date', 'amount', 'company_id')
    def _check_promise(self):
        for promise in self.sudo():
            if promise.invoice_id.company_id != promise.company_id:
                raise ValidationError(_("The promise and its invoice %(invoice)s must belong "
                                        "to the same company.")
                                      % {'invoice': promise.invoice_id.display_name})
            promise._check_values(promise.invoice_id, promise.date, promise.amount,
                                  promise.date_recorded)

    @api.model
    def _check_values(self, invoice, date, amount, date_recorded):
        """Refuse a promise on anything but an open customer invoice, dated before it is
        recorded, of nothing or of more than the invoice's open amount."""
        invoice = invoice.sudo()
        if invoice.type != 'out_invoice' or invoice.state != 'open':
            raise ValidationError(_("A promise to pay is recorded on an open customer invoice, "
                                    "not on %(invoice)s.") % {'invoice': invoice.display_name})
        if not date or date < date_recorded:
            raise ValidationError(_("A promise to pay cannot be dated in the past (%(date)s).")
                                  % {'date': date})
        currency = invoice.company_id.currency_id
        if currency.compare_amounts(amount or 0.0, 0.0) <= 0:
            raise ValidationError(_("The promised amount must be positive."))
        if currency.compare_amounts(amount, invoice.residual_company_signed) > 0:
            raise ValidationError(_(
                "The promised amount %(amount).2f is more than the open amount of %(invoice)s "
                "(%(open).2f).") % {'amount': amount, 'invoice': invoice.display_name,
                                    'open': invoice.residual_company_signed})

    def _is_locked(self):
        self.ensure_one()
        return self.state != 'open'

    # CRUD

    @api.model
    def create(self, vals):
        # checked before anything is written (forged workflow values first, as the layer
        # refuses them); the promise is the invoice's company's
        refuse_workflow_values(self, vals, self._get_workflow_fields(), creating=True)
        invoice = self.env['account.invoice'].browse(vals.get('invoice_id'))
        if not invoice:
            raise ValidationError(_("A promise to pay is recorded on an invoice."))
        self._check_values(invoice, vals.get('date'), vals.get('amount'),
                           fields.Date.context_today(self))
        vals = dict(vals, company_id=invoice.sudo().company_id.id)
        return super(SalesPaymentPromise, self).create(vals)

    @api.multi
    def name_get(self):
        return [(promise.id, _("%(invoice)s: %(amount).2f by %(date)s") % {
            'invoice': promise.invoice_id.display_name, 'amount': promise.amount,
            'date': promise.date}) for promise in self]

    # The daily check

    @api.model
    def _check_promises(self, today=None):
        """Mark the open promises kept (their invoice's payments since the promise reach the
        amount) or broken (their date passed without); return (kept, broken)."""
        today = today or fields.Date.context_today(self)
        promises = self.sudo().search([('state', '=', 'open')])
        paid = self.env['sales.receivable.measure'].promise_payments(promises.ids)
        kept = promises.filtered(lambda promise: promise.currency_id.compare_amounts(
            paid.get(promise.id, 0.0), promise.amount) >= 0)
        broken = (promises - kept).filtered(lambda promise: promise.date < today)
        kept._workflow_write({'state': 'kept'})
        broken._workflow_write({'state': 'broken'})
        for promise in broken:
            promise.invoice_id.message_post(
                body=_("Promise to pay broken: %(amount).2f by %(date)s, %(paid).2f paid "
                       "since.") % {'amount': promise.amount, 'date': promise.date,
                                    'paid': paid.get(promise.id, 0.0)},
                subtype='mail.mt_note')
        return kept, broken
