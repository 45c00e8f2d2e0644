from odoo import fields, models

from ..models.sales_budget import BUDGET_STATES
from ..models.sales_budget_measure import FACT_SQL


class SalesBudgetAnalysis(models.Model):
    """Budgeted against actual sales expenses per region, kind and month, for pivot and graph
    views. The budget of a line spanning several months is spread evenly over them (the shares of
    a decomposed plan's budget are not counted again: their parent's lines are); the actual
    expenses are the measure's (``sales_budget_measure.FACT_SQL``), so the analysis and the plans
    read the same figures. Months with spend and no budget show too."""
    _name = 'sales.budget.analysis'
    _inherit = ['sales.process.sql.view']
    _description = 'Sales Expense Budget Analysis'
    _auto = False
    _order = 'date desc, region_id, kind_id'

    company_id = fields.Many2one('res.company', readonly=True)
    region_id = fields.Many2one('crm.team', readonly=True)
    kind_id = fields.Many2one('account.budget.post', string='Expense Kind', readonly=True)
    date = fields.Date(string='Month', readonly=True)
    planned_amount = fields.Float(string='Budgeted', readonly=True)
    actual_amount = fields.Float(string='Actual', readonly=True)
    remaining_amount = fields.Float(string='Remaining', readonly=True)
    over_budget = fields.Boolean(readonly=True, help="Spent more than budgeted in the month.")

    def _view_query(self):
        return """
            WITH fact AS ({fact_sql}),
            actual AS (
                SELECT company_id, region_id, kind_id,
                       date_trunc('month', date)::date AS month, SUM(amount) AS amount
                  FROM fact GROUP BY 1, 2, 3, 4
            ),
            planned AS (
                SELECT line.company_id, line.region_id, line.kind_id, month::date AS month,
                       SUM(line.amount_planned
                           / ((EXTRACT(YEAR FROM line.date_to) - EXTRACT(YEAR FROM line.date_from)) * 12
                              + EXTRACT(MONTH FROM line.date_to) - EXTRACT(MONTH FROM line.date_from)
                              + 1)) AS amount
                  FROM sales_budget_line line
                  CROSS JOIN LATERAL generate_series(line.date_from, line.date_to,
                                                     interval '1 month') AS month
                 WHERE line.state IN {states} AND line.parent_line_id IS NULL
                 GROUP BY 1, 2, 3, 4
            )
            SELECT row_number() OVER (ORDER BY month, company_id, region_id, kind_id) AS id,
                   company_id, region_id, kind_id, month AS date,
                   COALESCE(planned.amount, 0.0) AS planned_amount,
                   COALESCE(actual.amount, 0.0) AS actual_amount,
                   COALESCE(planned.amount, 0.0) - COALESCE(actual.amount, 0.0)
                       AS remaining_amount,
                   COALESCE(actual.amount, 0.0) > COALESCE(planned.amount, 0.0) AS over_budget
              FROM planned
              FULL OUTER JOIN actual USING (company_id, region_id, kind_id, month)
            """.format(fact_sql=FACT_SQL, states=str(tuple(BUDGET_STATES)))
