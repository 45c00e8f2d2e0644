"""The world of the appraisal tests: the roles and regions of SalesProcessCase, and a known
third quarter of 2025 for the salesperson of region A, made with the other processes' own test
helpers (never copies of them): their quarterly target, their delivered orders and a return
(after-sales), a case on one of them, their invoices and payments (receivables), their market
surveys (surveys); a second salesperson of region A with nothing, and the salesperson of
region B with a little.

The salesperson's scorecard of 2025 Q3, by hand (default weights 40/15/20/10/10/5):
- target 10,000; sales 8,000 (60 kettles and 20 fryers at 100) -> achievement 80 % -> 80 points;
- same quarter of 2024: 7,000 -> growth 1,000 / 7,000 = 14.2857 % -> 14.2857 / 20 = 71.4286 points;
- receivables due in the quarter 5,000 (4,000 due 31 July paid on 20 July, 1,000 due 15
  September unpaid) -> collection 80 % -> 80 points; overdue at 30 September 1,000 -> 98 points;
- delivered 80, returned 3 -> return rate 3.75 % -> 100 * (1 - 3.75 / 5) = 25 points; 1 case;
- surveys filed 2 (of 3 for full points) -> 66.6667 points;
score = 0.4*80 + 0.15*71.4286 + 0.2*80 + 0.1*98 + 0.1*25 + 0.05*66.6667 = 74.3476.
"""
from odoo.addons.sales_process.tests.aftersales_common import AftersalesMeasureCase
from odoo.addons.sales_process.tests.common import ROLE_GROUPS
from odoo.addons.sales_process.tests.receivables_common import ReceivablesCase
from odoo.addons.sales_process.tests.survey_common import SurveyCase

APPRAISAL = 'sales.appraisal'
APPRAISAL_ACTIVITY = 'sales_process.mail_activity_type_appraisal'
REWORK_ACTIVITY = 'sales_process.mail_activity_type_approval_rework'
APPROVAL_ACTIVITY = 'sales_process.mail_activity_type_approval'
Q3_2025 = ('2025-07-01', '2025-09-30')
EXPECTED_SCORE = (0.4 * 80 + 0.15 * 100 * (100 * 1000.0 / 7000) / 20 + 0.2 * 80 + 0.1 * 98
                  + 0.1 * 25 + 0.05 * 100 * 2 / 3.0)


class AppraisalCase(AftersalesMeasureCase, ReceivablesCase, SurveyCase):

    @classmethod
    def setUpClass(cls):
        super(AppraisalCase, cls).setUpClass()
        cls.director = cls.users['sales_director']
        cls.hq = cls.users['sales_hq']
        cls.Appraisal = cls.env[APPRAISAL]
        cls.salesperson_a2 = cls.salesperson_a2  # SurveyCase's second salesperson of region A

        # the salesperson's target of 2025 Q3, accepted by the region (in execution)
        plan = cls.env['sales.plan'].create({
            'region_id': cls.region_a.id, 'period_type': 'quarter',
            'date_start': Q3_2025[0], 'date_end': Q3_2025[1],
            'line_ids': [(0, 0, {'region_id': cls.region_a.id, 'user_id': cls.salesperson.id,
                                 'target_amount': 10000.0})]})
        plan._workflow_write({'state': 'execution'})

        # their sales: delivered in August 2025, three kettles returned, one case
        first = cls._sold(cls.salesperson, {cls.kettle: 60}, '2025-08-10 04:00:00')
        cls._sold(cls.salesperson, {cls.fryer: 20}, '2025-09-12 04:00:00')
        returned = cls._return(first.picking_ids, {cls.kettle: 3})
        cls._redate(returned, '2025-08-25 04:00:00')
        cls._case(first, {cls.kettle: 3}, state='closed', date_intake='2025-08-20 02:00:00')
        # the same quarter a year earlier, and a quarter outside the period
        cls._sold(cls.salesperson, {cls.cooker: 70}, '2024-08-05 04:00:00')
        cls._sold(cls.salesperson, {cls.cooker: 10}, '2025-10-05 04:00:00')
        # region B's salesperson: 10 kettles in July, nothing else
        cls._sold(cls.salesperson_b, {cls.kettle: 10}, '2025-07-15 04:00:00', region=cls.region_b,
                  customer=cls.customer_b)

        # their receivables: 4,000 due 31 July paid on time, 1,000 due 15 September unpaid
        paid = cls._invoice(cls.salesperson, 4000.0, '2025-07-01', '2025-07-31')
        cls._pay(paid, 4000.0, '2025-07-20')
        cls._invoice(cls.salesperson, 1000.0, '2025-08-15', '2025-09-15')

        # their market surveys: two filed in the quarter, a draft (not filed)
        for day in ('2025-07-20', '2025-09-01'):
            cls.survey_as_filed(cls.salesperson, day)
        cls.new_survey(cls, cls.salesperson, date='2025-08-01', date_from='2025-07-01',
                       date_to='2025-07-31')

    # the world

    @classmethod
    def _sold(cls, user, quantities, when, region=None, customer=None):
        """An order of `user` delivered in full, confirmed and delivered at `when` (UTC)."""
        order = cls._delivered_order(customer or cls.customer, quantities, region=region)
        order.write({'user_id': user.id, 'confirmation_date': when, 'date_order': when})
        cls._redate(order.picking_ids, when)
        return order

    @classmethod
    def _redate(cls, pickings, when):
        cls.env.cr.execute("UPDATE stock_move SET date = %s WHERE picking_id IN %s",
                           (when, tuple(pickings.ids)))
        cls.env['stock.move'].invalidate_cache(['date'])

    @classmethod
    def survey_as_filed(cls, user, day):
        survey = cls.new_survey(cls, user, date=day, date_from=day[:8] + '01', date_to=day)
        survey.action_approval_submit()
        return survey

    # acting as the roles

    def generate(self, user=None, regions=None, period_type='quarter', year=2025, quarter='3'):
        """The Generate Appraisals wizard as `user` (head office by default) for `regions`
        (default: the test's regions A and B, not the demo's; an empty recordset: the wizard's
        default, every region the user appraises)."""
        if regions is None:
            regions = self.region_a | self.region_b
        wizard = self.env['sales.appraisal.generate'].sudo(user or self.hq).create({
            'period_type': period_type, 'year': year,
            'quarter': quarter if period_type == 'quarter' else False,
            'region_ids': [(6, 0, regions.ids)]})
        return self.Appraisal.search(wizard.action_generate()['domain'])

    def appraisal_of(self, user, appraisals):
        return appraisals.filtered(lambda appraisal: appraisal.user_id == user)

    def rate(self, appraisal, user=None, rating='B', comments='Steady quarter.'):
        appraisal = appraisal.sudo(user or self.manager_a)
        appraisal.write({'rating': rating, 'manager_comments': comments})
        return appraisal

    def decide(self, appraisal, user, decision='approve', text=None):
        appraisal = appraisal.sudo(user).with_context(
            approval_expected_step_id=appraisal.approval_step_id.id)
        if decision == 'approve':
            return appraisal.action_approval_approve(text)
        return appraisal.action_approval_reject(text)

    def activities(self, appraisal, activity_xmlid):
        return self.env['mail.activity'].search([
            ('res_model', '=', APPRAISAL), ('res_id', '=', appraisal.id),
            ('activity_type_id', '=', self.env.ref(activity_xmlid).id)])

    def other_salesperson(self, login):
        return self._create_user(login, ROLE_GROUPS['salesperson'], self.region_a)
