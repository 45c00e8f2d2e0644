"""What a person sees of plans and targets: future periods are no failures, last year's actual
beside each target, and the plans' kanban shows the yearly plans."""
from datetime import date

from lxml import etree

from .plan_common import PlanCase


class TestFuturePlans(PlanCase):
    """Next year's targets against this year's actual sales (dates relative to today)."""

    @classmethod
    def setUpClass(cls):
        super(TestFuturePlans, cls).setUpClass()
        cls.year = date.today().year
        # this January: what next January's target is compared with
        cls._order(cls.region_a, cls.salesperson, cls.rice_cooker, 20, 100,
                   '%d-01-15 02:00:00' % cls.year)

    def month_plan(self, year, amount=3000.0):
        return self.new_plan(period_type='month', start='%d-01-01' % year, end='%d-01-31' % year,
                             lines=[{'region_id': self.region_a.id, 'user_id': self.salesperson.id,
                                     'target_amount': amount}])

    def test_a_future_target_is_not_a_failure(self):
        plan = self.month_plan(self.year + 1)
        line = plan.line_ids.sudo(self.salesperson)
        self.assertEqual(line.period_status, 'not_started')
        self.assertAlmostEqual(line.last_year_amount, 2000)
        # the question a reviewer asks: +50% on last year's January
        self.assertAlmostEqual(line.target_growth_pct, 50.0)
        # no -100% growth, no 0% achievement, not behind
        self.assertEqual((line.achievement_pct, line.growth_pct, line.behind_target), (0.0, 0.0, False))
        plan = plan.sudo(self.salesperson)
        self.assertEqual(plan.period_status, 'not_started')
        self.assertAlmostEqual(plan.last_year_amount, 2000)
        self.assertAlmostEqual(plan.target_growth_pct, 50.0)
        self.assertEqual((plan.growth_pct, plan.achievement_pct), (0.0, 0.0))

    def test_a_started_target_shows_achievement_and_growth(self):
        plan = self.month_plan(self.year, amount=4000.0)
        line = plan.line_ids.sudo(self.salesperson)
        self.assertIn(line.period_status, ('in_progress', 'ended'))
        self.assertAlmostEqual(line.achieved_amount, 2000)
        self.assertAlmostEqual(line.achievement_pct, 50.0)
        self.assertAlmostEqual(line.last_year_amount, 0)
        self.assertAlmostEqual(line.target_growth_pct, 0.0)
        ended = self.month_plan(self.year - 1, amount=1000.0).line_ids
        self.assertEqual(ended.period_status, 'ended')
        self.assertTrue(ended.behind_target)
        self.assertAlmostEqual(ended.target_growth_pct, 0.0)

    def test_targets_list_colours_only_started_periods_and_opens_on_this_year(self):
        Line = self.env['sales.plan.line'].sudo(self.salesperson)
        tree = etree.fromstring(Line.fields_view_get(view_type='tree')['arch'])
        for decoration in ('decoration-danger', 'decoration-success'):
            self.assertIn('period_status', tree.get(decoration))
        columns = [field.get('name') for field in tree.iter('field')]
        # last year's actual beside the target, and the growth the target asks for
        self.assertLess(columns.index('last_year_amount'), columns.index('target_amount'))
        self.assertIn('target_growth_pct', columns)
        achievement = tree.find(".//field[@name='achievement_pct']")
        self.assertIn('not_started', achievement.get('modifiers'))

        action = self.env.ref('sales_process.sales_plan_line_action')
        self.assertIn("'search_default_this_year': 1", action.context)
        search = etree.fromstring(Line.fields_view_get(view_type='search')['arch'])
        this_year = search.find(".//filter[@name='this_year']")
        self.assertIn("%Y-01-01", this_year.get('domain'))
        # the filter keeps this year's targets
        this_plan = self.month_plan(self.year)
        next_plan = self.month_plan(self.year + 1)
        domain = [('date_start', '>=', '%d-01-01' % self.year), ('date_start', '<=', '%d-12-31' % self.year)]
        found = Line.search(domain + [('plan_id', 'in', (this_plan | next_plan).ids)])
        self.assertEqual(found.mapped('plan_id'), this_plan)

    def test_plan_form_and_analysis_show_last_year_beside_the_target(self):
        view = self.env['sales.plan'].sudo(self.salesperson).fields_view_get(view_type='form')
        form = etree.fromstring(view['arch'])
        lines = etree.fromstring(view['fields']['line_ids']['views']['tree']['arch'])
        targets = [field.get('name') for field in lines.iter('field')]
        self.assertLess(targets.index('last_year_amount'), targets.index('target_amount'))
        self.assertIn('target_growth_pct', targets)
        figures = form.find(".//group[@name='figures']")
        self.assertIn('not_started', figures.find("field[@name='growth_pct']").get('modifiers'))
        pivot = etree.fromstring(self.env['sales.plan.analysis'].fields_view_get(
            view_type='pivot')['arch'])
        measures = [field.get('name') for field in pivot.iter('field') if field.get('type') == 'measure']
        self.assertEqual(measures, ['last_year_amount', 'target_amount', 'achieved_amount'])


class TestPlansKanban(PlanCase):

    def test_menu_opens_on_yearly_plans_without_creating_regions(self):
        Plan = self.env['sales.plan'].sudo(self.gm)
        kanban = etree.fromstring(Plan.fields_view_get(view_type='kanban')['arch'])
        self.assertEqual(kanban.get('default_group_by'), 'region_id')
        for attribute in ('group_create', 'group_edit', 'group_delete', 'quick_create'):
            self.assertEqual(kanban.get(attribute), 'false', attribute)

        action = self.env.ref('sales_process.sales_plan_action')
        self.assertIn("'search_default_top_level': 1", action.context)
        search = etree.fromstring(Plan.fields_view_get(view_type='search')['arch'])
        top_level = search.find(".//filter[@name='top_level']")
        self.assertEqual(top_level.get('domain'), "[('parent_id', '=', False)]")

        plan = self.approve(self.new_plan())
        children = self.decompose(plan)
        every = plan | children | children.mapped('child_ids')
        yearly = Plan.search([('parent_id', '=', False), ('id', 'in', every.ids)])
        self.assertEqual(yearly, plan)
        # the sub-plans open from their plan (smart button), not from the menu
        self.assertEqual(plan.child_count, 4)
        sub_action = plan.sudo(self.gm).action_view_children()
        self.assertEqual(Plan.search(sub_action['domain']), children)
        self.assertNotIn('search_default_top_level', str(sub_action['context']))

    def test_strategy_opens_its_yearly_plans(self):
        strategy = self.env['sales.strategy'].sudo(self.gm).create({'name': 'S', 'year': 2031})
        action = strategy.action_view_plans()
        self.assertEqual(action['context'].get('search_default_top_level'), 1)
