"""Bad input on appraisals: a clear error, and nothing written."""
from datetime import date

from odoo.exceptions import UserError, ValidationError

from .appraisal_common import AppraisalCase


class TestAppraisalBadInput(AppraisalCase):

    def test_weights_must_add_up_to_100(self):
        scoring = self.env['sales.appraisal.scoring']._for_company(self.company.id)
        before = scoring.read(['weight_achievement', 'weight_growth'])[0]
        # each refused as a request is: its transaction rolled back (here its savepoint)
        with self.assertRaisesRegex(ValidationError, 'add up to 110 %'), \
                self.env.cr.savepoint():
            scoring.sudo(self.director).write({'weight_achievement': 50})
        with self.assertRaisesRegex(ValidationError, 'between 0 and 100'), \
                self.env.cr.savepoint():
            scoring.sudo(self.director).write({'weight_achievement': 120, 'weight_growth': -65})
        with self.assertRaisesRegex(ValidationError, 'above zero'), self.env.cr.savepoint():
            scoring.sudo(self.director).write({'return_zero_pct': 0})
        scoring.invalidate_cache()
        self.assertEqual(scoring.read(['weight_achievement', 'weight_growth'])[0], before)
        # a second scoring for the company is refused too
        with self.assertRaises(Exception), self.env.cr.savepoint():
            self.env['sales.appraisal.scoring'].create({'company_id': self.company.id})

    def test_only_the_director_sets_the_weights(self):
        scoring = self.env['sales.appraisal.scoring']._for_company(self.company.id)
        with self.assertRaises(Exception):
            scoring.sudo(self.manager_a).write({'weight_achievement': 35, 'weight_growth': 20})

    def test_a_period_that_has_not_ended_is_not_appraised(self):
        this_year = date.today().year
        before = self.Appraisal.sudo().search([])  # the demo's appraisals, if any
        with self.assertRaisesRegex(UserError, 'has not ended'):
            self.generate(period_type='year', year=this_year)
        with self.assertRaisesRegex(UserError, 'has not ended'):
            self.generate(year=this_year + 1, quarter='1')
        self.assertFalse(self.Appraisal.sudo().search([('id', 'not in', before.ids)]))
        # nor created around the wizard, even by the module
        with self.assertRaisesRegex(UserError, 'has not ended'):
            self.Appraisal._workflow_create({
                'user_id': self.salesperson.id, 'region_id': self.region_a.id,
                'period_type': 'year', 'year': this_year})

    def test_a_quarter_needs_its_quarter_and_a_sensible_year(self):
        with self.assertRaisesRegex(UserError, 'Choose the quarter'):
            self.generate(quarter=False)
        with self.assertRaisesRegex(UserError, 'not a year to appraise'):
            self.generate(year=225)
        self.assertFalse(self.Appraisal.sudo().search([('year', '=', 2025)]))

    def test_the_scorecard_and_the_salesperson_are_not_input(self):
        mine = self.appraisal_of(self.salesperson, self.generate())
        with self.assertRaisesRegex(UserError, 'only through its buttons'):
            mine.sudo(self.manager_a).write({'score': 99.0})
        with self.assertRaisesRegex(UserError, 'only through its buttons'):
            mine.sudo(self.manager_a).write({'user_id': self.salesperson_a2.id})
        with self.assertRaisesRegex(UserError, 'only through its buttons'):
            self.Appraisal.sudo(self.manager_a).create({
                'user_id': self.salesperson.id, 'region_id': self.region_a.id,
                'period_type': 'year', 'year': 2024})
        self.assertEqual(self.Appraisal.sudo().search_count([('year', '=', 2024)]), 0)
        self.assertEqual(mine.sudo().user_id, self.salesperson)

    def test_a_submitted_appraisal_is_not_deleted(self):
        mine = self.appraisal_of(self.salesperson, self.generate())
        self.rate(mine).action_approval_submit()
        with self.assertRaisesRegex(UserError, 'cannot be deleted'):
            mine.sudo(self.hq).unlink()
        self.assertTrue(mine.exists())
