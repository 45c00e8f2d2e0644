"""The promotions' measure: sales of the promoted products in the promoted regions during the
period vs a baseline period of equal length just before it, the attributed order lines, and
the cost, for a batch of promotions at once (one SQL statement)."""
from datetime import timedelta

from odoo import api, fields, models

from .sales_achievement import ORDER_LINE_QTY_SQL, order_line_amount_sql

FIGURE_KEYS = ('amount', 'qty', 'baseline_amount', 'baseline_qty', 'uplift_amount_pct',
               'uplift_qty_pct', 'attributed_count', 'attributed_amount', 'cost_planned',
               'cost_actual', 'return_on_cost')

# The figures per promotion, region and product, for the promotions selected by {promotions}
# (columns id, company_id, customer_scope, date_start, date_end); {local_date} is the order's
# date in the company's time zone, {where} restricts the orders read (companies and dates).
DETAIL_SQL = """
    WITH promotion AS (
        SELECT p.id, p.company_id, p.customer_scope, p.date_start, p.date_end,
               p.date_start - (p.date_end - p.date_start + 1) AS baseline_start
          FROM ({promotions}) p
    ), promoted AS (
        -- the promoted products: named ones, and those of a promoted category or of one of
        -- its sub-categories
        SELECT line.promotion_id, line.product_id
          FROM sales_promotion_line line
          JOIN promotion ON promotion.id = line.promotion_id
         WHERE line.product_id IS NOT NULL
        UNION
        SELECT line.promotion_id, pp.id
          FROM sales_promotion_line line
          JOIN promotion ON promotion.id = line.promotion_id
          JOIN product_category promoted_categ ON promoted_categ.id = line.categ_id
          JOIN product_category categ
            ON categ.parent_left BETWEEN promoted_categ.parent_left AND promoted_categ.parent_right
          JOIN product_template pt ON pt.categ_id = categ.id
          JOIN product_product pp ON pp.product_tmpl_id = pt.id
    ), scope AS (
        SELECT promotion.id AS promotion_id, promotion.company_id, promotion.customer_scope,
               promotion.date_start, promotion.date_end, promotion.baseline_start,
               region.region_id, promoted.product_id
          FROM promotion
          JOIN sales_promotion_region_rel region ON region.promotion_id = promotion.id
          JOIN promoted ON promoted.promotion_id = promotion.id
        -- OFFSET 0 keeps the scope and the sales apart (not flattened into one plan): the
        -- planner then joins them on region and product at once, in one hash join, whatever
        -- its estimates of the sales' rows
        OFFSET 0
    ), sold AS (
        -- confirmed orders' lines, summed as they are per company, region, product, customer,
        -- pricelist, unit, day in the company's time zone and UTC day (the rates' date): the
        -- conversions below then run once per group, not once per line
        SELECT so.company_id, so.team_id, sol.product_id, so.partner_id, so.pricelist_id,
               sol.product_uom, ({local_date})::date AS day, so.date_order::date AS date_order,
               SUM(sol.price_subtotal) AS price_subtotal,
               SUM(sol.product_uom_qty) AS product_uom_qty
          FROM sale_order_line sol
          JOIN sale_order so ON so.id = sol.order_id
         WHERE so.state IN ('sale', 'done') {where}
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    ), sale AS (
        -- the same in the company's currency and the product's unit (the shared conversions
        -- read the group as the line sol of the order so)
        SELECT sol.company_id, sol.team_id, sol.product_id, sol.partner_id, sol.day,
               """ + order_line_amount_sql('so.date_order') + """ AS amount,
               """ + ORDER_LINE_QTY_SQL + """ AS qty
          FROM sold sol
          CROSS JOIN LATERAL (SELECT sol.company_id, sol.date_order) so
          JOIN res_company company ON company.id = sol.company_id
          JOIN product_pricelist pl ON pl.id = sol.pricelist_id
          JOIN product_product pp ON pp.id = sol.product_id
          JOIN product_template pt ON pt.id = pp.product_tmpl_id
        OFFSET 0
    ), matched AS (
        SELECT scope.promotion_id, scope.region_id, scope.product_id,
               sale.day >= scope.date_start AS current, sale.amount, sale.qty
          FROM scope
          JOIN sale ON sale.company_id = scope.company_id AND sale.team_id = scope.region_id
                   AND sale.product_id = scope.product_id
         WHERE sale.day BETWEEN scope.baseline_start AND scope.date_end
           AND (scope.customer_scope = 'all' OR EXISTS (
                SELECT 1
                  FROM res_partner partner
                  JOIN res_partner_res_partner_category_rel partner_tag
                    ON partner_tag.partner_id = partner.commercial_partner_id
                  JOIN sales_promotion_partner_category_rel tag
                    ON tag.category_id = partner_tag.category_id
                 WHERE partner.id = sale.partner_id AND tag.promotion_id = scope.promotion_id))
    ), measured AS (
        SELECT promotion_id, region_id, product_id,
               SUM(amount) FILTER (WHERE current) AS amount,
               SUM(qty) FILTER (WHERE current) AS qty,
               SUM(amount) FILTER (WHERE NOT current) AS baseline_amount,
               SUM(qty) FILTER (WHERE NOT current) AS baseline_qty
          FROM matched
         GROUP BY 1, 2, 3
    ), attributed_sold AS (
        -- the lines the promotion priced, on orders confirmed since, summed per pricelist and
        -- UTC day before converting
        SELECT sol.promotion_id, so.team_id, sol.product_id, so.company_id, so.pricelist_id,
               so.date_order::date AS date_order, COUNT(*) AS line_count,
               SUM(sol.price_subtotal) AS price_subtotal
          FROM sale_order_line sol
          JOIN sale_order so ON so.id = sol.order_id
         WHERE sol.promotion_id = ANY(ARRAY(SELECT id FROM promotion))  -- by its index
           AND so.state IN ('sale', 'done')
         GROUP BY 1, 2, 3, 4, 5, 6
    ), attributed AS (
        SELECT sol.promotion_id, sol.team_id AS region_id, sol.product_id,
               SUM(sol.line_count)::bigint AS attributed_count,
               SUM(""" + order_line_amount_sql('so.date_order') + """) AS attributed_amount
          FROM attributed_sold sol
          CROSS JOIN LATERAL (SELECT sol.company_id, sol.date_order) so
          JOIN res_company company ON company.id = sol.company_id
          JOIN product_pricelist pl ON pl.id = sol.pricelist_id
         GROUP BY 1, 2, 3
    )
    SELECT COALESCE(measured.promotion_id, attributed.promotion_id) AS promotion_id,
           COALESCE(measured.region_id, attributed.region_id) AS region_id,
           COALESCE(measured.product_id, attributed.product_id) AS product_id,
           COALESCE(measured.amount, 0) AS amount, COALESCE(measured.qty, 0) AS qty,
           COALESCE(measured.baseline_amount, 0) AS baseline_amount,
           COALESCE(measured.baseline_qty, 0) AS baseline_qty,
           COALESCE(attributed.attributed_count, 0) AS attributed_count,
           COALESCE(attributed.attributed_amount, 0) AS attributed_amount
      FROM measured
      FULL JOIN attributed ON attributed.promotion_id = measured.promotion_id
                          AND attributed.region_id = measured.region_id
                          AND attributed.product_id = measured.product_id
"""

# The figures per promotion of a batch (ids %(ids)s): the details added up, and the cost.
FIGURES_SQL = """
    WITH detail AS ({detail})
    SELECT promotion.id, COALESCE(SUM(detail.amount), 0), COALESCE(SUM(detail.qty), 0),
           COALESCE(SUM(detail.baseline_amount), 0), COALESCE(SUM(detail.baseline_qty), 0),
           COALESCE(SUM(detail.attributed_count), 0), COALESCE(SUM(detail.attributed_amount), 0),
           COALESCE(promotion.cost_planned, 0), COALESCE(promotion.cost_actual, 0)
      FROM sales_promotion promotion
      LEFT JOIN detail ON detail.promotion_id = promotion.id
     WHERE promotion.id = ANY(%(ids)s)
     GROUP BY promotion.id
"""

BATCH_SQL = """SELECT id, company_id, customer_scope, date_start, date_end
                 FROM sales_promotion WHERE id = ANY(%(ids)s)"""

# the orders a batch reads: its companies, and its periods with their baselines (a day of
# margin each side of the UTC dates, the day is then taken in the company's time zone)
BATCH_WHERE = """AND so.company_id = ANY(%(company_ids)s)
                 AND so.date_order >= %(utc_from)s AND so.date_order < %(utc_to)s"""


class SalesPromotionMeasure(models.AbstractModel):
    _name = 'sales.promotion.measure'
    _description = 'Promotion Measure'

    @api.model
    def figures(self, promotions):
        """{promotion id: {key: value for key in FIGURE_KEYS}} for the batch, in one SQL
        statement whatever its size.

        amount/qty: confirmed sales (sale orders in state sale/done, company currency,
        untaxed; the product's unit) of the promoted products (or categories, with their
        sub-categories) to the promotion's regions (the order's sales team) and target
        customers (with tagged customers: the order customer's commercial entity has one of
        the tags), ordered (the order's date in the company's time zone) within
        [date_start, date_end]; baseline_*: the same over the equal-length period just
        before; uplift_*_pct: (amount - baseline) / baseline * 100 (0 when there is no
        baseline); attributed_*: the lines the promotion priced, of orders since confirmed
        (their count and amount); cost_*: the promotion's budget and actual cost;
        return_on_cost: (amount - baseline_amount) / cost_actual (0 without cost).
        """
        promotions = promotions.sudo()  # figures of sales: read whatever the reader's regions
        if not promotions:
            return {}
        dates_start = [promotion.date_start for promotion in promotions]
        dates_end = [promotion.date_end for promotion in promotions]
        baseline_start = min(
            self._baseline_start(start, end) for start, end in zip(dates_start, dates_end))
        params = self.env['sales.achievement']._fact_params(
            promotions.mapped('company_id').ids, baseline_start,
            max(fields.Date.from_string(end) for end in dates_end))
        params['ids'] = promotions.ids
        detail = DETAIL_SQL.format(
            promotions=BATCH_SQL, where=BATCH_WHERE,
            local_date=self._local_date(params['tz']))
        cr = self.env.cr
        # one reporting query over many rows (see sales.achievement.measure)
        # (64MB: the lines' sums per day are then hashed rather than sorted)
        jit = cr._cnx.server_version >= 110000
        # pylint: disable=sql-injection
        # the module's own statement text, the values passed as parameters
        cr.execute("SET LOCAL work_mem = '64MB'" + ("; SET LOCAL jit = off" if jit else ""))
        cr.execute(FIGURES_SQL.format(detail=detail), params)
        rows = cr.fetchall()
        cr.execute("RESET work_mem" + ("; RESET jit" if jit else ""))  # pylint: disable=sql-injection
        return {row[0]: self._figures(*row[1:]) for row in rows}

    @api.model
    def detail_sql(self):
        """The figures per promotion, region and product of every promotion as one SQL query
        (columns promotion_id, region_id, product_id, amount, qty, baseline_amount,
        baseline_qty, attributed_count, attributed_amount): for SQL views (the analysis)."""
        return DETAIL_SQL.format(
            promotions="SELECT id, company_id, customer_scope, date_start, date_end "
                       "FROM sales_promotion",
            where='',
            local_date="so.date_order AT TIME ZONE 'UTC' AT TIME ZONE "
                       "COALESCE((SELECT partner.tz FROM res_company company "
                       "JOIN res_partner partner ON partner.id = company.partner_id "
                       "WHERE company.id = so.company_id), 'UTC')")

    @staticmethod
    def _figures(amount, qty, baseline_amount, baseline_qty, attributed_count,
                 attributed_amount, cost_planned, cost_actual):
        return {
            'amount': amount, 'qty': qty,
            'baseline_amount': baseline_amount, 'baseline_qty': baseline_qty,
            'uplift_amount_pct': uplift(amount, baseline_amount),
            'uplift_qty_pct': uplift(qty, baseline_qty),
            'attributed_count': attributed_count, 'attributed_amount': attributed_amount,
            'cost_planned': cost_planned, 'cost_actual': cost_actual,
            'return_on_cost': (amount - baseline_amount) / cost_actual if cost_actual else 0.0,
        }

    @staticmethod
    def _baseline_start(date_start, date_end):
        """The first day of the baseline: as many days before the period as it lasts."""
        start, end = fields.Date.from_string(date_start), fields.Date.from_string(date_end)
        return start - (end - start) - timedelta(days=1)

    @api.model
    def _local_date(self, tz):
        """The order's date in the time zone `tz` (passed as %(tz)s), none needed in UTC."""
        if tz == 'UTC':
            return "so.date_order"
        return "so.date_order AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s"


def uplift(value, baseline):
    """The growth of `value` over `baseline`, in %: 0 when there is no baseline."""
    return (value - baseline) / baseline * 100.0 if baseline else 0.0
