from collections import namedtuple

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

# One target to measure: the company's sales in a period (whole months), optionally restricted
# to a region, a salesperson and a product category (with its sub-categories).
Target = namedtuple('Target', 'key company_id region_id user_id categ_id date_from date_to')

# The years strategies and plans are set for (and measured in): this century. Wide enough for
# any plan a company keeps in this module; narrow enough to refuse a mistyped year (226, 20266,
# 2206, 3026) before it breaks the four-digit dates ('%d-01-01') that targets are built on.
PLAN_YEARS = (2000, 2099)


def is_plan_year(year):
    return PLAN_YEARS[0] <= year <= PLAN_YEARS[1]


BASIS_PARAM = 'sales_process.achievement_basis'


def order_line_amount_sql(date):
    """SQL of a sale order line's untaxed amount in its company's currency, converted at the
    rates of `date` (an SQL expression), from the aliases sol (the line), so (its order), pl
    (the order's pricelist) and company (the order's company).

    The rates are looked up only for the lines that need converting (subqueries of a CASE
    branch run only when it is taken): the rate of each currency on that date, the company's
    own rate before the global one."""
    return """CASE WHEN pl.currency_id = company.currency_id THEN sol.price_subtotal
                ELSE sol.price_subtotal
                     * COALESCE((SELECT r.rate FROM res_currency_rate r
                                  WHERE r.currency_id = company.currency_id
                                    AND (r.company_id IS NULL OR r.company_id = so.company_id)
                                    AND r.name <= {date}
                                  ORDER BY r.name DESC, r.company_id NULLS LAST LIMIT 1), 1.0)
                     / COALESCE((SELECT r.rate FROM res_currency_rate r
                                  WHERE r.currency_id = pl.currency_id
                                    AND (r.company_id IS NULL OR r.company_id = so.company_id)
                                    AND r.name <= {date}
                                  ORDER BY r.name DESC, r.company_id NULLS LAST LIMIT 1), 1.0)
           END""".format(date=date)


# SQL of a sale order line's quantity in its product's unit (aliases sol and pt, the product's
# template): the units are looked up only for the lines that need converting.
ORDER_LINE_QTY_SQL = """CASE WHEN sol.product_uom = pt.uom_id THEN sol.product_uom_qty
                ELSE sol.product_uom_qty
                     / (SELECT uom.factor FROM product_uom uom WHERE uom.id = sol.product_uom)
                     * (SELECT uom.factor FROM product_uom uom WHERE uom.id = pt.uom_id)
           END"""

# The company's sales, per company, region, salesperson, category position and month: one
# statement per basis. `month` is the first day of the month in the company's time zone
# ({local_date}: the confirmation date there, see _local_date);
# {where} restricts the rows read (companies and dates of the targets being measured).
FACT_SQL = {
    # confirmed sale orders, in the company's currency (orders in another currency converted at
    # the rates of their confirmation date) and the product's unit; draft, sent and cancelled
    # orders are not sales
    'order': """
        SELECT so.company_id, so.team_id, so.user_id, pc.parent_left AS categ_pos,
               date_trunc('month', {local_date})::date AS month,
               SUM(""" + order_line_amount_sql('so.confirmation_date::date') + """) AS amount,
               SUM(""" + ORDER_LINE_QTY_SQL + """) AS qty
          FROM sale_order_line sol
          JOIN sale_order so ON so.id = sol.order_id
          JOIN res_company company ON company.id = so.company_id
          JOIN product_pricelist pl ON pl.id = so.pricelist_id
          JOIN product_product pp ON pp.id = sol.product_id
          JOIN product_template pt ON pt.id = pp.product_tmpl_id
          JOIN product_category pc ON pc.id = pt.categ_id
         WHERE so.state IN ('sale', 'done') {where}
         GROUP BY 1, 2, 3, 4, 5
    """,
    # validated customer invoices net of refunds, in the company's currency
    'invoice': """
        SELECT ai.company_id, ai.team_id, ai.user_id, pc.parent_left AS categ_pos,
               date_trunc('month', ai.date_invoice)::date AS month,
               SUM(ail.price_subtotal_signed) AS amount,
               SUM(CASE WHEN ai.type = 'out_refund' THEN -1 ELSE 1 END
                   * ail.quantity / COALESCE(line_uom.factor, 1) * COALESCE(product_uom.factor, 1)) AS qty
          FROM account_invoice_line ail
          JOIN account_invoice ai ON ai.id = ail.invoice_id
          LEFT JOIN product_product pp ON pp.id = ail.product_id
          LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
          LEFT JOIN product_category pc ON pc.id = pt.categ_id
          LEFT JOIN product_uom line_uom ON line_uom.id = ail.uom_id
          LEFT JOIN product_uom product_uom ON product_uom.id = pt.uom_id
         WHERE ai.state IN ('open', 'paid')
           AND ai.type IN ('out_invoice', 'out_refund') {where}
         GROUP BY 1, 2, 3, 4, 5
    """,
}

# Restrictions of the facts to what a batch of targets needs, per basis. The companies are
# named on the company's row too: PostgreSQL then reads the one company once, where it
# otherwise (a list of companies implies no equality it could propagate) joined every company
# with all the order lines and filtered after, repeating the whole join for each company.
FACT_WHERE = {
    'order': """AND so.company_id = ANY(%(company_ids)s) AND company.id = ANY(%(company_ids)s)
                AND so.confirmation_date >= %(utc_from)s AND so.confirmation_date < %(utc_to)s""",
    'invoice': """AND ai.company_id = ANY(%(company_ids)s)
                  AND ai.date_invoice >= %(date_from)s AND ai.date_invoice <= %(date_to)s""",
}
# ... and to the salespeople of the targets, when every target is a salesperson's (the facts of
# anyone else would match none of them)
FACT_USERS_WHERE = {
    'order': "AND so.user_id = ANY(%(fact_user_ids)s)",
    'invoice': "AND ai.user_id = ANY(%(fact_user_ids)s)",
}

# A batch of targets, passed as arrays.
TARGET_ARRAYS_SQL = """
    SELECT t.key, t.company_id, t.region_id, t.user_id, t.categ_id, t.date_from, t.date_to
      FROM unnest(%(keys)s::int[], %(company_ids_t)s::int[], %(region_ids)s::int[],
                  %(user_ids)s::int[], %(categ_ids)s::int[], %(dates_from)s::date[],
                  %(dates_to)s::date[])
           AS t(key, company_id, region_id, user_id, categ_id, date_from, date_to)
"""

# Targets joined to the sales facts: actual figures in the period and in the same period a
# year earlier. Periods are whole months, so targets are expanded into months and matched to
# the facts of the same month.
MEASURE_SQL = """
    WITH target AS (
        SELECT t.key, t.company_id, t.region_id, t.user_id,
               categ.parent_left AS categ_left, categ.parent_right AS categ_right,
               t.date_from, t.date_to,
               (t.date_from - interval '1 year')::date AS previous_from,
               (t.date_to - interval '1 year')::date AS previous_to
          FROM ({target_sql}) t
          LEFT JOIN product_category categ ON categ.id = t.categ_id
    ), target_month AS (
        -- every month of the period and of the same period a year earlier
        SELECT target.key, target.company_id, target.region_id, target.user_id,
               target.categ_left, target.categ_right, month::date AS month,
               month::date >= target.date_from AS current
          FROM target,
               generate_series(target.previous_from, target.date_to, interval '1 month') month
         WHERE month::date <= target.previous_to OR month::date >= target.date_from
    ), fact AS ({fact_sql}
    ), matched AS (
        -- three joins on equalities (salesperson, else region, else company), so that each
        -- is a hash join whatever the number of targets
        SELECT tm.key, tm.current, fact.amount, fact.qty
          FROM target_month tm
          JOIN fact ON fact.company_id = tm.company_id AND fact.month = tm.month
                   AND fact.user_id = tm.user_id
         WHERE (tm.region_id IS NULL OR fact.team_id = tm.region_id)
           AND (tm.categ_left IS NULL OR fact.categ_pos BETWEEN tm.categ_left AND tm.categ_right)
        UNION ALL
        SELECT tm.key, tm.current, fact.amount, fact.qty
          FROM target_month tm
          JOIN fact ON fact.company_id = tm.company_id AND fact.month = tm.month
                   AND fact.team_id = tm.region_id
         WHERE tm.user_id IS NULL
           AND (tm.categ_left IS NULL OR fact.categ_pos BETWEEN tm.categ_left AND tm.categ_right)
        UNION ALL
        SELECT tm.key, tm.current, fact.amount, fact.qty
          FROM target_month tm
          JOIN fact ON fact.company_id = tm.company_id AND fact.month = tm.month
         WHERE tm.user_id IS NULL AND tm.region_id IS NULL
           AND (tm.categ_left IS NULL OR fact.categ_pos BETWEEN tm.categ_left AND tm.categ_right)
    )
    SELECT target.key,
           COALESCE(SUM(matched.amount) FILTER (WHERE matched.current), 0) AS amount,
           COALESCE(SUM(matched.qty) FILTER (WHERE matched.current), 0) AS qty,
           COALESCE(SUM(matched.amount) FILTER (WHERE NOT matched.current), 0) AS last_year_amount,
           COALESCE(SUM(matched.qty) FILTER (WHERE NOT matched.current), 0) AS last_year_qty
      FROM target
      LEFT JOIN matched ON matched.key = target.key
     GROUP BY target.key
"""


class SalesAchievement(models.AbstractModel):
    """Actual sales against targets: the one computation behind plan lines, plans, the
    strategy, the year-end statistics and the close of plans.

    ``measure(targets)`` runs a single SQL statement whatever the number of targets: the sales
    facts are aggregated per company, region, salesperson, category and month, then joined to
    the targets.
    """
    _name = 'sales.achievement'
    _description = 'Sales Achievement'

    @api.model
    def basis(self):
        return self.env['ir.config_parameter'].sudo().get_param(BASIS_PARAM) or 'order'

    @api.model
    def measure(self, targets, basis=None):
        """{target key: (amount, quantity, last year's amount, last year's quantity)}.

        :param targets: iterable of ``Target``; periods must be whole months.
        :param basis: 'order' (confirmed sale orders) or 'invoice' (validated customer invoices
                      net of refunds); the setting by default.
        """
        targets = list(targets)
        if not targets:
            return {}
        basis = basis or self.basis()
        dates_from = [fields.Date.from_string(target.date_from) for target in targets]
        dates_to = [fields.Date.from_string(target.date_to) for target in targets]
        for start, end in zip(dates_from, dates_to):
            if start.day != 1 or (end + relativedelta(days=1)).day != 1:
                raise ValueError("Targets are measured on whole months, not %s - %s" % (start, end))
        params = self._fact_params([target.company_id for target in targets],
                                   min(dates_from) - relativedelta(years=1), max(dates_to))
        params.update({
            'keys': [target.key for target in targets],
            'company_ids_t': [target.company_id for target in targets],
            'region_ids': [target.region_id or None for target in targets],
            'user_ids': [target.user_id or None for target in targets],
            'categ_ids': [target.categ_id or None for target in targets],
            'dates_from': dates_from,
            'dates_to': dates_to,
        })
        where = FACT_WHERE[basis]
        if all(target.user_id for target in targets):
            where += ' ' + FACT_USERS_WHERE[basis]
            params['fact_user_ids'] = sorted({target.user_id for target in targets})
        fact_sql = FACT_SQL[basis].format(local_date=self._local_date(params['tz']), where=where)
        # One reporting query over many rows: PostgreSQL's JIT would spend longer compiling it
        # than running it, and a little more memory lets it aggregate by hashing, not sorting.
        cr = self.env.cr
        jit = cr._cnx.server_version >= 110000  # PostgreSQL 11 introduced JIT compilation
        # pylint: disable=sql-injection
        # constant statements, chosen by the server's version: nothing from outside
        cr.execute("SET LOCAL work_mem = '32MB'" + ("; SET LOCAL jit = off" if jit else ""))
        cr.execute(MEASURE_SQL.format(target_sql=TARGET_ARRAYS_SQL, fact_sql=fact_sql), params)
        result = {row[0]: tuple(row[1:]) for row in cr.fetchall()}
        cr.execute("RESET work_mem" + ("; RESET jit" if jit else ""))  # pylint: disable=sql-injection
        return result

    @api.model
    def sellers(self, company_id, date_from, date_to, basis=None):
        """The ids of the salespeople who sold (a non-zero amount) for the company between
        these dates (whole months), on the same facts as ``measure``, in one query: the people
        a statistic lists besides those with a target."""
        basis = basis or self.basis()
        params = self._fact_params([company_id], fields.Date.from_string(date_from),
                                   fields.Date.from_string(date_to))
        fact_sql = FACT_SQL[basis].format(local_date=self._local_date(params['tz']),
                                          where=FACT_WHERE[basis])
        # pylint: disable=sql-injection
        # the module's own statement text, the values passed as parameters
        self.env.cr.execute("""
            SELECT fact.user_id FROM ({fact}) fact
             WHERE fact.user_id IS NOT NULL AND fact.month BETWEEN %(date_from)s AND %(date_to)s
             GROUP BY fact.user_id HAVING SUM(fact.amount) != 0""".format(fact=fact_sql), params)
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _fact_params(self, company_ids, date_from, date_to):
        """The parameters restricting the facts (FACT_WHERE) to these companies and dates."""
        company_ids = sorted(set(company_ids))
        return {
            'company_ids': company_ids,
            'tz': self._period_timezone(company_ids),
            'date_from': date_from,
            'date_to': date_to,
            # confirmation dates are UTC: a day of margin each side, the month is then taken
            # in the company's time zone
            'utc_from': fields.Datetime.to_string(date_from - relativedelta(days=1)),
            'utc_to': fields.Datetime.to_string(date_to + relativedelta(days=2)),
        }

    @api.model
    def measure_sql(self, target_sql):
        """The measure as one SQL query over the targets selected by `target_sql` (columns key,
        company_id, region_id, user_id, categ_id, date_from, date_to), on the basis set in the
        settings when the query runs: for SQL views (the plan analysis)."""
        tz = ("COALESCE((SELECT partner.tz FROM res_company company JOIN res_partner partner "
              "ON partner.id = company.partner_id WHERE company.id = so.company_id), 'UTC')")
        basis = ("COALESCE((SELECT value FROM ir_config_parameter WHERE key = '%s'), 'order')"
                 % BASIS_PARAM)
        fact_sql = ("SELECT * FROM ({orders}) orders WHERE {basis} = 'order' "
                    "UNION ALL SELECT * FROM ({invoices}) invoices WHERE {basis} = 'invoice'").format(
            orders=FACT_SQL['order'].format(local_date=self._local_date(tz, literal=False), where=''),
            invoices=FACT_SQL['invoice'].format(tz="'UTC'", where=''), basis=basis)
        return MEASURE_SQL.format(target_sql=target_sql, fact_sql=fact_sql)

    @api.model
    def _local_date(self, tz, literal=True):
        """SQL of the orders' confirmation date in the time zone `tz` (a name, passed as the
        query parameter %(tz)s; or, literal=False, an SQL expression). Dates are stored in UTC:
        a UTC company needs no conversion, which spares one per order line."""
        if literal and tz == 'UTC':
            return "so.confirmation_date"
        return "so.confirmation_date AT TIME ZONE 'UTC' AT TIME ZONE %s" % (
            '%(tz)s' if literal else tz)

    @api.model
    def _period_timezone(self, company_ids):
        """Months are counted in the company's time zone (its address's), UTC by default."""
        companies = self.env['res.company'].sudo().browse(company_ids)
        zones = set(companies.mapped('partner_id.tz')) - {False}
        return zones.pop() if len(zones) == 1 else 'UTC'
