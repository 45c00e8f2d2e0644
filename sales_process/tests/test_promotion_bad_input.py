"""Bad input on promotions: a clear error, and nothing half-written."""
from odoo.exceptions import UserError, ValidationError

from .promotion_common import PROMOTION, PromotionCase, day


class TestPromotionBadInput(PromotionCase):

    def assert_refused(self, error, values, match):
        count = self.env[PROMOTION].search_count([])
        with self.assertRaisesRegex(error, match), self.env.cr.savepoint():
            self.new_promotion(**values)
        self.env.clear()  # what the refused create left in the cache
        self.assertEqual(self.env[PROMOTION].search_count([]), count)

    def test_end_before_start(self):
        self.assert_refused(ValidationError, {'date_start': day(10), 'date_end': day(5)},
                            'ends .* before it starts')

    def test_discount_outside_0_to_100(self):
        for discount in (-5, 100.5):
            self.assert_refused(ValidationError, {'line_ids': [
                (0, 0, {'product_id': self.kettle.id, 'discount': discount})]},
                'between 0 and 100')

    def test_promotional_price_not_positive(self):
        self.assert_refused(ValidationError, {'line_ids': [
            (0, 0, {'product_id': self.kettle.id, 'fixed_price': -1})]}, 'greater than 0')

    def test_a_line_names_a_product_or_a_category(self):
        self.assert_refused(ValidationError, {'line_ids': [(0, 0, {'discount': 5})]},
                            'either a product or a product category')

    def test_negative_material_or_cost(self):
        for material in ({'name': 'Posters', 'quantity': -1, 'unit_cost': 2},
                         {'name': 'Posters', 'quantity': 1, 'unit_cost': -2},
                         {'name': 'Posters', 'quantity': 1, 'cost_actual': -2}):
            self.assert_refused(ValidationError, {'material_line_ids': [(0, 0, material)]},
                                'negative quantity or cost')
        self.assert_refused(ValidationError, {'cost_line_ids': [
            (0, 0, {'kind': 'venue', 'amount_planned': -10})]}, 'cannot be negative')
        promotion = self.official_promotion()
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            promotion.material_line_ids.sudo(self.assistant).write({'cost_actual': -1})
        self.env.clear()
        self.assertEqual(promotion.material_line_ids.cost_actual, 0)

    def test_tagged_customers_need_tags(self):
        self.assert_refused(ValidationError, {'customer_scope': 'tagged'}, 'choose their tags')

    def test_staff_schedule_ends_before_it_starts(self):
        self.assert_refused(ValidationError, {'staff_ids': [(0, 0, {
            'user_id': self.salesperson_b.id, 'date_from': '2030-01-02 10:00:00',
            'date_to': '2030-01-01 10:00:00'})]}, 'ends before it starts')

    def test_no_submission_without_promoted_products(self):
        promotion = self.new_promotion(line_ids=[])
        with self.assertRaisesRegex(UserError, 'promoted products'):
            promotion.sudo(self.assistant).action_approval_submit()
        self.assertEqual((promotion.state, promotion.approval_state), ('draft', 'draft'))

    def test_editing_an_official_plan_outside_a_revision(self):
        promotion = self.official_promotion()
        for values in ({'date_end': day(30)}, {'region_ids': [(6, 0, [self.region_b.id])]},
                       {'line_ids': [(0, 0, {'product_id': self.cooker.id, 'discount': 5})]},
                       {'staff_ids': [(5, 0, 0)]}):
            with self.assertRaisesRegex(UserError, 'revision'), self.env.cr.savepoint():
                promotion.sudo(self.assistant).write(values)
        with self.assertRaisesRegex(UserError, 'revision'), self.env.cr.savepoint():
            promotion.material_line_ids.sudo(self.assistant).write({'quantity': 1000})
        with self.assertRaisesRegex(UserError, 'revision'), self.env.cr.savepoint():
            promotion.cost_line_ids.sudo(self.assistant).unlink()
        self.assertEqual((promotion.date_end, len(promotion.line_ids), len(promotion.staff_ids)),
                         (day(10), 1, 1))
        with self.assertRaises(UserError):  # nor deleted
            promotion.sudo(self.assistant).unlink()

    def test_escalating_a_resolved_incident(self):
        promotion = self.running_promotion()
        incident = self.incident(promotion, self.salesperson, resolution='Done.')
        incident.sudo(self.salesperson).action_solve()
        with self.assertRaisesRegex(UserError, 'already resolved'):
            incident.sudo(self.salesperson).action_escalate()
        with self.assertRaisesRegex(UserError, 'resolved'):  # locked once resolved
            incident.sudo(self.salesperson).write({'resolution': 'Rewritten'})
        self.assertEqual(incident.state, 'resolved')

    def test_approving_the_evaluation_before_the_end(self):
        promotion = self.running_promotion()
        action = promotion.sudo(self.assistant).action_evaluation()
        evaluation = self.env['sales.promotion.evaluation'].browse(action['res_id'])
        evaluation.sudo(self.assistant).write({'conclusions': 'Early thoughts.'})
        evaluation.sudo(self.assistant).action_approval_submit()
        with self.assertRaisesRegex(UserError, 'has not ended'):
            self.approve(evaluation, self.director)
        self.assertEqual(evaluation.approval_state, 'pending')
        self.assertFalse(evaluation._approval_decisions())
        # rejecting stays possible; once it has ended it is approved
        promotion.sudo(self.assistant).action_end()
        self.approve(evaluation, self.director)
        self.approve(evaluation, self.president)
        self.assertEqual(evaluation.approval_state, 'approved')

    def test_no_evaluation_before_the_promotion_runs(self):
        promotion = self.official_promotion()
        with self.assertRaisesRegex(UserError, 'once the promotion runs'):
            promotion.sudo(self.assistant).action_evaluation()
        self.assertFalse(promotion.evaluation_ids)

    def test_no_report_before_the_end(self):
        promotion = self.running_promotion()
        with self.assertRaisesRegex(UserError, 'once the promotion has ended'):
            self.file_report(promotion, self.salesperson)
        self.assertFalse(promotion.report_ids)
