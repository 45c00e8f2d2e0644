"""The receivables measure: the collection rate per salesperson (the contract the appraisal
reads) and the aging buckets, on invoices and payments of known amounts and dates."""
from odoo.addons.sales_process.tests.receivables_common import ReceivablesCase

MEASURE = 'sales.receivable.measure'


class TestReceivablesCollection(ReceivablesCase):

    @classmethod
    def setUpClass(cls):
        super(TestReceivablesCollection, cls).setUpClass()
        seller, other = cls.salesperson, cls.salesperson_b
        # due in November 2026: 1000 paid on time, 500 paid late, 400 of 800 paid on time,
        # a 200 credit note settled with the 1000
        on_time = cls._invoice(seller, 1000, '2026-10-10', '2026-11-10')
        cls._pay(on_time, 1000, '2026-11-05')
        late = cls._invoice(seller, 500, '2026-10-15', '2026-11-15')
        cls._pay(late, 500, '2026-11-20')
        half = cls._invoice(seller, 800, '2026-10-20', '2026-11-20')
        cls._pay(half, 400, '2026-11-18')
        cls._invoice(seller, 200, '2026-11-25', '2026-11-25', refund=True)
        # due before the period: open, counts as overdue only; due after: neither
        cls._invoice(seller, 300, '2026-09-01', '2026-10-01')
        cls._invoice(seller, 700, '2026-11-28', '2026-12-28')
        # two installments: 300 due 2026-11-01 (paid on time), 300 due 2026-12-01 (open)
        split = cls._invoice(seller, 600, '2026-11-01', term=cls.two_installments)
        cls._pay(split, 300, '2026-11-01')
        # another salesperson, region B
        cls._invoice(other, 100, '2026-11-01', '2026-11-02', region=cls.region_b)

    def test_collection_per_salesperson(self):
        figures = self.env[MEASURE].collection(
            [self.company.id], '2026-11-01', '2026-11-30',
            user_ids=[self.salesperson.id, self.salesperson_b.id, self.manager_a.id])
        mine = figures[self.salesperson.id]
        # due: 1000 + 500 + 800 - 200 + 300 (first installment)
        self.assertAlmostEqual(mine['due'], 2400.0)
        # on time: 1000 + 400 + 300; the refund is not matched (customer's credit) -> 0
        self.assertAlmostEqual(mine['collected_on_time'], 1700.0)
        self.assertAlmostEqual(mine['rate'], 100.0 * 1700 / 2400)
        # open and past due on 2026-11-30: 400 (half) + 300 (September) - 200 (credit note)
        self.assertAlmostEqual(mine['overdue'], 500.0)
        self.assertAlmostEqual(figures[self.salesperson_b.id]['due'], 100.0)
        self.assertEqual(figures[self.salesperson_b.id]['rate'], 0.0)
        # asked for, nothing due: an entry without a rate
        self.assertEqual(figures[self.manager_a.id],
                         {'due': 0.0, 'collected_on_time': 0.0, 'rate': None, 'overdue': 0.0})

    def test_other_companies_excluded(self):
        self.assertFalse(self.env[MEASURE].collection(
            [self.other_company.id], '2026-11-01', '2026-11-30'))
        everyone = self.env[MEASURE].collection([self.company.id], '2026-11-01', '2026-11-30')
        self.assertIn(self.salesperson.id, everyone)
        self.assertIn(self.salesperson_b.id, everyone)

    def test_query_count_independent_of_the_salespeople(self):
        Measure = self.env[MEASURE]
        counts = []
        for user_ids in ([self.salesperson.id], [self.salesperson.id, self.salesperson_b.id,
                                                 self.manager_a.id, self.manager_b.id], None):
            before = self.env.cr.sql_log_count
            Measure.collection([self.company.id], '2026-11-01', '2026-11-30', user_ids=user_ids)
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts, [1, 1, 1])
