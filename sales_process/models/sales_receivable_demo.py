from datetime import timedelta

from odoo import api, fields, models


class SalesReceivableDemo(models.AbstractModel):
    """The demo story of receivables collection (demo/sales_receivable_demo.xml): the demo
    year's delivered orders invoiced on their order date, due 30 days later; the old ones paid
    (mostly on time, a few late), the recent ones open in every aging bucket, one partly paid;
    a promise to pay kept and one broken; then the daily check gives the salespeople their
    collection activities."""
    _name = 'sales.receivable.demo'
    _inherit = 'sales.process.demo'
    _description = 'Receivables Collection Demo Data'

    @api.model
    def _generate_receivables(self):
        self = self.with_context(mail_create_nosubscribe=True, mail_auto_subscribe_no_notify=True,
                                 mail_notify_noemail=True)
        today = fields.Date.from_string(fields.Date.context_today(self))
        orders = self.env['sale.order'].search([('invoice_status', '=', 'to invoice')],
                                               order='date_order, id')
        journal = self.env['account.journal'].search(
            [('type', '=', 'bank'), ('company_id', '=', self.env.user.company_id.id)], limit=1)
        method = self._ref('account.account_payment_method_manual_in')

        def pay(invoice, amount, day):
            payment = self.env['account.payment'].create({
                'payment_type': 'inbound', 'partner_type': 'customer',
                'partner_id': invoice.commercial_partner_id.id, 'amount': amount,
                'payment_date': fields.Date.to_string(day), 'journal_id': journal.id,
                'payment_method_id': method.id, 'invoice_ids': [(6, 0, invoice.ids)]})
            payment.post()

        invoices = self.env['account.invoice']
        for index, order in enumerate(orders):
            invoice = invoices.browse(order.action_invoice_create())
            day = fields.Datetime.from_string(order.date_order).date()
            invoice.write({'date_invoice': fields.Date.to_string(day),
                           'payment_term_id': False,
                           'date_due': fields.Date.to_string(day + timedelta(days=30))})
            invoice.action_invoice_open()
            due = day + timedelta(days=30)
            if due < today - timedelta(days=100) and index % 9 != 4:
                # paid: on time, every fourth late; one of nine left open (over 90 days)
                pay(invoice, invoice.residual, due + timedelta(days=12 if index % 4 == 3 else -3))
            invoices |= invoice

        # the recent ones: open, one partly paid
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
