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


class TestReceivablesAging(ReceivablesCase):

    @classmethod
    def setUpClass(cls):
        super(TestReceivablesAging, cls).setUpClass()
        seller = cls.salesperson
        cls.as_of = '2026-12-06'
        cls._invoice(seller, 100, '2026-11-20', '2026-12-10')        # current
        cls._invoice(seller, 200, '2026-11-20', '2026-12-06')        # due today: current
        partly = cls._invoice(seller, 300, '2026-11-01', '2026-11-16')   # 20 days
        cls._pay(partly, 120, '2026-11-30')
        cls._invoice(seller, 400, '2026-09-01', '2026-10-06')        # 61 days
        cls._invoice(seller, 500, '2026-06-01', '2026-07-01')        # 158 days
        cls._invoice(seller, 50, '2026-11-01', '2026-11-06', refund=True)  # 30 days: -50
        paid = cls._invoice(seller, 999, '2026-10-01', '2026-10-05')
        cls._pay(paid, 999, '2026-10-05')
        # paid after the date: still open as of it
        later = cls._invoice(seller, 80, '2026-10-01', '2026-11-01')  # 35 days
        cls._pay(later, 80, '2026-12-20')
        # installments: 300 due 2026-11-10 (26 days), 300 due 2026-12-10 (current)
        cls._invoice(seller, 600, '2026-11-10', term=cls.two_installments)
        # dated after the date: not yet there
        cls._invoice(seller, 700, '2026-12-07', '2026-12-07')
        # region B
        cls._invoice(cls.salesperson_b, 60, '2026-08-01', '2026-09-15', region=cls.region_b)

    def test_buckets(self):
        aging = self.env['sales.receivable.measure'].aging([self.company.id], self.as_of)
        mine = aging[(self.salesperson.id, self.region_a.id)]
        self.assertAlmostEqual(mine['current'], 100 + 200 + 300)
        self.assertAlmostEqual(mine['1_30'], 180 - 50 + 300)
        self.assertAlmostEqual(mine['31_60'], 80)
        self.assertAlmostEqual(mine['61_90'], 400)
        self.assertAlmostEqual(mine['over_90'], 500)
        self.assertAlmostEqual(mine['total'], 600 + 430 + 80 + 400 + 500)
        self.assertAlmostEqual(aging[(self.salesperson_b.id, self.region_b.id)]['61_90'], 60)
        # restricted to a salesperson, a region; other companies excluded
        self.assertEqual(set(self.env['sales.receivable.measure'].aging(
            [self.company.id], self.as_of, user_ids=[self.salesperson_b.id])),
            {(self.salesperson_b.id, self.region_b.id)})
        self.assertEqual(set(self.env['sales.receivable.measure'].aging(
            [self.company.id], self.as_of, region_ids=[self.region_a.id])),
            {(self.salesperson.id, self.region_a.id)})
        self.assertFalse(self.env['sales.receivable.measure'].aging(
            [self.other_company.id], self.as_of))

    def test_query_count_independent_of_the_salespeople(self):
        Measure = self.env['sales.receivable.measure']
        counts = []
        for user_ids in ([self.salesperson.id], [self.salesperson.id, self.salesperson_b.id],
                         None):
            before = self.env.cr.sql_log_count
            Measure.aging([self.company.id], self.as_of, user_ids=user_ids)
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts, [1, 1, 1])
