from collections import namedtuple

from odoo import api, models

# One budget to measure: the spend of a region on one kind of expense (a budgetary position) in a
# period (dates as strings, both days included).
BudgetTarget = namedtuple('BudgetTarget', 'key region_id kind_id date_from date_to')

# The sales expenses, one row per source document line: company, region, kind (budgetary
# position), date and untaxed amount in the company's currency.
#
# * vendor bills: validated (open or paid) bills and refunds, each line booked to a region's
#   analytic account and to an account of a kind (draft and cancelled bills are not spend);
# * expenses: hr_expense lines of approved, posted or paid expense reports, by their analytic
#   account and account (read from the expenses themselves, not from their journal entries'
#   analytic lines: a posted report is counted once, as an approved one is); an expense in
#   another currency is converted at the rate of its date, as Odoo converts (the latest rate on
#   or before that day, the company's own rates before the shared ones, 1 without a rate);
#   vendor bills need no conversion: their lines store the untaxed amount in the company's
#   currency (price_subtotal_signed, converted by Odoo at the bill's date);
# * promotions: the actual costs of approved promotions (official, running, in evaluation or
#   closed: a draft, one waiting for approval, a superseded version or a cancelled one spends
#   nothing; cost lines under the company's
#   'promotion' kind, promotional material under 'material'), dated on their first day and
#   shared evenly between their regions; what posted vendor bill lines naming the promotion and
#   booked to that kind's accounts already count is deducted first (never below zero), so a cost
#   both recorded on the promotion and billed counts once.
FACT_SQL = """
    WITH kind_account AS (
        SELECT post.id AS kind_id, post.company_id, post.sales_expense_kind AS kind_code,
               rel.account_id
          FROM account_budget_post post
          JOIN account_budget_rel rel ON rel.budget_id = post.id
         WHERE post.sales_expense_kind IS NOT NULL
    ), region AS (
        SELECT id AS region_id, analytic_account_id FROM crm_team
         WHERE analytic_account_id IS NOT NULL
    ), bill_line AS (
        SELECT ai.company_id, ail.account_analytic_id, ail.account_id, ail.sales_promotion_id,
               COALESCE(ai.date, ai.date_invoice) AS date, ail.price_subtotal_signed AS amount
          FROM account_invoice_line ail
          JOIN account_invoice ai ON ai.id = ail.invoice_id
         WHERE ai.type IN ('in_invoice', 'in_refund') AND ai.state IN ('open', 'paid')
    ), promotion_cost AS (
        SELECT promotion.id AS promotion_id, promotion.company_id, promotion.date_start AS date,
               cost.kind_code, SUM(cost.amount) AS amount
          FROM sales_promotion promotion
          JOIN (SELECT promotion_id, 'promotion' AS kind_code, amount_actual AS amount
                  FROM sales_promotion_cost
                 UNION ALL
                SELECT promotion_id, 'material', cost_actual FROM sales_promotion_material
               ) cost ON cost.promotion_id = promotion.id
         WHERE promotion.state IN ('official', 'running', 'evaluation', 'closed')
         GROUP BY 1, 2, 3, 4
    ), promotion_billed AS (
        SELECT bill_line.sales_promotion_id AS promotion_id, ka.kind_code,
               SUM(bill_line.amount) AS amount
          FROM bill_line
          JOIN kind_account ka ON ka.account_id = bill_line.account_id
                              AND ka.company_id = bill_line.company_id
         WHERE bill_line.sales_promotion_id IS NOT NULL
         GROUP BY 1, 2
    )
    SELECT bill_line.company_id, region.region_id, ka.kind_id, bill_line.date,
           bill_line.amount
      FROM bill_line
      JOIN region ON region.analytic_account_id = bill_line.account_analytic_id
      JOIN kind_account ka ON ka.account_id = bill_line.account_id
                          AND ka.company_id = bill_line.company_id
    UNION ALL
    SELECT expense.company_id, region.region_id, ka.kind_id, expense.date,
           CASE WHEN COALESCE(expense.currency_id, company.currency_id) = company.currency_id
                THEN expense.untaxed_amount
                ELSE expense.untaxed_amount
                     * COALESCE((SELECT rate.rate FROM res_currency_rate rate
                                  WHERE rate.currency_id = company.currency_id
                                    AND rate.name <= expense.date
                                    AND (rate.company_id IS NULL
                                         OR rate.company_id = expense.company_id)
                                  ORDER BY rate.company_id, rate.name DESC LIMIT 1), 1.0)
                     / COALESCE((SELECT rate.rate FROM res_currency_rate rate
                                  WHERE rate.currency_id = expense.currency_id
                                    AND rate.name <= expense.date
                                    AND (rate.company_id IS NULL
                                         OR rate.company_id = expense.company_id)
                                  ORDER BY rate.company_id, rate.name DESC LIMIT 1), 1.0)
           END
      FROM hr_expense expense
      JOIN res_company company ON company.id = expense.company_id
      JOIN hr_expense_sheet sheet ON sheet.id = expense.sheet_id
      JOIN region ON region.analytic_account_id = expense.analytic_account_id
      JOIN kind_account ka ON ka.account_id = expense.account_id
                          AND ka.company_id = expense.company_id
     WHERE sheet.state IN ('approve', 'post', 'done')
    UNION ALL
    SELECT cost.company_id, rel.region_id, post.id, cost.date,
           GREATEST(cost.amount - COALESCE(billed.amount, 0.0), 0.0)
           / (SELECT COUNT(*) FROM sales_promotion_region_rel share
               WHERE share.promotion_id = cost.promotion_id)
      FROM promotion_cost cost
      JOIN sales_promotion_region_rel rel ON rel.promotion_id = cost.promotion_id
      JOIN account_budget_post post ON post.company_id = cost.company_id
                                   AND post.sales_expense_kind = cost.kind_code
      LEFT JOIN promotion_billed billed ON billed.promotion_id = cost.promotion_id
                                       AND billed.kind_code = cost.kind_code
"""

MEASURE_SQL = """
    WITH target AS (
        SELECT * FROM unnest(%(keys)s::int[], %(region_ids)s::int[], %(kind_ids)s::int[],
                             %(dates_from)s::date[], %(dates_to)s::date[])
                   AS t(key, region_id, kind_id, date_from, date_to)
    ), fact AS ({fact_sql})
    SELECT target.key, COALESCE(SUM(fact.amount), 0.0)
      FROM target
      LEFT JOIN fact ON fact.region_id = target.region_id AND fact.kind_id = target.kind_id
                    AND fact.date BETWEEN target.date_from AND target.date_to
     GROUP BY target.key
"""


class SalesBudgetMeasure(models.AbstractModel):
    """The actual sales expenses of regions: one SQL statement for any batch of budgets (see
    FACT_SQL for what counts), as sales.achievement measures sales."""
    _name = 'sales.budget.measure'
    _description = 'Sales Expense Measure'

    @api.model
    def measure(self, targets):
        """{target key: actual spend} for an iterable of ``BudgetTarget``."""
        targets = list(targets)
        if not targets:
            return {}
        # pylint: disable=sql-injection
        # the module's own constant SQL text, the targets passed as parameters
        self.env.cr.execute(MEASURE_SQL.format(fact_sql=FACT_SQL), {
            'keys': [target.key for target in targets],
            'region_ids': [target.region_id for target in targets],
            'kind_ids': [target.kind_id for target in targets],
            'dates_from': [target.date_from for target in targets],
            'dates_to': [target.date_to for target in targets],
        })
        return dict(self.env.cr.fetchall())
