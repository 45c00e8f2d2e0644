"""The world of the receivables tests: the roles and regions of SalesProcessCase, customers,
invoices of known amounts and due dates (a payment term for installments), validated as the
billing would, and payments registered through Odoo's own payment (account.payment), which
matches them with the invoices' installments."""
from odoo.addons.sales_process.tests.common import SalesProcessCase


class ReceivablesCase(SalesProcessCase):

    @classmethod
    def setUpClass(cls):
        super(ReceivablesCase, cls).setUpClass()
        cls.customer = cls.env['res.partner'].create({
            'name': 'Test Receivables Customer', 'customer': True, 'is_company': True})
        cls.revenue_account = cls.env['account.account'].search([
            ('company_id', '=', cls.company.id),
            ('user_type_id', '=', cls.env.ref('account.data_account_type_revenue').id)], limit=1)
        cls.bank_journal = cls.env['account.journal'].search([
            ('company_id', '=', cls.company.id), ('type', '=', 'bank')], limit=1)
        # half at once, half after 30 days
        cls.two_installments = cls.env['account.payment.term'].create({
            'name': 'Test half now, half in 30 days',
            'line_ids': [(0, 0, {'value': 'percent', 'value_amount': 50.0, 'days': 0,
                                 'option': 'day_after_invoice_date', 'sequence': 1}),
                         (0, 0, {'value': 'balance', 'days': 30,
                                 'option': 'day_after_invoice_date', 'sequence': 2})]})

    @classmethod
    def _invoice(cls, user, amount, date_invoice, date_due=None, region=None, refund=False,
                 term=None, partner=None):
        """A validated customer invoice (refund: credit note) of `amount` (no tax) for `user`'s
        region (region_a by default), due on date_due (or by the payment term)."""
        values = {
            'partner_id': (partner or cls.customer).id,
            'type': 'out_refund' if refund else 'out_invoice',
            'user_id': user.id if user else False, 'team_id': (region or cls.region_a).id,
            'date_invoice': date_invoice,
            'invoice_line_ids': [(0, 0, {'name': 'Kettles', 'quantity': 1, 'price_unit': amount,
                                         'account_id': cls.revenue_account.id,
                                         'invoice_line_tax_ids': [(6, 0, [])]})],
        }
        if term:
            values['payment_term_id'] = term.id
        else:
            values['date_due'] = date_due or date_invoice
        invoice = cls.env['account.invoice'].create(values)
        invoice.action_invoice_open()
        return invoice

    @classmethod
    def _pay(cls, invoice, amount, date):
        """The customer pays `amount` of the invoice on `date` (Odoo's payment, posted)."""
        payment = cls.env['account.payment'].create({
            'payment_type': 'inbound' if invoice.type == 'out_invoice' else 'outbound',
            'partner_type': 'customer', 'partner_id': invoice.partner_id.id,
            'amount': amount, 'payment_date': date, 'journal_id': cls.bank_journal.id,
            'payment_method_id': cls.env.ref('account.account_payment_method_manual_in').id,
            'invoice_ids': [(6, 0, invoice.ids)]})
        payment.post()
        return payment
