from .plan_common import PlanCase


class TestStrategyAndStatistics(PlanCase):
    """On 2024 and 2023, years without demo sales."""

    @classmethod
    def setUpClass(cls):
        super(TestStrategyAndStatistics, cls).setUpClass()
        cls.strategy = cls.env['sales.strategy'].sudo(cls.users['general_manager']).create({
            'name': '2024: win the East', 'year': 2024, 'total_target': 10000,
            'goals': '<p>Grow 20% in the East.</p>'})
        cls._order(cls.region_a, cls.salesperson, cls.rice_cooker, 20, 100, '2024-02-10 02:00:00')
        cls._order(cls.region_b, cls.salesperson_b, cls.kettle, 10, 200, '2024-11-10 02:00:00',
                   customer=cls.customer_b)
        cls._order(cls.region_a, cls.salesperson, cls.rice_cooker, 10, 100, '2023-02-10 02:00:00')

    def test_strategy_measures_the_whole_year(self):
        self.assertAlmostEqual(self.strategy.achieved_amount, 4000)
        self.assertAlmostEqual(self.strategy.achievement_pct, 40.0)
        self.assertAlmostEqual(self.strategy.last_year_amount, 1000)
        self.assertAlmostEqual(self.strategy.growth_pct, 300.0)

    def test_sales_meetings_with_minutes(self):
        action = self.strategy.sudo(self.users['general_manager']).action_schedule_meeting()
        meeting = self.env['calendar.event'].sudo(self.users['general_manager']).with_context(
            **action['context']).create({'start': '2024-01-05 02:00:00', 'stop': '2024-01-05 04:00:00',
                                         'minutes': '<p>Target 10,000; East first.</p>'})
        self.assertEqual(meeting.sales_strategy_id, self.strategy)
        self.assertIn('Sales meeting', meeting.name)
        self.assertEqual(self.strategy.meeting_count, 1)

    def test_year_end_statistics(self):
        plan = self.approve(self.new_plan(start='2024-01-01', end='2024-12-31', lines=[
            {'region_id': self.region_a.id, 'user_id': self.salesperson.id, 'target_amount': 5000}]))
        self.decompose(plan, split='month')
        # region B's plan is not decomposed: a twelfth of it goes to each month
        self.approve(self.new_plan(user=self.salesperson_b, region=self.region_b, start='2024-01-01',
                                   end='2024-12-31', lines=[{'region_id': self.region_b.id,
                                                             'target_amount': 1200}]))
        report = self.env['report.sales_process.report_sales_statistics']
        stats = report._statistics(self.strategy)
        regions = {row['label']: row for row in stats['region']}
        self.assertAlmostEqual(regions['Region A']['target'], 5000)
        self.assertAlmostEqual(regions['Region A']['actual'], 2000)
        self.assertAlmostEqual(regions['Region A']['achievement'], 40.0)
        self.assertAlmostEqual(regions['Region A']['growth'], 100.0)
        self.assertAlmostEqual(regions['Region B']['actual'], 2000)
        self.assertAlmostEqual(regions['Region B']['target'], 1200)
        people = {row['label']: row for row in stats['user']}
        self.assertAlmostEqual(people[self.salesperson.name]['actual'], 2000)
        months = stats['month']
        self.assertEqual(len(months), 12)
        self.assertAlmostEqual(months[1]['actual'], 2000)
        self.assertAlmostEqual(months[10]['actual'], 2000)
        self.assertAlmostEqual(sum(month['target'] for month in months), 6200, places=2)
        self.assertAlmostEqual(months[0]['target'], 5000 / 12.0 + 100, places=1)
        self.assertAlmostEqual(stats['total']['actual'], 4000)

    def test_each_month_is_measured_on_the_scope_of_its_target(self):
        # only region A has a plan (its salesperson, decomposed per month); region B's
        # salesperson sold 2,000 in November without any target
        plan = self.approve(self.new_plan(start='2024-01-01', end='2024-12-31', lines=[
            {'region_id': self.region_a.id, 'user_id': self.salesperson.id, 'target_amount': 12000}]))
        self.decompose(plan, split='month')
        # a colleague of region A sold in February without a target either
        self._order(self.region_a, self.manager_a, self.kettle, 1, 500, '2024-02-20 02:00:00')
        report = self.env['report.sales_process.report_sales_statistics'].sudo(self.gm)

        def run():
            report.invalidate_cache()
            before = self.env.cr.sql_log_count
            stats = report._statistics(self.strategy)
            return stats, self.env.cr.sql_log_count - before

        run()  # warm the caches (settings, time zone)
        stats, queries = run()
        months = stats['month']
        # February: the salesperson's 2,000 against their 1,000, not the colleague's sales
        self.assertAlmostEqual(months[1]['target'], 1000)
        self.assertAlmostEqual(months[1]['actual'], 2000)
        self.assertAlmostEqual(months[1]['achievement'], 200.0)
        # November: nothing of region B's sales, which had no target
        self.assertAlmostEqual(months[10]['actual'], 0)
        self.assertAlmostEqual(months[10]['achievement'], 0.0)
        # last year's February, on the same scope
        self.assertAlmostEqual(months[1]['last_year'], 1000)
        # by salesperson: those who sold without a target are listed, target 0
        people = {row['label']: row for row in stats['user']}
        self.assertEqual(set(people), {self.salesperson.name, self.salesperson_b.name,
                                       self.manager_a.name})
        self.assertAlmostEqual(people[self.salesperson_b.name]['target'], 0)
        self.assertAlmostEqual(people[self.salesperson_b.name]['actual'], 2000)
        self.assertIsNone(people[self.salesperson_b.name]['achievement'])
        self.assertAlmostEqual(people[self.manager_a.name]['actual'], 500)
        self.assertAlmostEqual(sum(row['actual'] for row in stats['user']), stats['total']['actual'])
        regions = {row['label']: row for row in stats['region']}
        self.assertAlmostEqual(regions['Region B']['actual'], 2000)
        self.assertAlmostEqual(regions['Region B']['target'], 0)

        # a constant number of queries, whatever the number of plans and people
        self.approve(self.new_plan(user=self.salesperson_b, region=self.region_b, start='2024-01-01',
                                   end='2024-12-31', lines=[{'region_id': self.region_b.id,
                                                             'user_id': self.salesperson_b.id,
                                                             'target_amount': 1200}]))
        run()  # creating a plan may have emptied the registry's caches
        stats, more_queries = run()
        self.assertEqual(more_queries, queries)
        self.assertAlmostEqual(stats['month'][10]['actual'], 2000)

    def test_statistics_pdf_renders(self):
        # printed from the test's own server of style sheets (common.printed_pdf): never from
        # Odoo's, which answers no request while Odoo's runner installs or updates the module
        pdf, text = self.printed_pdf('sales_process.action_report_sales_statistics', self.strategy,
                                     self.gm)
        self.assertTrue(pdf.startswith(b'%PDF'))
        self.assertIn('Region A', text)
        html = self.env.ref('sales_process.action_report_sales_statistics').render_qweb_html(
            self.strategy.ids)[0]
        self.assertIn(b'Year-end Sales Statistics', html)
        self.assertIn(b'Region A', html)

    def test_year_is_shown_as_a_label(self):
        # Odoo's integer widget would print the year 2026 as "2,026": the strategy's views use
        # the module's year widget, which the web client loads
        strategy = self.env['sales.strategy'].sudo(self.gm)
        for view_type in ('form', 'tree'):
            arch = strategy.fields_view_get(view_type=view_type)['arch']
            self.assertIn('name="year" widget="sales_year"', arch)
        files, _remains = self.env['ir.qweb']._get_asset_content('web.assets_backend', {})
        self.assertIn('/sales_process/static/src/js/year_field.js', [f['url'] for f in files])
