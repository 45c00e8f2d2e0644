"""The scorecard: the figures of a known quarter measured from the other processes' measures,
scored with the company's weights, ranked per region, live while draft and frozen once
submitted, with a number of queries that does not depend on the number of salespeople."""
from .appraisal_common import EXPECTED_SCORE, Q3_2025, AppraisalCase


class TestAppraisalScorecard(AppraisalCase):

    def test_the_scorecard_of_a_known_quarter(self):
        cards = self.env['sales.appraisal.measure'].scorecards(
            self.company.id, [self.salesperson.id, self.salesperson_a2.id], *Q3_2025)
        card = cards[self.salesperson.id]
        expected = {
            'target_amount': 10000.0, 'achieved_amount': 8000.0, 'achievement_pct': 80.0,
            'last_year_amount': 7000.0, 'growth_pct': 100.0 * 1000 / 7000,
            'receivable_due': 5000.0, 'collected_on_time': 4000.0, 'collection_rate': 80.0,
            'overdue_amount': 1000.0, 'aftersales_cases': 1, 'delivered_qty': 80.0,
            'returned_qty': 3.0, 'return_rate': 3.75, 'surveys_filed': 2,
            'points_achievement': 80.0, 'points_growth': 100.0 * (100.0 * 1000 / 7000) / 20,
            'points_collection': 80.0, 'points_overdue': 98.0, 'points_aftersales': 25.0,
            'points_surveys': 200.0 / 3, 'score': EXPECTED_SCORE,
        }
        for name, value in expected.items():
            self.assertAlmostEqual(getattr(card, name), value, places=4, msg=name)
        self.assertTrue(card.collection_measured)

        # nothing sold, due, returned or filed: only what cannot go wrong earns points
        empty = cards[self.salesperson_a2.id]
        self.assertEqual((empty.target_amount, empty.achieved_amount, empty.surveys_filed,
                          empty.collection_measured), (0.0, 0.0, 0, False))
        self.assertEqual((empty.points_achievement, empty.points_growth, empty.points_collection,
                          empty.points_overdue, empty.points_aftersales, empty.points_surveys),
                         (0.0, 0.0, 100.0, 100.0, 100.0, 0.0))
        self.assertAlmostEqual(empty.score, 40.0)

    def test_the_weights_make_the_score(self):
        scoring = self.env['sales.appraisal.scoring']._for_company(self.company.id)
        scoring.sudo(self.director).write({
            'weight_achievement': 100, 'weight_growth': 0, 'weight_collection': 0,
            'weight_overdue': 0, 'weight_aftersales': 0, 'weight_surveys': 0})
        card = self.env['sales.appraisal.measure'].scorecards(
            self.company.id, self.salesperson.ids, *Q3_2025)[self.salesperson.id]
        self.assertAlmostEqual(card.score, 80.0)

    def test_generated_appraisals_carry_the_scorecard_and_the_ranking(self):
        appraisals = self.generate()
        self.assertEqual(appraisals.mapped('user_id'),
                         self.salesperson | self.salesperson_a2 | self.salesperson_b)
        mine = self.appraisal_of(self.salesperson, appraisals)
        self.assertEqual((mine.region_id, mine.period_name, mine.date_from, mine.date_to),
                         (self.region_a, '2025 Q3', Q3_2025[0], Q3_2025[1]))
        self.assertAlmostEqual(mine.score, EXPECTED_SCORE, places=2)
        self.assertEqual((mine.achievement_pct, mine.surveys_filed, mine.aftersales_cases),
                         (80.0, 2, 1))
        self.assertEqual(mine.suggested_rating, 'C')  # 60 to 75
        # ranked within each region: region A's two, region B's one
        ranks = {appraisal.user_id: (appraisal.rank, appraisal.region_size)
                 for appraisal in appraisals}
        self.assertEqual(ranks, {self.salesperson: (1, 2), self.salesperson_a2: (2, 2),
                                 self.salesperson_b: (1, 1)})
        # the list grouped by region, sorted by score
        groups = self.Appraisal.sudo(self.hq).read_group(
            [('id', 'in', appraisals.ids)], ['score', 'region_id'], ['region_id'])
        self.assertEqual({group['region_id'][0]: group['region_id_count'] for group in groups},
                         {self.region_a.id: 2, self.region_b.id: 1})
        listed = self.Appraisal.sudo(self.hq).search([('id', 'in', appraisals.ids),
                                                      ('region_id', '=', self.region_a.id)])
        self.assertEqual(listed.mapped('user_id'), self.salesperson | self.salesperson_a2)
        self.assertEqual(listed[0].user_id, self.salesperson)

    def test_live_while_draft_frozen_once_submitted(self):
        mine = self.appraisal_of(self.salesperson, self.generate())
        # another survey filed: the draft's Refresh measures it
        self.survey_as_filed(self.salesperson, '2025-09-20')
        mine.sudo(self.manager_a).action_refresh_scorecard()
        self.assertEqual(mine.surveys_filed, 3)
        self.assertFalse(mine.is_frozen)
        self.rate(mine).action_approval_submit()
        self.assertTrue(mine.is_frozen)
        frozen_score = mine.score
        # once submitted, new facts change nothing on it
        self.survey_as_filed(self.salesperson, '2025-09-21')
        with self.assertRaisesRegex(Exception, 'frozen'):
            mine.sudo(self.manager_a).action_refresh_scorecard()
        mine.invalidate_cache()
        self.assertEqual((mine.surveys_filed, mine.score), (3, frozen_score))

    def test_the_query_count_does_not_depend_on_the_number_of_salespeople(self):
        Measure = self.env['sales.appraisal.measure']
        cr = self.env.cr
        many = self.salesperson | self.salesperson_a2 | self.salesperson_b
        for number in range(12):
            many |= self.other_salesperson('sp_test_appraisal_many_%d' % number)

        def queries(users):
            before = cr.sql_log_count
            Measure.scorecards(self.company.id, users.ids, *Q3_2025)
            return cr.sql_log_count - before
        queries(many)  # warm the caches (the scoring, the company's time zone, the users)
        one = queries(self.salesperson)
        self.assertEqual(queries(many), one)
        self.assertLessEqual(one, 10)

        # storing and ranking the appraisals of a period: a fixed number too
        few = self.generate(regions=self.region_b)
        everyone = self.generate(regions=self.region_a)
        stored = {}
        for name, appraisals in (('few', few), ('everyone', everyone)):
            appraisals._measure_scorecards()  # warm the caches (the users read for the measure)
            before = cr.sql_log_count
            appraisals._measure_scorecards()
            stored[name] = cr.sql_log_count - before
        self.assertEqual(stored['few'], stored['everyone'])
