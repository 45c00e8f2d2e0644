"""The daily collection check: one collection activity per newly overdue invoice for its
salesperson, in their language; promises to pay recorded on the invoice, kept or broken."""
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError

from odoo.addons.sales_process.tests.receivables_common import ReceivablesCase

COLLECTION = 'sales_process.mail_activity_type_collection'
ZH_SOURCE = "Collect %(amount)s from %(customer)s: invoice %(invoice)s is overdue"
ZH_VALUE = "催收 %(customer)s 的 %(amount)s：发票 %(invoice)s 已逾期"


class TestCollectionActivity(ReceivablesCase):

    @classmethod
    def setUpClass(cls):
        super(TestCollectionActivity, cls).setUpClass()
        if not cls.env['res.lang'].search([('code', '=', 'zh_CN')]):
            cls.env['res.lang'].load_lang('zh_CN')
        # the wording's Simplified Chinese (the module's zh_CN.po carries it once merged)
        cls.env['ir.translation'].create({
            'type': 'code', 'name': 'addons/sales_process/models/account_invoice.py',
            'module': 'sales_process', 'lang': 'zh_CN', 'state': 'translated',
            'src': ZH_SOURCE, 'value': ZH_VALUE})
        cls.salesperson_b.lang = 'zh_CN'
        cls.today = fields.Date.context_today(cls.env['account.invoice'])

    def _activities(self, invoices):
        return self.env['mail.activity'].search([
            ('res_model', '=', 'account.invoice'), ('res_id', 'in', invoices.ids),
            ('activity_type_id', '=', self.env.ref(COLLECTION).id)])

    def test_once_for_the_salesperson_in_their_language(self):
        overdue = self._invoice(self.salesperson, 500, '2026-10-01', '2026-11-01')
        overdue_b = self._invoice(self.salesperson_b, 300, '2026-10-01', '2026-11-01',
                                  region=self.region_b)
        not_due = self._invoice(self.salesperson, 100, '2026-12-01', '2026-12-31')
        paid = self._invoice(self.salesperson, 200, '2026-10-01', '2026-11-01')
        self._pay(paid, 200, '2026-10-20')
        Invoice = self.env['account.invoice']
        flagged = Invoice._schedule_collection_activities('2026-12-06')
        self.assertEqual(flagged & (overdue | overdue_b | not_due | paid), overdue | overdue_b)
        activity = self._activities(overdue)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.salesperson)
        self.assertIn(overdue.number, activity.summary)
        self.assertIn('Collect', activity.summary)
        activity_b = self._activities(overdue_b)
        self.assertEqual(activity_b.user_id, self.salesperson_b)
        self.assertTrue(activity_b.summary.startswith('催收 Test Receivables Customer 的 '))
        self.assertIn(overdue_b.number, activity_b.summary)
        self.assertFalse(self._activities(not_due | paid))
        self.assertEqual(overdue.collection_activity_date, '2026-12-06')
        # the check runs again (the next day, or twice): nothing new
        self.assertFalse(Invoice._schedule_collection_activities('2026-12-07') & overdue)
        self.env['account.invoice']._cron_receivables_collection()
        self.assertEqual(len(self._activities(overdue | overdue_b)), 2)
        # paid since: the daily check removes its activity
        self._pay(overdue_b, 300, '2026-12-06')
        self.env['account.invoice']._cron_receivables_collection()
        self.assertFalse(self._activities(overdue_b))
        # the salesperson sees the activity among theirs
        self.assertEqual(self.env['mail.activity'].sudo(self.salesperson).search(
            [('user_id', '=', self.salesperson.id), ('activity_type_id', '=',
                                                     self.env.ref(COLLECTION).id)]), activity)
        # ... and My Approvals opens the invoice in the customer invoice's form, where its
        # Promises to Pay are (account.invoice's first form is the vendor bill's)
        action = activity.sudo(self.salesperson).action_open_sales_document()
        self.assertEqual((action['res_model'], action['res_id'], action['views']), (
            'account.invoice', overdue.id, [(self.env.ref('account.invoice_form').id, 'form')]))


class TestPaymentPromise(ReceivablesCase):

    @classmethod
    def setUpClass(cls):
        super(TestPaymentPromise, cls).setUpClass()
        cls.invoice = cls._invoice(cls.salesperson, 1000, '2026-10-01', '2026-11-01')
        cls.invoice_b = cls._invoice(cls.salesperson_b, 400, '2026-10-01', '2026-11-01',
                                     region=cls.region_b)
        # the salespeople's today (their time zone's: a promise records it), not the server's
        cls.today = fields.Date.context_today(cls.env['account.invoice'].sudo(cls.salesperson))
        assert cls.today == fields.Date.context_today(
            cls.env['account.invoice'].sudo(cls.salesperson_b))

    def _promise(self, user, invoice, date, amount, note='Will pay after the holiday'):
        return self.env['sales.payment.promise'].sudo(user).create({
            'invoice_id': invoice.id, 'date': date, 'amount': amount, 'note': note})

    def test_kept_and_broken(self):
        kept = self._promise(self.salesperson, self.invoice, self.today, 300)
        broken = self._promise(self.salesperson_b, self.invoice_b, self.today, 400)
        self.assertEqual((kept.state, kept.date_recorded, kept.user_id, kept.region_id),
                         ('open', self.today, self.salesperson, self.region_a))
        self._pay(self.invoice, 300, self.today)
        self._pay(self.invoice_b, 100, self.today)
        self.assertAlmostEqual(kept.paid_amount, 300)
        self.assertAlmostEqual(broken.paid_amount, 100)
        Promise = self.env['sales.payment.promise']
        # on the promised date: the paid one is kept, the other still open
        self.assertEqual(Promise._check_promises(self.today), (kept, Promise))
        self.assertEqual((kept.state, broken.state), ('kept', 'open'))
        # the day after: broken, flagged on the invoice at once
        tomorrow = fields.Date.to_string(fields.Date.from_string(self.today)
                                         + timedelta(days=1))
        self.assertEqual(Promise._check_promises(tomorrow), (Promise, broken))
        self.assertEqual(broken.state, 'broken')
        self.assertTrue(self.invoice_b.payment_promise_broken)
        self.assertFalse(self.invoice.payment_promise_broken)
        ours = self.invoice | self.invoice_b  # (the demo's invoices, when the database has them)
        self.assertEqual(self.env['account.invoice'].search(
            [('payment_promise_broken', '=', True), ('id', 'in', ours.ids)]), self.invoice_b)
        self.assertIn('Promise to pay broken', self.invoice_b.message_ids[0].body)
        # the list's Broken filter
        self.assertEqual(Promise.search([('state', '=', 'broken'),
                                         ('id', 'in', (kept | broken).ids)]), broken)
        # a decided promise is not rewritten, its state never by hand
        with self.assertRaises(Exception):
            broken.sudo(self.salesperson_b).write({'amount': 10})
        with self.assertRaises(Exception):
            kept.sudo(self.salesperson).write({'state': 'open'})

    def test_bad_input(self):
        Promise = self.env['sales.payment.promise']
        before = Promise.search_count([])
        with self.assertRaisesRegex(ValidationError, 'past'):
            self._promise(self.salesperson, self.invoice, '2026-01-01', 100)
        with self.assertRaisesRegex(ValidationError, 'more than the open amount'):
            self._promise(self.salesperson, self.invoice, self.today, 1000.01)
        with self.assertRaisesRegex(ValidationError, 'positive'):
            self._promise(self.salesperson, self.invoice, self.today, 0)
        paid = self._invoice(self.salesperson, 50, '2026-10-01', '2026-11-01')
        self._pay(paid, 50, '2026-10-05')
        with self.assertRaisesRegex(ValidationError, 'open customer invoice'):
            self._promise(self.salesperson, paid, self.today, 10)
        self.assertEqual(Promise.search_count([]), before)
        # the whole open amount is fine
        self.assertEqual(self._promise(self.salesperson, self.invoice, self.today, 1000).state,
                         'open')

    def test_on_the_invoice_form(self):
        """Recorded from the invoice's Promises to Pay tab (the invoice's one2many)."""
        self.invoice.sudo(self.salesperson).write({'payment_promise_ids': [(0, 0, {
            'date': self.today, 'amount': 250, 'note': 'Promised on the phone'})]})
        self.assertEqual(self.invoice.payment_promise_ids.amount, 250)
        self.assertEqual(self.invoice.payment_promise_ids.company_id, self.company)

    def test_rules(self):
        mine = self._promise(self.salesperson, self.invoice, self.today, 100)
        other = self._promise(self.salesperson_b, self.invoice_b, self.today, 100)
        Promise = self.env['sales.payment.promise']
        self.assertEqual(Promise.sudo(self.salesperson).search([]), mine)
        self.assertEqual(Promise.sudo(self.manager_a).search([]), mine)
        self.assertEqual(Promise.sudo(self.users['sales_hq']).search(
            [('invoice_id', 'in', (self.invoice | self.invoice_b).ids)]), mine | other)
        self.assertFalse(Promise.sudo(self.other_company_user).search([]))
        with self.assertRaises(AccessError):
            other.sudo(self.salesperson).read(['amount'])
        with self.assertRaises(AccessError):
            self._promise(self.salesperson, self.invoice_b, self.today, 50)
        with self.assertRaises(AccessError):
            mine.sudo(self.salesperson).unlink()
