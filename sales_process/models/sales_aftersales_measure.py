"""The after-sales measures: per product, returned vs delivered quantity (the defect rate), the
cases per root cause, and the time a case takes from intake to close and in each stage.

One batched computation (``sales.aftersales.measure``): one SQL statement for any number of
products or cases, which the reports (sales.aftersales.defect.report, sales.aftersales.case.report),
the repeat-defect alert and the benchmark (bench/bench_aftersales.py) all use.
"""
from collections import namedtuple
from datetime import timedelta

from odoo import api, fields, models

from .sales_aftersales_case import CLOSED_CASE_STATES

# Cases that count in the measures: a cancelled case was never a complaint
UNCOUNTED_CASE_STATES = ('cancel',)

# The stock facts of the defect rate, as quantities in the product's unit (product_qty):
# delivered: done moves from the company's stock (any location that is not a customer's) to a
#     customer location;
# returned: done moves from a customer location back into the company that are returns
#     (Odoo's return mechanism sets origin_returned_move_id) or that land in a return location
#     (the faulty-goods location of the factory is one: Odoo's return wizard offers only those).
# {where} restricts the moves (company, products, dates); {joins} adds tables to the moves' (to
# restrict and group by; none: ''); {keys} are the columns grouped by ({group}: their
# positions): the fewer, the faster PostgreSQL aggregates (by hashing).
STOCK_FACTS_SQL = """
    SELECT {keys},
           SUM(m.product_qty) FILTER (WHERE dest.usage = 'customer') AS delivered,
           SUM(m.product_qty) FILTER (WHERE src.usage = 'customer') AS returned
      FROM stock_move m
      JOIN stock_location src ON src.id = m.location_id
      JOIN stock_location dest ON dest.id = m.location_dest_id
      {joins}
     WHERE m.state = 'done'
       AND ((dest.usage = 'customer' AND src.usage != 'customer')
            OR (src.usage = 'customer' AND dest.usage != 'customer'
                AND (m.origin_returned_move_id IS NOT NULL OR dest.return_location)))
       {where}
     GROUP BY {group}
"""

# The cases of a product: one row per case and product (a case with two lines of a product
# counts once for it: its quantity is theirs), with the case's root cause and stage dates, and the
# row's first line (the case report's row id); and the cases themselves (CASES_SQL). {where}
# restricts the cases (alias c).
CASE_COLUMNS = """c.company_id, c.region_id, c.partner_id, c.root_cause_id, c.state, c.kind,
           c.channel, c.date_intake, c.date_reported, c.date_assessed, c.date_decided,
           c.date_goods_back, c.date_resolved, c.date_closed"""
CASE_PRODUCTS_SQL = """
    SELECT c.id AS case_id, l.product_id, SUM(l.quantity) AS quantity, MIN(l.id) AS first_line_id,
           """ + CASE_COLUMNS + """
      FROM sales_aftersales_case_line l
      JOIN sales_aftersales_case c ON c.id = l.case_id
     WHERE c.state NOT IN %(uncounted_states)s {where}
     GROUP BY c.id, l.product_id
"""
CASES_SQL = """
    SELECT c.id AS case_id, NULL::int AS product_id, """ + CASE_COLUMNS + """
      FROM sales_aftersales_case c
     WHERE c.state NOT IN %(uncounted_states)s {where}
"""

# Days between two stage dates, NULL unless both are set (never negative: a replacement may
# ship before the faulty goods are back). PostgreSQL's GREATEST ignores NULLs: hence the CASE.
DAYS = """CASE WHEN {start} IS NOT NULL AND {to} IS NOT NULL
                THEN GREATEST(EXTRACT(EPOCH FROM ({to} - {start})) / 86400.0, 0) END"""

# The stages of a case, each the time between two of its dates ({t}: the table's alias); the
# resolution starts once the decision is taken and the goods are back (0 days when the
# replacement shipped before they were)
STAGES = [
    ('intake', '{t}.date_intake', '{t}.date_reported'),
    ('assessment', '{t}.date_reported', '{t}.date_assessed'),
    ('decision', '{t}.date_assessed', '{t}.date_decided'),
    ('goods_back', '{t}.date_decided', '{t}.date_goods_back'),
    ('resolution', 'GREATEST({t}.date_decided, {t}.date_goods_back)', '{t}.date_resolved'),
    ('feedback', '{t}.date_resolved', '{t}.date_closed'),
]


def stage_days_sql(alias):
    """SQL expressions of the days each stage took and of the whole case (intake to close),
    named days_<stage> and days_to_close, over the stage dates of the table `alias`."""
    stages = STAGES + [('to_close', '{t}.date_intake', '{t}.date_closed')]
    return ',\n           '.join(
        DAYS.format(start=start.format(t=alias), to=end.format(t=alias)) + ' AS days_' + name
        for name, start, end in stages)


ProductFigures = namedtuple('ProductFigures', [
    'product_id', 'delivered', 'returned', 'defect_rate', 'cases', 'cases_by_root_cause'])
ProductFigures.__doc__ = """After-sales figures of a product.

delivered / returned: quantities in the product's unit (see STOCK_FACTS_SQL); defect_rate:
returned / delivered in percent (0.0 when nothing was delivered); cases: the cases concerning
the product (not cancelled); cases_by_root_cause: {root cause id or False: number of cases}.
"""

SalespersonFigures = namedtuple('SalespersonFigures', [
    'user_id', 'delivered', 'returned', 'return_rate', 'cases'])
SalespersonFigures.__doc__ = """After-sales figures of a salesperson's sales (the orders whose
salesperson they are): delivered / returned quantities of those orders' products (see
STOCK_FACTS_SQL; a return counts on the order of the delivery it returns), return_rate:
returned / delivered in percent (0.0 when nothing was delivered); cases: the cases filed on
those orders (not cancelled)."""

StageTimes = namedtuple('StageTimes', ['cases', 'closed', 'days_to_close'] + [
    'days_' + name for name, _start, _end in STAGES])
StageTimes.__doc__ = """Average days a batch of cases took: from intake to close (closed cases
only), and in each stage (over the cases that went through it); None where no case did."""


class SalesAftersalesMeasure(models.AbstractModel):
    """The after-sales figures, batched: ``product_figures`` (defect rate and cases per root
    cause of any number of products), ``salesperson_figures`` (the same on a salesperson's
    orders) and ``stage_times`` (average days per stage of any number
    of cases, overall or per product, per root cause...) each run one SQL statement."""
    _name = 'sales.aftersales.measure'
    _description = 'After-Sales Measures'

    @api.model
    def product_figures(self, product_ids, company_id=None, date_from=None, date_to=None):
        """{product id: ProductFigures} for every product id given, in one query.

        :param company_id: the company whose deliveries and cases count (the user's by default)
        :param date_from, date_to: the period (dates, both included) of the moves and of the
            cases' intake; None: no limit
        """
        product_ids = sorted(set(product_ids))
        if not product_ids:
            return {}
        params = self._period_params(company_id, date_from, date_to)
        params['product_ids'] = product_ids
        stock_where = """AND m.company_id = %(company_id)s AND m.product_id = ANY(%(product_ids)s)
                         AND (%(utc_from)s::timestamp IS NULL OR m.date >= %(utc_from)s)
                         AND (%(utc_to)s::timestamp IS NULL OR m.date < %(utc_to)s)"""
        case_where = """AND c.company_id = %(company_id)s AND l.product_id = ANY(%(product_ids)s)
                        AND (%(utc_from)s::timestamp IS NULL OR c.date_intake >= %(utc_from)s)
                        AND (%(utc_to)s::timestamp IS NULL OR c.date_intake < %(utc_to)s)"""
        query = """
            WITH stock AS ({stock}),
            case_product AS (
                -- a case counts once for each of its products
                SELECT DISTINCT l.product_id, c.id, c.root_cause_id
                  FROM sales_aftersales_case_line l
                  JOIN sales_aftersales_case c ON c.id = l.case_id
                 WHERE c.state NOT IN %(uncounted_states)s {case_where}
            ),
            per_cause AS (
                SELECT product_id, root_cause_id, COUNT(*) AS cases
                  FROM case_product GROUP BY product_id, root_cause_id
            ),
            per_product AS (
                SELECT product_id, SUM(cases) AS cases,
                       json_object_agg(COALESCE(root_cause_id, 0), cases) AS by_cause
                  FROM per_cause GROUP BY product_id
            )
            SELECT p.id, COALESCE(stock.delivered, 0)::float8, COALESCE(stock.returned, 0)::float8,
                   COALESCE(per_product.cases, 0)::int, per_product.by_cause
              FROM unnest(%(product_ids)s::int[]) AS p(id)
              LEFT JOIN stock ON stock.product_id = p.id
              LEFT JOIN per_product ON per_product.product_id = p.id
        """.format(stock=STOCK_FACTS_SQL.format(
            keys='m.product_id', group='1', joins='', where=stock_where), case_where=case_where)
        self.env.cr.execute(query, params)  # pylint: disable=sql-injection  # the module's own text
        result = {}
        for product_id, delivered, returned, cases, by_cause in self.env.cr.fetchall():
            result[product_id] = ProductFigures(
                product_id, delivered, returned,
                100.0 * returned / delivered if delivered else 0.0, cases,
                {int(cause) or False: count for cause, count in (by_cause or {}).items()})
        return result

    @api.model
    def salesperson_figures(self, user_ids, company_id=None, date_from=None, date_to=None):
        """{user id: SalespersonFigures} for every salesperson given, in one query: the
        exchanges and returns on their sales (the appraisal's scorecard reads them).

        :param company_id: the company whose deliveries and cases count (the user's by default)
        :param date_from, date_to: the period (dates, both included) of the moves and of the
            cases' intake; None: no limit
        """
        user_ids = sorted(set(user_ids))
        if not user_ids:
            return {}
        params = self._period_params(company_id, date_from, date_to)
        params['user_ids'] = user_ids
        # the moves of the salespeople's order lines: a return carries the order line of the
        # delivery it returns (Odoo's return wizard copies the move), else its origin does;
        # grouped by salesperson straight away (by order line first, it grouped every line sold)
        joins = """LEFT JOIN stock_move origin ON origin.id = m.origin_returned_move_id
                   JOIN sale_order_line sol ON sol.id = COALESCE(m.sale_line_id, origin.sale_line_id)
                   JOIN sale_order so ON so.id = sol.order_id"""
        stock_where = """AND m.company_id = %(company_id)s AND so.user_id = ANY(%(user_ids)s)
                         AND (%(utc_from)s::timestamp IS NULL OR m.date >= %(utc_from)s)
                         AND (%(utc_to)s::timestamp IS NULL OR m.date < %(utc_to)s)"""
        query = """
            WITH stock_user AS ({stock}),
            case_user AS (
                SELECT so.user_id, COUNT(*) AS cases
                  FROM sales_aftersales_case c
                  JOIN sale_order so ON so.id = c.sale_order_id
                 WHERE c.state NOT IN %(uncounted_states)s AND c.company_id = %(company_id)s
                   AND so.user_id = ANY(%(user_ids)s)
                   AND (%(utc_from)s::timestamp IS NULL OR c.date_intake >= %(utc_from)s)
                   AND (%(utc_to)s::timestamp IS NULL OR c.date_intake < %(utc_to)s)
                 GROUP BY so.user_id
            )
            SELECT u.id, COALESCE(stock_user.delivered, 0)::float8,
                   COALESCE(stock_user.returned, 0)::float8, COALESCE(case_user.cases, 0)::int
              FROM unnest(%(user_ids)s::int[]) AS u(id)
              LEFT JOIN stock_user ON stock_user.user_id = u.id
              LEFT JOIN case_user ON case_user.user_id = u.id
        """.format(stock=STOCK_FACTS_SQL.format(
            keys='so.user_id', group='1', joins=joins, where=stock_where))
        self.env.cr.execute(query, params)  # pylint: disable=sql-injection  # the module's own text
        return {user_id: SalespersonFigures(user_id, delivered, returned,
                                            100.0 * returned / delivered if delivered else 0.0,
                                            cases)
                for user_id, delivered, returned, cases in self.env.cr.fetchall()}

    @api.model
    def stage_times(self, cases, by_product=False):
        """Average days of the cases (a recordset, read with the caller's rights beforehand),
        in one query: {None: StageTimes} for the batch, or {product id: StageTimes} with
        by_product (each product's cases)."""
        if not cases:
            return {}
        key = 'cp.product_id' if by_product else 'NULL::int'
        query = """
            WITH cp AS ({cases}),
            days AS (
                SELECT {key} AS key, cp.state, {days}
                  FROM cp
            )
            SELECT key, COUNT(*), COUNT(*) FILTER (WHERE state IN %(closed_states)s),
                   AVG(days_to_close) FILTER (WHERE state IN %(closed_states)s), {averages}
              FROM days GROUP BY key
        """.format(
            cases=(CASE_PRODUCTS_SQL if by_product else CASES_SQL).format(
                where='AND c.id = ANY(%(case_ids)s)'),
            key=key, days=stage_days_sql('cp'),
            averages=', '.join('AVG(days_%s)' % name for name, _start, _end in STAGES))
        # pylint: disable=sql-injection
        # the module's own statement text, the values passed as parameters
        self.env.cr.execute(query, {'case_ids': cases.ids, 'closed_states': CLOSED_CASE_STATES,
                                    'uncounted_states': UNCOUNTED_CASE_STATES})
        return {row[0]: StageTimes(*row[1:]) for row in self.env.cr.fetchall()}

    @api.model
    def repeat_defects(self, company, date_from, pairs=None):
        """The (product id, root cause id, [case ids]) whose cases received since `date_from`
        (UTC datetime string) reach the company's threshold, in one query; `pairs`: only these
        (product id, root cause id). Rejected cases were not quality problems: they do not count."""
        params = {'company_id': company.id, 'date_from': date_from,
                  'threshold': max(company.aftersales_repeat_threshold, 1),
                  'uncounted_states': UNCOUNTED_CASE_STATES + ('rejected',),
                  'pair_products': [pair[0] for pair in pairs or ()],
                  'pair_causes': [pair[1] for pair in pairs or ()],
                  'all_pairs': pairs is None}
        query = """
            WITH cp AS ({cases})
            SELECT cp.product_id, cp.root_cause_id, array_agg(cp.case_id ORDER BY cp.case_id)
              FROM cp
             WHERE cp.root_cause_id IS NOT NULL
               AND (%(all_pairs)s OR (cp.product_id, cp.root_cause_id) IN (
                    SELECT * FROM unnest(%(pair_products)s::int[], %(pair_causes)s::int[])))
             GROUP BY cp.product_id, cp.root_cause_id
            HAVING COUNT(*) >= %(threshold)s
             ORDER BY 1, 2
        """.format(cases=CASE_PRODUCTS_SQL.format(
            where="AND c.company_id = %(company_id)s AND c.date_intake >= %(date_from)s"))
        self.env.cr.execute(query, params)  # pylint: disable=sql-injection  # the module's own text
        return self.env.cr.fetchall()

    @api.model
    def _period_params(self, company_id, date_from, date_to):
        """The company, and the period's dates as UTC bounds (the end date included)."""
        company_id = company_id or self.env.user.company_id.id
        to = fields.Date.from_string(date_to) if date_to else None
        return {
            'company_id': company_id,
            'uncounted_states': UNCOUNTED_CASE_STATES,
            'utc_from': date_from and '%s 00:00:00' % date_from,
            'utc_to': to and fields.Date.to_string(to + timedelta(days=1)) + ' 00:00:00',
        }
