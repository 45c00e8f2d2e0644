"""Who sees which receivables: a salesperson their own invoices', a regional manager their
region's, head office all, another company's users none; the reports are read-only. Odoo's own
invoice visibility stays as Invoicing has it."""
from odoo.exceptions import AccessError

from odoo.addons.sales_process.tests.receivables_common import ReceivablesCase

AGING = 'sales.receivable.report'
RATE = 'sales.receivable.collection.report'


class TestReceivablesSecurity(ReceivablesCase):

    @classmethod
    def setUpClass(cls):
        super(TestReceivablesSecurity, cls).setUpClass()
        cls.colleague = cls._create_user('sp_test_salesperson_a2',
                                         'sales_process.group_salesperson', cls.region_a)
        cls.mine = cls._invoice(cls.salesperson, 100, '2026-10-01', '2026-11-01')
        cls.colleagues = cls._invoice(cls.colleague, 200, '2026-10-01', '2026-11-01')
        cls.region_b_invoice = cls._invoice(cls.salesperson_b, 300, '2026-10-01', '2026-11-01',
                                            region=cls.region_b)
        cls.ours = cls.mine | cls.colleagues | cls.region_b_invoice

    def _seen(self, model, user):
        return self.env[model].sudo(user).search(
            [('invoice_id', 'in', self.ours.ids)]).mapped('invoice_id')

    def test_own_region_all(self):
        for model in (AGING, RATE):
            self.assertEqual(self._seen(model, self.salesperson), self.mine)
            self.assertEqual(self._seen(model, self.colleague), self.colleagues)
            self.assertEqual(self._seen(model, self.manager_a), self.mine | self.colleagues)
            self.assertEqual(self._seen(model, self.manager_b), self.region_b_invoice)
            for role in ('sales_hq', 'sales_director', 'general_manager'):
                self.assertEqual(self._seen(model, self.users[role]), self.ours)
            self.assertFalse(self._seen(model, self.other_company_user))

    def test_reports_are_read_only_and_closed_to_others(self):
        row = self.env[AGING].sudo(self.salesperson).search(
            [('invoice_id', '=', self.mine.id)])
        with self.assertRaises(AccessError):
            row.write({'open_amount': 0})
        # a user of no sales role (e.g. billing only) does not read the reports
        billing = self.env['res.users'].create({
            'name': 'Test Billing', 'login': 'sp_test_billing', 'company_id': self.company.id,
            'company_ids': [(6, 0, self.company.ids)],
            'groups_id': [(6, 0, [self.env.ref('account.group_account_invoice').id])]})
        with self.assertRaises(AccessError):
            self.env[AGING].sudo(billing).search([])

    def test_pivot_sums_by_bucket_and_rate(self):
        groups = self.env[AGING].sudo(self.manager_a).read_group(
            [('invoice_id', 'in', self.ours.ids)], ['user_id', 'open_amount'], ['user_id'])
        self.assertEqual({group['user_id'][0]: group['open_amount'] for group in groups},
                         {self.salesperson.id: 100.0, self.colleague.id: 200.0})
        self._pay(self.mine, 100, '2026-10-20')
        groups = self.env[RATE].sudo(self.users['sales_hq']).read_group(
            [('invoice_id', 'in', self.ours.ids)],
            ['region_id', 'due_amount', 'collected_on_time', 'collection_rate'], ['region_id'])
        rates = {group['region_id'][0]: group['collection_rate'] for group in groups}
        self.assertAlmostEqual(rates[self.region_a.id], 100.0 * 100 / 300)
        self.assertAlmostEqual(rates[self.region_b.id], 0.0)
