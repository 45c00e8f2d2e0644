"""The comparison of own and competitors' prices and volumes by region and month: the pivot's
figures on known surveys."""
from odoo.addons.sales_process.tests.survey_common import SurveyCase

ANALYSIS = 'sales.market.survey.analysis'


class TestSurveyAnalysis(SurveyCase):

    @classmethod
    def setUpClass(cls):
        super(TestSurveyAnalysis, cls).setUpClass()
        case = cls('test_prices_volumes_and_gap_by_region_month_product')
        # October, region A: kettle own 100 and 110 (two surveys), rivals 90 and 80
        cls.rival_line = {'kind': 'competitor', 'competitor_id': cls.rival.id,
                          'competitor_product': 'RK-1 Kettle', 'product_id': cls.kettle.id}
        case.reviewed_survey(lines=[
            {'kind': 'own', 'product_id': cls.kettle.id, 'price': 100.0, 'volume': 500},
            dict(cls.rival_line, price=90.0, volume=800),
        ])
        case.submitted_survey(cls.salesperson_a2, date='2031-10-25', lines=[
            {'kind': 'own', 'product_id': cls.kettle.id, 'price': 110.0, 'volume': 300,
             'channel': 'online'},
            {'kind': 'competitor', 'competitor_id': cls.rival2.id,
             'competitor_product': 'Second Kettle', 'product_id': cls.kettle.id, 'price': 80.0,
             'volume': 200, 'channel': 'online'},
            # a cooker only observed at a competitor: no gap
            {'kind': 'competitor', 'competitor_id': cls.rival.id,
             'competitor_product': 'RK Cooker', 'product_id': cls.cooker.id, 'price': 280.0,
             'volume': 50},
        ])
        # November, region A: kettle own 120, rival 130
        case.reviewed_survey(date='2031-11-10', date_from='2031-11-01', date_to='2031-11-30',
                             lines=[{'kind': 'own', 'product_id': cls.kettle.id, 'price': 120.0,
                                     'volume': 100},
                                    dict(cls.rival_line, price=130.0, volume=50)])
        # October, region B: kettle own 95, rival 85
        case.reviewed_survey(cls.salesperson_b, lines=[
            {'kind': 'own', 'product_id': cls.kettle.id, 'price': 95.0, 'volume': 40},
            dict(cls.rival_line, price=85.0, volume=60)])
        # a draft and a survey sent back are not evidence yet
        case.new_survey(lines=[{'kind': 'own', 'product_id': cls.kettle.id, 'price': 1000.0,
                                'volume': 9999}])
        sent_back = case.submitted_survey(lines=[
            {'kind': 'own', 'product_id': cls.kettle.id, 'price': 1000.0, 'volume': 9999}])
        sent_back.sudo(cls.marketing_manager).action_send_back('Prices look wrong.')

    def groups(self, user, groupby, domain=None):
        rows = self.env[ANALYSIS].sudo(user).read_group(
            (domain or []) + [('product_id', 'in', (self.kettle | self.cooker).ids)],
            ['own_price', 'competitor_price', 'price_gap', 'own_volume', 'competitor_volume',
             'volume', 'price'] + [name.split(':')[0] for name in groupby], groupby, lazy=False)
        return rows

    def key(self, row, groupby):
        return tuple(row[name][0] if isinstance(row[name], tuple) else row[name]
                     for name in groupby)

    def test_prices_volumes_and_gap_by_region_month_product(self):
        groupby = ['region_id', 'month:month', 'product_id']
        rows = {self.key(row, groupby): row for row in self.groups(self.hq, groupby)}
        october_a = rows[(self.region_a.id, 'October 2031', self.kettle.id)]
        self.assertAlmostEqual(october_a['own_price'], 105.0)           # (100 + 110) / 2
        self.assertAlmostEqual(october_a['competitor_price'], 85.0)     # (90 + 80) / 2
        self.assertAlmostEqual(october_a['price_gap'], 20.0)
        self.assertAlmostEqual(october_a['own_volume'], 800.0)
        self.assertAlmostEqual(october_a['competitor_volume'], 1000.0)
        november_a = rows[(self.region_a.id, 'November 2031', self.kettle.id)]
        self.assertAlmostEqual(november_a['price_gap'], -10.0)          # the company is cheaper
        self.assertAlmostEqual(november_a['own_volume'], 100.0)
        october_b = rows[(self.region_b.id, 'October 2031', self.kettle.id)]
        self.assertAlmostEqual(october_b['price_gap'], 10.0)
        self.assertAlmostEqual(october_b['competitor_volume'], 60.0)
        cooker = rows[(self.region_a.id, 'October 2031', self.cooker.id)]
        self.assertAlmostEqual(cooker['competitor_price'], 280.0)
        self.assertFalse(cooker['own_price'])
        self.assertFalse(cooker['price_gap'])
        # neither the draft nor the survey sent back (price 1000) counts
        self.assertEqual(len(rows), 4)

    def test_own_against_competitor_by_region(self):
        groupby = ['region_id', 'kind']
        rows = {self.key(row, groupby): row for row in self.groups(
            self.hq, groupby, [('product_id', '=', self.kettle.id)])}
        self.assertAlmostEqual(rows[(self.region_a.id, 'own')]['price'], 110.0)  # 100, 110, 120
        self.assertAlmostEqual(rows[(self.region_a.id, 'competitor')]['price'], 100.0)
        self.assertAlmostEqual(rows[(self.region_a.id, 'own')]['volume'], 900.0)
        self.assertAlmostEqual(rows[(self.region_b.id, 'own')]['price'], 95.0)

    def test_a_regional_manager_compares_their_region_only(self):
        rows = self.groups(self.manager_a, ['region_id'])
        self.assertEqual([row['region_id'][0] for row in rows], [self.region_a.id])
