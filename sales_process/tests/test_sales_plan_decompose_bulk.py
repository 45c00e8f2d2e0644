from odoo.exceptions import ValidationError

from .plan_common import PlanCase


class TestDecompositionWrites(PlanCase):
    """The decomposition writes each plan's targets in one statement: its queries grow with
    the plans it creates, not with their targets; the targets are checked as create() checks
    them."""

    def decompose_counting(self, lines):
        plan = self.approve(self.new_plan(lines=lines))
        plan.invalidate_cache()
        before = self.env.cr.sql_log_count
        children = self.decompose(plan, send_to_regions=False)
        return self.env.cr.sql_log_count - before, plan, children

    def test_the_query_count_does_not_grow_with_the_targets(self):
        region = self.region_a.id
        self.decompose_counting([{'region_id': region, 'user_id': self.salesperson.id,
                                  'categ_id': self.categ_rice.id, 'target_amount': 1200.0}])
        few, plan, quarters = self.decompose_counting([
            {'region_id': region, 'user_id': self.salesperson.id,
             'categ_id': self.categ_cooking.id, 'target_amount': 1200.0}])
        many, other_plan, other_quarters = self.decompose_counting([
            {'region_id': region, 'target_amount': 2400.0},
            {'region_id': region, 'categ_id': self.categ_drinks.id, 'target_amount': 3600.0},
            {'region_id': region, 'user_id': self.salesperson.id,
             'categ_id': self.categ_drinks.id, 'target_amount': 1200.0, 'target_qty': 12.0}])
        months = other_quarters.mapped('child_ids')
        self.assertEqual((len(other_quarters), len(months)), (4, 12))
        self.assertEqual(len(months.mapped('line_ids')), 3 * 12)
        self.assertEqual(many, few)
        # what the targets store: their plan's copies, the plan's totals
        month = months.sorted('date_start')[1]
        self.assertEqual(month.target_amount, 600.0)
        for line in month.line_ids:
            self.assertEqual((line.company_id, line.state, line.period_type, line.date_start,
                              line.date_end),
                             (self.company, 'approved', 'month', '2026-02-01', '2026-02-28'))
        self.assertEqual(sorted(month.line_ids.mapped('target_amount')), [100.0, 200.0, 300.0])
        self.assertEqual(sum(month.line_ids.mapped('target_qty')), 1.0)
        self.assertEqual(quarters.mapped('line_ids.categ_id'), self.categ_cooking)

    def test_a_target_of_another_open_plan_is_refused(self):
        target = {'region_id': self.region_a.id, 'user_id': self.salesperson.id,
                  'categ_id': self.categ_drinks.id, 'target_amount': 300.0}
        # a first quarter already planned on its own for that target
        self.new_plan(period_type='quarter', start='2026-01-01', end='2026-03-31', lines=[target])
        plan = self.approve(self.new_plan(lines=[
            dict(target, target_amount=1200.0),
            {'region_id': self.region_a.id, 'target_amount': 100.0}]))
        with self.assertRaisesRegex(ValidationError, 'already has a target for Region A, %s, %s'
                                    % (self.salesperson.name, self.categ_drinks.name)):
            with self.env.cr.savepoint():
                self.decompose(plan, send_to_regions=False)
        plan.invalidate_cache()
        self.assertEqual((plan.state, plan.child_ids.ids), ('approved', []))
