"""Bad input found over XML-RPC: each is refused with a clear error, and nothing is written.

Every failing call runs in a savepoint, as an RPC call is rolled back when it fails.
"""
from datetime import datetime
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import ValidationError

from .plan_common import PlanCase
from .stock_transfer_common import REQUEST, StockTransferCase


class TestStrategyYear(PlanCase):

    def count(self):
        return self.env['sales.strategy'].with_context(active_test=False).search_count([])

    def test_a_year_outside_2000_to_2099_is_refused(self):
        Strategy = self.env['sales.strategy'].sudo(self.gm)
        before = self.count()
        for year in (226, 3026):
            with self.assertRaisesRegex(ValidationError, r'is for the year %d: a sales strategy is '
                                                         r'set for a year from 2000 to 2099' % year), \
                    self.env.cr.savepoint():
                Strategy.create({'name': 'Typo %d' % year, 'year': year, 'total_target': 1000})
        self.assertEqual(self.count(), before)
        strategy = Strategy.create({'name': '2031', 'year': 2031})
        with self.assertRaisesRegex(ValidationError, 'for the year 226'), self.env.cr.savepoint():
            strategy.write({'year': 226})
        strategy.invalidate_cache()
        self.assertEqual(strategy.year, 2031)

    def test_a_legacy_year_breaks_neither_the_list_nor_the_form(self):
        self.env.cr.execute("""
            INSERT INTO sales_strategy (name, year, company_id, active, total_target)
            VALUES ('Legacy typo', 226, %s, true, 5000) RETURNING id""", [self.company.id])
        legacy = self.env['sales.strategy'].browse(self.env.cr.fetchone()[0])
        self.env['sales.strategy'].sudo(self.gm).create({'name': '2031', 'year': 2031})
        # the Strategies list as a salesperson's client asks for it
        Strategy = self.env['sales.strategy'].sudo(self.salesperson)
        columns = list(Strategy.fields_view_get(view_type='tree')['fields'])
        rows = Strategy.search_read([], columns + ['achieved_amount', 'achievement_pct'])
        row = next(row for row in rows if row['id'] == legacy.id)
        self.assertEqual((row['year'], row['achieved_amount'], row['achievement_pct']), (226, 0.0, 0.0))
        self.assertIn(2031, [row['year'] for row in rows])
        # the general manager opens it and corrects the year
        form = list(Strategy.fields_view_get(view_type='form')['fields'])
        legacy.sudo(self.gm).read(form)
        legacy.sudo(self.gm).write({'year': 2032})
        self.assertEqual(legacy.year, 2032)

    def test_the_statistics_of_a_legacy_year_say_what_is_wrong(self):
        self.env.cr.execute("""
            INSERT INTO sales_strategy (name, year, company_id, active)
            VALUES ('Legacy typo', 226, %s, true) RETURNING id""", [self.company.id])
        legacy_id = self.env.cr.fetchone()[0]
        report = self.env['report.sales_process.report_sales_statistics'].sudo(self.gm)
        with self.assertRaisesRegex(ValidationError, 'Legacy typo is for the year 226'):
            report.get_report_values([legacy_id])

    def test_defaults_are_the_users_date_not_the_servers(self):
        class NewYearsEve(datetime):
            """20:00 UTC on 31 December 2026: already 2027 in Shanghai."""
            @classmethod
            def now(cls, tz=None):
                return cls(2026, 12, 31, 20, 0, 0)

        self.gm.tz = 'Asia/Shanghai'
        self.salesperson.tz = 'Asia/Shanghai'
        with patch.object(fields, 'datetime', NewYearsEve):
            strategy = self.env['sales.strategy'].sudo(self.gm).default_get(['year'])
            plan = self.env['sales.plan'].sudo(self.salesperson).default_get(['date_start', 'date_end'])
        self.assertEqual(strategy['year'], 2027)
        self.assertEqual((plan['date_start'], plan['date_end']), ('2027-01-01', '2027-12-31'))


class TestPlanBadInput(PlanCase):

    def counts(self):
        return (self.env['sales.plan'].search_count([]), self.env['sales.plan.line'].search_count([]))

    def assertRefused(self, message, **plan):
        before = self.counts()
        with self.assertRaisesRegex(ValidationError, message), self.env.cr.savepoint():
            self.new_plan(**plan)
        self.assertEqual(self.counts(), before)

    def test_a_plan_outside_2000_to_2099_is_refused(self):
        self.assertRefused('runs from 1999-01-01 to 1999-12-31: plans are set for the years 2000 '
                           'to 2099', start='1999-01-01', end='1999-12-31')
        self.assertRefused('plans are set for the years 2000 to 2099', period_type='month',
                           start='3026-05-01', end='3026-05-31')
        self.assertRefused('plans are set for the years 2000 to 2099', period_type='quarter',
                           start='2099-10-01', end='2100-01-31')
        plan = self.new_plan(start='2099-01-01', end='2099-12-31')
        with self.assertRaisesRegex(ValidationError, 'plans are set for the years'), self.env.cr.savepoint():
            plan.sudo(self.salesperson).write({'date_start': '0226-01-01', 'date_end': '0226-12-31'})
        plan.invalidate_cache()
        self.assertEqual(plan.date_start, '2099-01-01')

    def test_a_quarter_is_a_calendar_quarter(self):
        self.assertRefused(r'The quarterly plan Region A 2026 Q1 runs from 2026-02-01 to 2026-04-30: a '
                           'quarter is January to March, April to June', period_type='quarter',
                           start='2026-02-01', end='2026-04-30')
        plan = self.new_plan(period_type='quarter', start='2026-04-01', end='2026-06-30')
        self.assertEqual((plan.name, plan.state), ('Region A 2026 Q2', 'draft'))

    def test_a_year_is_a_calendar_year(self):
        self.assertRefused('The annual plan Region A 2026 runs from 2026-02-01 to 2027-01-31: a year '
                           'runs from 1 January to 31 December', start='2026-02-01', end='2027-01-31')
        self.assertEqual(self.new_plan().date_start, '2026-01-01')

    def test_a_legacy_plan_outside_the_years_does_not_break_the_plans_list(self):
        legacy = self.new_plan(start='2027-01-01', end='2027-12-31')
        self.new_plan()
        for table in ('sales_plan', 'sales_plan_line'):
            self.env.cr.execute("UPDATE {} SET date_start = '0001-01-01', date_end = '0001-12-31' "
                                "WHERE {} = %s".format(table, 'id' if table == 'sales_plan' else 'plan_id'),
                                [legacy.id])
        self.env['sales.plan'].invalidate_cache()
        Plan = self.env['sales.plan'].sudo(self.salesperson)
        columns = list(Plan.fields_view_get(view_type='tree')['fields'])
        rows = Plan.search_read([], columns + ['achieved_amount', 'achievement_pct'])
        self.assertIn(legacy.id, [row['id'] for row in rows])
        self.assertEqual(next(row for row in rows if row['id'] == legacy.id)['achieved_amount'], 0.0)

    # Targets only for the region's staff

    def target(self, user, region=None):
        return {'region_id': (region or self.region_a).id, 'user_id': user.id, 'target_amount': 1000.0}

    def test_a_target_for_another_regions_salesperson_is_refused(self):
        self.assertRefused('Sp Test Salesperson B does not work in the region Region A: the targets '
                           'of Region A 2026 in Region A are for its salespeople and its manager',
                           lines=[self.target(self.salesperson), self.target(self.salesperson_b)])
        # nor added to a draft plan, nor swapped in for one of its targets
        plan = self.new_plan()
        for command in ([(0, 0, self.target(self.manager_b))],
                        [(1, plan.line_ids.id, {'user_id': self.salesperson_b.id})]):
            with self.assertRaisesRegex(ValidationError, 'does not work in the region Region A'), \
                    self.env.cr.savepoint():
                plan.sudo(self.salesperson).write({'line_ids': command})
            plan.invalidate_cache()
            self.assertEqual(plan.line_ids.mapped('user_id'), self.salesperson)
        # a company-wide plan of head office: the same rule, per target's region
        before = self.counts()
        with self.assertRaisesRegex(ValidationError, 'Sp Test Salesperson does not work in the region '
                                                     'Region B'), self.env.cr.savepoint():
            self.env['sales.plan'].sudo(self.gm).create({
                'name': 'Company 2027', 'period_type': 'year', 'date_start': '2027-01-01',
                'date_end': '2027-12-31', 'line_ids': [(0, 0, self.target(self.salesperson, self.region_b))]})
        self.assertEqual(self.counts(), before)

    def test_a_target_for_the_warehouse_clerk_is_refused(self):
        clerk = self.users['warehouse']
        message = ('Sp Test Warehouse is not a salesperson: the targets of Region A 2026 in Region A '
                   'are for the salespeople and the manager of Region A')
        self.assertRefused(message, lines=[self.target(clerk)])
        # even once a member of the region's team
        clerk.sale_team_id = self.region_a
        self.assertRefused(message, lines=[self.target(clerk)])

    def test_targets_for_the_regions_own_salesperson_and_manager_are_accepted(self):
        plan = self.new_plan(lines=[self.target(self.salesperson), self.target(self.manager_a),
                                    {'region_id': self.region_a.id, 'target_amount': 500.0}])
        self.assertEqual(plan.line_ids.mapped('user_id'), self.salesperson | self.manager_a)
        company = self.env['sales.plan'].sudo(self.gm).create({
            'name': 'Company 2027', 'period_type': 'year', 'date_start': '2027-01-01',
            'date_end': '2027-12-31',
            'line_ids': [(0, 0, self.target(self.manager_b, self.region_b)),
                         (0, 0, self.target(self.salesperson_b, self.region_b))]})
        self.assertEqual(len(company.line_ids), 2)

    def test_splitting_per_salesperson_skips_team_members_without_a_sales_role(self):
        self.users['warehouse'].sale_team_id = self.region_a
        plan = self.approve(self.new_plan(lines=[{'region_id': self.region_a.id, 'target_amount': 40000.0}]))
        quarters = self.decompose(plan, split='quarter', method='even', split_salespeople=True)
        self.assertEqual(quarters.mapped('line_ids.user_id'), self.salesperson | self.manager_a)
        self.assertEqual(sum(quarters.mapped('target_amount')), 40000.0)


class TestTransferRequestNumbering(StockTransferCase):

    def number(self, request):
        prefix, number = request.name.rsplit('/', 1)
        return prefix, int(number)

    def assertNext(self, previous, request):
        prefix, number = self.number(previous)
        self.assertEqual(self.number(request), (prefix, number + 1),
                         'no gap after %s: %s' % (previous.name, request.name))

    def test_a_refused_request_takes_no_number(self):
        service = self._create_product('Installation service', 'service')
        first = self.new_request(self.salesperson, [(self.kettle, 4)])
        self.assertRegex(first.name, r'^TR/\d{4}/\d{4,}$')
        before = self.env[REQUEST].search_count([])
        for values, lines, message in (
                ({'source_warehouse_id': self.warehouse_a.id}, [(self.kettle, 4)],
                 'source and destination warehouses of the transfer request are the same'),
                ({}, [(self.kettle, 4), (service, 1)], 'not a storable product')):
            with self.assertRaisesRegex(ValidationError, message) as raised, self.env.cr.savepoint():
                self.new_request(self.salesperson, lines, **values)
            self.assertNotIn('TR/', str(raised.exception))
            self.assertNotIn('New', str(raised.exception))
        self.assertEqual(self.env[REQUEST].search_count([]), before)
        self.assertNext(first, self.new_request(self.salesperson, [(self.fryer, 2)]))

    def test_a_number_taken_in_a_call_that_fails_is_given_back(self):
        """Head office requests the demand of two regions at once: region A's request is saved
        and numbered, region B's is refused, and the whole call is rolled back."""
        first = self.new_request(self.salesperson, [(self.kettle, 4)])
        demand = (self.new_demand(self.salesperson, self.fryer, 5)
                  | self.new_demand(self.salesperson_b, self.cooker, 3)).sudo(self.hq)
        self.cooker.type = 'consu'
        before = self.env[REQUEST].search_count([])
        with self.assertRaisesRegex(ValidationError, 'Test Rice Cooker is not a storable product'), \
                self.env.cr.savepoint():
            self.env[REQUEST].sudo(self.hq)._create_from_demand(demand)
        self.env[REQUEST].invalidate_cache()  # what the rolled back call left in memory
        self.assertEqual(self.env[REQUEST].search_count([]), before)
        self.assertEqual(demand.mapped('state'), ['open', 'open'])
        self.assertNext(first, self.new_request(self.salesperson, [(self.kettle, 1)]))
