from odoo.exceptions import UserError

from .plan_common import PlanCase


class TestDecomposition(PlanCase):

    def assertAddsUp(self, plan):
        children = plan.child_ids
        self.assertAlmostEqual(sum(children.mapped('target_amount')), plan.target_amount, places=2)
        self.assertAlmostEqual(sum(children.mapped('target_qty')), plan.target_qty, places=2)
        for child in children:
            if child.child_ids:
                self.assertAddsUp(child)

    def test_even_split_adds_up_to_the_cent(self):
        plan = self.approve(self.new_plan(lines=[
            {'region_id': self.region_a.id, 'user_id': self.salesperson.id, 'target_amount': 10000.01,
             'target_qty': 100.0}]))
        quarters = self.decompose(plan, method='even').sorted('date_start')
        self.assertAddsUp(plan)
        self.assertEqual(sorted(quarters.mapped('target_amount')), [2500.0, 2500.0, 2500.0, 2500.01])
        months = quarters.mapped('child_ids')
        self.assertEqual(len(months), 12)
        self.assertEqual(months.mapped('period_type'), ['month'] * 12)
        self.assertTrue(all(month.line_ids.user_id == self.salesperson for month in months))
        self.assertEqual(quarters[0].date_start, '2026-01-01')
        self.assertEqual(quarters[0].date_end, '2026-03-31')
        self.assertEqual(months.sorted('date_start')[1].date_end, '2026-02-28')

    def sell_every_month(self, region, user, amounts, year=2025):
        """Last year's sales of `user`: amounts[m] in month m+1 (none where 0)."""
        for month, amount in enumerate(amounts, 1):
            if amount:
                self._order(region, user, self.rice_cooker, 1, amount,
                            '%d-%02d-15 02:00:00' % (year, month))

    def month_targets(self, plan, user):
        months = plan.child_ids.mapped('child_ids') or plan.child_ids
        return [line.target_amount for month in months.sorted('date_start')
                for line in month.line_ids if line.user_id == user]

    def test_seasonal_split_follows_the_salespersons_own_sales(self):
        # last year, every month: 100, but 500 in January and 1,000 in June
        self.sell_every_month(self.region_a, self.salesperson,
                              [500, 100, 100, 100, 100, 1000, 100, 100, 100, 100, 100, 100])
        plan = self.approve(self.new_plan(lines=[
            {'region_id': self.region_a.id, 'user_id': self.salesperson.id, 'target_amount': 25000.0,
             'target_qty': 250.0}]))
        quarters = self.decompose(plan, method='seasonal')
        self.assertAddsUp(plan)
        self.assertEqual(self.month_targets(plan, self.salesperson),
                         [5000.0, 1000.0, 1000.0, 1000.0, 1000.0, 10000.0] + [1000.0] * 6)
        self.assertEqual(quarters.sorted('date_start').mapped('target_amount'),
                         [7000.0, 12000.0, 3000.0, 3000.0])
        self.assertAlmostEqual(quarters.sorted('date_start')[1].target_qty, 120.0)

    def test_thin_history_falls_back_on_the_regions_seasonality(self):
        # the salesperson sold in February only; the region (a colleague) every month
        self.sell_every_month(self.region_a, self.salesperson, [0, 29843] + [0] * 10)
        self.sell_every_month(self.region_a, self.manager_a, [1000] * 12)
        # region B sold in two months only: too thin as well, its months are even
        self.sell_every_month(self.region_b, self.salesperson_b, [0, 0, 5000] + [0] * 8 + [700])
        plan = self.approve(self.new_plan(lines=[
            {'region_id': self.region_a.id, 'user_id': self.salesperson.id, 'target_amount': 41843.0},
            {'region_id': self.region_a.id, 'user_id': self.manager_a.id, 'target_amount': 24000.0}]))
        self.decompose(plan, split='month', method='seasonal')
        self.assertAddsUp(plan)
        # no month without a target: the region's months (1,000 each, 30,843 in February)
        self.assertEqual(self.month_targets(plan, self.salesperson),
                         [1000.0, 30843.0] + [1000.0] * 10)
        # the colleague sold every month: their own (even) history
        self.assertEqual(self.month_targets(plan, self.manager_a), [2000.0] * 12)

        plan_b = self.approve(self.new_plan(user=self.salesperson_b, region=self.region_b))
        self.decompose(plan_b, split='month', method='seasonal')
        self.assertEqual(self.month_targets(plan_b, self.salesperson_b), [1000.0] * 12)

    def test_regional_target_split_among_salespeople(self):
        self._order(self.region_a, self.salesperson, self.rice_cooker, 30, 100, '2025-03-15 02:00:00')
        self._order(self.region_a, self.manager_a, self.rice_cooker, 10, 100, '2025-03-15 02:00:00')
        plan = self.approve(self.new_plan(lines=[
            {'region_id': self.region_a.id, 'target_amount': 40000.0}]))
        quarters = self.decompose(plan, split='quarter', method='seasonal', split_salespeople=True)
        self.assertAddsUp(plan)
        lines = quarters.mapped('line_ids')
        self.assertEqual(lines.mapped('user_id'), self.salesperson | self.manager_a)
        self.assertAlmostEqual(sum(lines.filtered(
            lambda line: line.user_id == self.salesperson).mapped('target_amount')), 30000.0)
        # last year's sales were all in March: too thin a history for seasonality, even quarters
        self.assertEqual(quarters.mapped('target_amount'), [10000.0] * 4)

    def preview(self, plan, user=None, **values):
        """The wizard as the Decompose button opens it: its defaults, then the form's first
        onchange (every field of the form sent, as the web client does). Returns the form's
        values and the previewed rows (many2ones as ids)."""
        action = plan.sudo(user or self.gm).action_decompose_wizard()
        Wizard = self.env['sales.plan.decompose.wizard'].sudo(user or self.gm).with_context(
            **action['context'])
        spec = Wizard._onchange_spec()
        form = {name: False for name in spec if '.' not in name}
        form.update(Wizard.default_get(list(form)), preview_ids=[], **values)
        result = Wizard.onchange(form, [], spec)['value']
        form.update({name: value for name, value in result.items() if name != 'preview_ids'})

        def ident(value):
            return value[0] if isinstance(value, (tuple, list)) else value
        rows = [{name: ident(value) for name, value in command[2].items()}
                for command in result.get('preview_ids', []) if command[0] == 0]
        return form, rows

    def test_preview_is_what_decompose_creates_and_creates_nothing(self):
        self.sell_every_month(self.region_a, self.salesperson, [0, 29843] + [0] * 10)
        self.sell_every_month(self.region_a, self.manager_a, [1000, 900, 1100] * 4)
        plan = self.approve(self.new_plan(lines=[
            {'region_id': self.region_a.id, 'target_amount': 90000.0, 'target_qty': 900.0},
            {'region_id': self.region_a.id, 'user_id': self.salesperson.id,
             'categ_id': self.categ_cooking.id, 'target_amount': 12000.0, 'target_qty': 120.0}]))
        plans_before = self.env['sales.plan'].search_count([])
        activities_before = self.env['mail.activity'].search_count([])
        form, rows = self.preview(plan, split_salespeople=True)
        self.assertEqual(self.env['sales.plan'].search_count([]), plans_before)
        self.assertEqual(self.env['mail.activity'].search_count([]), activities_before)
        self.assertFalse(plan.child_ids)
        # per region, salesperson and month, with quantities and how each was weighted
        self.assertEqual(len(rows), 3 * 12)
        self.assertEqual({row['weighting'] for row in rows}, {'salesperson', 'region'})
        self.assertTrue(all(row['target_amount'] > 0 and row['target_qty'] > 0 for row in rows))
        self.assertTrue(form['plan_has_quantity'])

        # the wizard the button saves, then Decompose: exactly the preview
        wizard = self.env['sales.plan.decompose.wizard'].sudo(self.gm).create(
            {key: form[key] for key in ('plan_id', 'split', 'method', 'split_salespeople',
                                        'send_to_regions')})
        wizard.action_decompose()
        months = plan.child_ids.mapped('child_ids')
        created = sorted((line.region_id.id, line.user_id.id, line.categ_id.id, line.date_start,
                          line.date_end, round(line.target_amount, 2), round(line.target_qty, 2))
                         for line in months.mapped('line_ids'))
        previewed = sorted((row['region_id'], row['user_id'], row['categ_id'], row['date_start'],
                            row['date_end'], round(row['target_amount'], 2),
                            round(row['target_qty'], 2)) for row in rows)
        self.assertEqual(created, previewed)
        self.assertEqual(set(plan.child_ids.mapped('state')), {'to_accept'})

    def test_preview_of_a_quarterly_plan_and_without_quantities(self):
        plan = self.approve(self.new_plan(period_type='quarter', start='2026-04-01', end='2026-06-30',
                                          lines=[{'region_id': self.region_a.id,
                                                  'user_id': self.salesperson.id,
                                                  'target_amount': 3000.0}]))
        form, rows = self.preview(plan)
        self.assertEqual(form['split'], 'month')
        self.assertEqual([(row['date_start'], row['target_amount'], row['weighting']) for row in rows],
                         [('2026-04-01', 1000.0, 'even'), ('2026-05-01', 1000.0, 'even'),
                          ('2026-06-01', 1000.0, 'even')])
        wizard = self.env['sales.plan.decompose.wizard'].sudo(self.gm).create({'plan_id': plan.id})
        self.assertFalse(wizard.plan_has_quantity)
        arch = wizard.fields_view_get(view_type='form')['arch']
        self.assertIn('name="preview_ids"', arch)

    def test_preview_is_one_batch_whatever_the_number_of_targets(self):
        for user, amounts in ((self.salesperson, [0, 500] + [0] * 10),
                              (self.manager_a, [300] * 12),
                              (self.salesperson_b, [200] * 12)):
            self.sell_every_month(user.sale_team_id, user, amounts)

        def count(lines):
            plan = self.approve(self.new_plan(lines=lines))
            plan.invalidate_cache()
            wizard = self.env['sales.plan.decompose.wizard'].sudo(self.gm).new(
                {'plan_id': plan.id, 'split': 'quarter_month', 'method': 'seasonal',
                 'split_salespeople': True})
            before = self.env.cr.sql_log_count
            values = wizard._preview_values()
            return self.env.cr.sql_log_count - before, values

        def cancel_plans():
            self.env['sales.plan'].search([('state', '=', 'approved')])._set_state('cancelled')

        count([{'region_id': self.region_a.id, 'target_amount': 100.0}])  # warm the caches
        cancel_plans()
        small, rows = count([{'region_id': self.region_a.id, 'target_amount': 1200.0}])
        self.assertEqual(len(rows), 2 * 12)
        cancel_plans()
        large, rows = count([{'region_id': self.region_a.id, 'target_amount': 1200.0},
                             {'region_id': self.region_a.id, 'categ_id': self.categ_cooking.id,
                              'target_amount': 1200.0},
                             {'region_id': self.region_a.id, 'user_id': self.salesperson.id,
                              'categ_id': self.categ_drinks.id, 'target_amount': 1200.0}])
        self.assertEqual(len(rows), (2 + 2 + 1) * 12)
        self.assertEqual(small, large)

    def test_quarterly_plan_splits_into_months(self):
        plan = self.approve(self.new_plan(period_type='quarter', start='2026-04-01', end='2026-06-30'))
        months = self.decompose(plan, split='month').sorted('date_start')
        self.assertEqual(months.mapped('date_start'), ['2026-04-01', '2026-05-01', '2026-06-01'])
        self.assertAddsUp(plan)
        with self.assertRaisesRegex(UserError, 'split into months'):
            plan2 = self.approve(self.new_plan(period_type='quarter', start='2026-07-01', end='2026-09-30'))
            self.decompose(plan2, split='quarter')

    def test_only_head_office_decomposes_an_approved_plan(self):
        plan = self.new_plan()
        with self.assertRaisesRegex(UserError, 'Only an approved plan'):
            self.decompose(plan)
        self.approve(plan)
        with self.assertRaisesRegex(UserError, 'general manager or the sales director'):
            plan.sudo(self.manager_a).action_decompose_wizard()
        self.assertEqual(plan.state, 'approved')
        self.assertFalse(plan.child_ids)
