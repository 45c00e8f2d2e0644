from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class SalesReceivableDemo(models.AbstractModel):
    """The demo story of receivables collection (demo/sales_receivable_demo.xml): the delivered
    orders the story needs invoiced on their order date, due 30 days later — those falling due
    since the start of last quarter (the period the demo appraisals measure collection over) or
    five months ago, whichever is earlier, and the recent ones; older orders stay uninvoiced,
    which keeps the demo quick to build (half the invoices and payments of a whole year).
    Those fallen due more than 100 days ago are paid (on time, every fourth late) but one left
    open over 90 days, the recent ones open in every aging bucket, one partly paid; a promise to
    pay kept and one broken; then the daily check gives the salespeople their collection
    activities."""
    _name = 'sales.receivable.demo'
    _inherit = 'sales.process.demo'
    _description = 'Receivables Collection Demo Data'

    @api.model
    def _generate_receivables(self):
        self = self.with_context(mail_create_nosubscribe=True, mail_auto_subscribe_no_notify=True,
                                 mail_notify_noemail=True)
        today = fields.Date.from_string(fields.Date.context_today(self))
        # falling due since the start of last quarter, and at least five months ago (enough
        # orders fallen due over 100 days ago to be paid, and one over 90 days overdue)
        last_quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1) - relativedelta(months=3)
        due_from = min(last_quarter, today - timedelta(days=160))
        orders = self.env['sale.order'].search([
            ('invoice_status', '=', 'to invoice'),
            ('date_order', '>=', fields.Date.to_string(due_from - timedelta(days=30)))],
            order='date_order, id')
        journal = self.env['account.journal'].search(
            [('type', '=', 'bank'), ('company_id', '=', self.env.user.company_id.id)], limit=1)
        method = self._ref('account.account_payment_method_manual_in')
        reliable = self._ref('user_salesperson')  # Li Wei, "reliable on collection"

        # no chatter, tracking or follower notifications for the generated invoices and payments
        quiet = self.with_context(tracking_disable=True, mail_notrack=True, mail_create_nolog=True)

        def pay(invoice, amount, day):
            payment = quiet.env['account.payment'].create({
                'payment_type': 'inbound', 'partner_type': 'customer',
                'partner_id': invoice.commercial_partner_id.id, 'amount': amount,
                'payment_date': fields.Date.to_string(day), 'journal_id': journal.id,
                'payment_method_id': method.id, 'invoice_ids': [(6, 0, invoice.ids)]})
            payment.post()

        invoices = quiet.env['account.invoice']
        left_open = False  # over 90 days: the oldest invoice of another salesperson than Li Wei
        for index, order in enumerate(orders.with_env(quiet.env)):
            invoice = invoices.browse(order.action_invoice_create())
            day = fields.Datetime.from_string(order.date_order).date()
            invoice.write({'date_invoice': fields.Date.to_string(day),
                           'payment_term_id': False,
                           'date_due': fields.Date.to_string(day + timedelta(days=30))})
            invoice.action_invoice_open()
            due = day + timedelta(days=30)
            if due < today - timedelta(days=100):
                if not left_open and invoice.user_id != reliable:
                    left_open = True
                else:
                    # paid: on time, every fourth late
                    pay(invoice, invoice.residual,
                        due + timedelta(days=12 if index % 4 == 3 else -3))
            invoices |= invoice

        # the recent ones: open, one partly paid
        invoices = invoices.with_env(self.env)
        recent = invoices.filtered(lambda inv: inv.state == 'open').sorted('date_due')
        partly = recent.filtered(lambda inv: fields.Date.from_string(inv.date_due) < today)[-1:]
        if partly:
            pay(partly, round(partly.residual / 3, 2), today - timedelta(days=2))

        # promises to pay: a kept one (paid in full since), a broken one (its date passed)
        overdue = recent.filtered(lambda inv: inv.state == 'open' and inv != partly
                                  and fields.Date.from_string(inv.date_due) < today)
        Promise = self.env['sales.payment.promise']
        if len(overdue) >= 2:
            kept_invoice, broken_invoice = overdue[-1], overdue[-2]
            kept = Promise.sudo(kept_invoice.user_id).create({
                'invoice_id': kept_invoice.id, 'date': fields.Date.to_string(today),
                'amount': kept_invoice.residual,
                'note': 'Promised on the phone to pay in full this week.'})
            kept._workflow_write({'date_recorded': fields.Date.to_string(
                today - timedelta(days=6))})
            pay(kept_invoice, kept_invoice.residual, today - timedelta(days=1))
            broken = Promise.sudo(broken_invoice.user_id).create({
                'invoice_id': broken_invoice.id, 'date': fields.Date.to_string(today),
                'amount': round(broken_invoice.residual / 2, 2),
                'note': 'The buyer promised half before the end of last week.'})
            broken._workflow_write({
                'date_recorded': fields.Date.to_string(today - timedelta(days=15)),
                'date': fields.Date.to_string(today - timedelta(days=4))})
        # the daily check: collection activities for the overdue invoices, promises decided
        self.env['account.invoice']._cron_receivables_collection()
        return True
