"""The demo database tells the story of receivables collection: overdue invoices of the demo
salespeople in every aging bucket, each with its collection activity, a promise to pay kept and
one broken."""
from odoo.tests.common import TransactionCase

DEMO_SALESPEOPLE = ['salesperson', 'sales_east2', 'sales_south', 'sales_north']


class TestReceivablesDemo(TransactionCase):

    def test_overdue_invoices_with_collection_activities(self):
        salespeople = self.env['res.users'].search([('login', 'in', DEMO_SALESPEOPLE)])
        company = self.env.ref('base.main_company')
        aging = self.env['sales.receivable.measure'].aging(company.ids, user_ids=salespeople.ids)
        buckets = {bucket for figures in aging.values() for bucket, amount in figures.items()
                   if amount > 0 and bucket != 'total'}
        self.assertTrue({'1_30', '31_60', 'over_90'} <= buckets, buckets)
        overdue = self.env['sales.receivable.report'].search(
            [('user_id', 'in', salespeople.ids), ('days_overdue', '>', 0)]).mapped('invoice_id')
        self.assertTrue(overdue)
        activities = self.env['mail.activity'].search([
            ('res_model', '=', 'account.invoice'), ('res_id', 'in', overdue.ids),
            ('activity_type_id', '=', self.env.ref(
                'sales_process.mail_activity_type_collection').id)])
        self.assertEqual(set(activities.mapped('res_id')), set(overdue.ids))
        for activity in activities:
            invoice = overdue.browse(activity.res_id)
            self.assertEqual(activity.user_id, invoice.user_id)
        # Li Wei has his own to collect
        self.assertTrue(activities.filtered(lambda act: act.user_id.login == 'salesperson'))

    def test_kept_and_broken_promise(self):
        promises = self.env['sales.payment.promise'].search([])
        self.assertIn('kept', promises.mapped('state'))
        broken = promises.filtered(lambda promise: promise.state == 'broken')
        self.assertTrue(broken)
        self.assertTrue(broken.mapped('invoice_id').payment_promise_broken)
