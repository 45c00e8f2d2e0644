"""The salesperson's scorecard (考核), batched: ``sales.appraisal.measure.scorecards`` measures
any number of salespeople of a company over one period with a fixed number of queries, from the
module's existing measures, never a copy of them:

* target achievement and growth: sales.achievement (their sales against their targets of the
  period, and against the same period a year earlier), the targets read in one query;
* collection rate and overdue amount: sales.receivable.measure.collection;
* exchanges and returns on their sales: sales.aftersales.measure.salesperson_figures;
* market surveys filed: sales.market.survey.filed_counts;

then scored with the company's weights (sales.appraisal.scoring._score, no query).
"""
from collections import namedtuple

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from .sales_achievement import Target
from .sales_plan import growth

# plans whose targets count: accepted by their region (in execution) or closed
TARGET_PLAN_STATES = ('execution', 'closed')

# A salesperson's targets of a period: the lines of plans lying within it, at one level only
# (a year plan and its quarters both closed would count twice): the longest period type that
# has targets, the salesperson's total targets (no category) before category targets.
TARGETS_SQL = """
    WITH line AS (
        SELECT l.user_id, p.period_type, l.categ_id IS NOT NULL AS by_category,
               SUM(l.target_amount) AS amount
          FROM sales_plan_line l
          JOIN sales_plan p ON p.id = l.plan_id
         WHERE l.company_id = %(company_id)s AND l.user_id = ANY(%(user_ids)s)
           AND p.state IN %(states)s
           AND p.date_start >= %(date_from)s AND p.date_end <= %(date_to)s
         GROUP BY 1, 2, 3
    ), ranked AS (
        SELECT user_id, amount,
               ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY
                   CASE period_type WHEN 'year' THEN 1 WHEN 'quarter' THEN 2 ELSE 3 END,
                   by_category) AS level
          FROM line
    )
    SELECT user_id, amount FROM ranked WHERE level = 1
"""

# The scorecard's figures: what the appraisal stores (frozen once submitted)
FIGURES = ('target_amount', 'achieved_amount', 'achievement_pct', 'last_year_amount',
           'growth_pct', 'receivable_due', 'collected_on_time', 'collection_rate',
           'collection_measured', 'overdue_amount', 'aftersales_cases', 'delivered_qty',
           'returned_qty', 'return_rate', 'surveys_filed')
# the points each component earns (0-100), and the weighted score
POINTS = ('points_achievement', 'points_growth', 'points_collection', 'points_overdue',
          'points_aftersales', 'points_surveys', 'score')

Scorecard = namedtuple('Scorecard', ('user_id',) + FIGURES + POINTS)
Scorecard.__doc__ = """A salesperson's scorecard of a period: the figures (amounts in the
company's currency; achievement, growth, collection and return rates in percent;
collection_measured: whether anything fell due, collection_rate is 0.0 when nothing did) and the
points (0-100) of each component, weighted into the score (0-100)."""


class SalesAppraisalMeasure(models.AbstractModel):
    _name = 'sales.appraisal.measure'
    _description = 'Appraisal Scorecard Measure'

    @api.model
    def scorecards(self, company_id, user_ids, date_from, date_to, scoring=None):
        """{user id: Scorecard} for every salesperson given, over the period (date strings,
        whole months, both included): a fixed number of queries whatever the number of
        salespeople.

        :param scoring: the sales.appraisal.scoring record (the company's by default)
        """
        user_ids = sorted(set(user_ids))
        if not user_ids:
            return {}
        scoring = scoring or self.env['sales.appraisal.scoring']._for_company(company_id)
        self.env.cr.execute(TARGETS_SQL, {
            'company_id': company_id, 'user_ids': user_ids, 'states': TARGET_PLAN_STATES,
            'date_from': date_from, 'date_to': date_to})
        targets = dict(self.env.cr.fetchall())
        achievement = self.env['sales.achievement'].measure(
            [Target(user_id, company_id, None, user_id, None, date_from, date_to)
             for user_id in user_ids])
        collection = self.env['sales.receivable.measure'].collection(
            [company_id], date_from, date_to, user_ids=user_ids)
        aftersales = self.env['sales.aftersales.measure'].salesperson_figures(
            user_ids, company_id=company_id, date_from=date_from, date_to=date_to)
        surveys = self.env['sales.market.survey'].filed_counts(
            [company_id], date_from, date_to, user_ids=user_ids)
        start, end = fields.Date.from_string(date_from), fields.Date.from_string(date_to)
        delta = relativedelta(end + relativedelta(days=1), start)
        months = delta.years * 12 + delta.months
        result = {}
        for user_id in user_ids:
            target = float(targets.get(user_id) or 0.0)
            amount, _qty, last_year, _last_qty = achievement.get(user_id, (0.0, 0.0, 0.0, 0.0))
            amount, last_year = float(amount), float(last_year)
            paid = collection.get(user_id) or {}
            returns = aftersales.get(user_id)
            figures = {
                'target_amount': target,
                'achieved_amount': amount,
                'achievement_pct': 100.0 * amount / target if target else 0.0,
                'last_year_amount': last_year,
                'growth_pct': growth(amount, last_year),
                'receivable_due': float(paid.get('due') or 0.0),
                'collected_on_time': float(paid.get('collected_on_time') or 0.0),
                'collection_rate': float(paid.get('rate') or 0.0),
                'collection_measured': paid.get('rate') is not None,
                'overdue_amount': float(paid.get('overdue') or 0.0),
                'aftersales_cases': returns.cases if returns else 0,
                'delivered_qty': returns.delivered if returns else 0.0,
                'returned_qty': returns.returned if returns else 0.0,
                'return_rate': returns.return_rate if returns else 0.0,
                'surveys_filed': int(surveys.get(user_id) or 0),
            }
            figures.update(scoring._score(figures, months))
            result[user_id] = Scorecard(user_id=user_id, **figures)
        return result
