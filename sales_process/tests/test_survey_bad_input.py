"""Bad input on market surveys: a clear error, and nothing written."""
from odoo.exceptions import ValidationError

from odoo.addons.sales_process.tests.survey_common import SURVEY, SurveyCase


class TestSurveyBadInput(SurveyCase):

    def count(self):
        return (self.env[SURVEY].search_count([]),
                self.env['sales.market.survey.line'].search_count([]))

    def assert_refused(self, message, **values):
        before = self.count()
        with self.assertRaisesRegex(ValidationError, message):
            with self.env.cr.savepoint():
                self.new_survey(**values)
        self.assertEqual(self.count(), before)

    def competitor_line(self, **values):
        line = {'kind': 'competitor', 'competitor_id': self.rival.id,
                'competitor_product': 'RK-1 Kettle', 'price': 90.0, 'volume': 10}
        line.update(values)
        return line

    def test_price_must_be_positive(self):
        for price in (0.0, -5.0):
            self.assert_refused('must be positive', lines=[self.competitor_line(price=price)])
            self.assert_refused('must be positive', lines=[
                {'kind': 'own', 'product_id': self.kettle.id, 'price': price}])

    def test_price_must_be_positive_on_edit(self):
        survey = self.new_survey()
        line = survey.line_ids[0]
        with self.assertRaisesRegex(ValidationError, 'must be positive'):
            with self.env.cr.savepoint():
                line.sudo(self.salesperson).write({'price': 0})
        line.invalidate_cache()
        self.assertEqual(line.price, 100.0)

    def test_period_end_before_start(self):
        self.assert_refused('ends .* before it starts',
                            date_from='2031-10-31', date_to='2031-10-01')

    def test_negative_volume(self):
        self.assert_refused('cannot be negative', lines=[self.competitor_line(volume=-1)])

    def test_incomplete_lines(self):
        self.assert_refused('Choose the product', lines=[{'kind': 'own', 'price': 10}])
        self.assert_refused('needs the competitor', lines=[
            self.competitor_line(competitor_product=False)])
        self.assert_refused('needs the competitor', lines=[
            self.competitor_line(competitor_id=False)])

    def test_competitor_must_be_flagged(self):
        customer = self.env['res.partner'].create({'name': 'Just a customer (test)'})
        self.assert_refused('not flagged as a competitor', lines=[
            self.competitor_line(competitor_id=customer.id)])
