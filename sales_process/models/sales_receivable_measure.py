"""The receivables measures: the aging of the open customer invoices per salesperson and region,
and the collection rate per salesperson.

One batched computation (``sales.receivable.measure``): one SQL statement for any number of
salespeople, over the receivable journal items of the customer invoices and credit notes (their
installments: one item per due date), in the company's currency. The aging report
(report/sales_receivable_report.py), the daily collection check and the benchmark
(bench/bench_receivables.py) all read it.
"""
from odoo import api, fields, models

# The aging buckets: (key, label, lowest days past due, highest days past due or None)
AGING_BUCKETS = [
    ('current', 'Current', None, 0),
    ('1_30', '1-30 Days', 1, 30),
    ('31_60', '31-60 Days', 31, 60),
    ('61_90', '61-90 Days', 61, 90),
    ('over_90', 'Over 90 Days', 91, None),
]


def bucket_sql(days):
    """The SQL CASE naming the aging bucket of `days` past due (an SQL expression)."""
    whens = []
    for key, _label, _low, high in AGING_BUCKETS[:-1]:
        whens.append("WHEN %s <= %d THEN '%s'" % (days, high, key))
    return "CASE %s ELSE '%s' END" % (' '.join(whens), AGING_BUCKETS[-1][0])


# The receivable items of the customers' invoices and credit notes, validated (a cancelled
# invoice has no journal items): an invoice's amount is the debit of its items (one per
# installment), a credit note's the credit; balance and amount_residual are signed, in the
# company's currency. {where} restricts them (aliases aml, inv).
RECEIVABLE_ITEMS_SQL = """
    SELECT aml.id, aml.company_id, inv.user_id, inv.team_id AS region_id, inv.partner_id,
           aml.invoice_id, aml.date, aml.date_maturity, aml.balance, aml.amount_residual
      FROM account_move_line aml
      JOIN account_invoice inv ON inv.id = aml.invoice_id
      JOIN account_account acc ON acc.id = aml.account_id
     WHERE acc.internal_type = 'receivable'
       AND inv.type IN ('out_invoice', 'out_refund')
       AND inv.state IN ('open', 'paid')
       {where}
"""

# What settled the receivable items after a date ({as_of}: an SQL date expression): per item,
# the amount matched (account.partial.reconcile) with items dated later, signed as the item
# (a payment lowers an invoice's debit, a refund's credit), to add back to the residual.
SETTLED_AFTER_SQL = """
    SELECT p.debit_move_id AS id, p.amount AS amount
      FROM account_partial_reconcile p
      JOIN account_move_line other ON other.id = p.credit_move_id
     WHERE other.date > {as_of}
    UNION ALL
    SELECT p.credit_move_id, -p.amount
      FROM account_partial_reconcile p
      JOIN account_move_line other ON other.id = p.debit_move_id
     WHERE other.date > {as_of}
"""

# The open receivable items as of a date ({as_of}): dated on or before it, with what was still
# open then (the residual plus what was settled later), the days past due and the bucket.
OPEN_ITEMS_SQL = """
    WITH settled_after AS (
        SELECT id, SUM(amount) AS amount FROM (""" + SETTLED_AFTER_SQL + """) s GROUP BY id
    ),
    items AS (""" + RECEIVABLE_ITEMS_SQL + """)
    SELECT items.*, items.amount_residual + COALESCE(sa.amount, 0) AS open_amount,
           GREATEST({as_of} - items.date_maturity, 0) AS days_overdue,
           """ + bucket_sql('({as_of} - items.date_maturity)') + """ AS bucket
      FROM items
      LEFT JOIN settled_after sa ON sa.id = items.id
     WHERE items.date <= {as_of}
       AND (items.amount_residual != 0 OR sa.id IS NOT NULL)
       AND items.amount_residual + COALESCE(sa.amount, 0) != 0
"""

# The collection facts of each receivable item: what was matched with it (payments, credit
# notes) on or before its due date (on_time) and on or before a date ({settled_by}: an SQL date
# expression; to know what was still open then), both signed as the item. {where} restricts the
# items (aliases aml, inv). The matches are summed per item alone, then joined to the items:
# grouping them with every column of the items made PostgreSQL's aggregate outgrow its memory.
COLLECTION_ITEMS_SQL = """
    WITH items AS (""" + RECEIVABLE_ITEMS_SQL + """),
    matched AS (
        SELECT items.id, p.amount, other.date <= items.date_maturity AS on_time,
               other.date AS other_date
          FROM items
          JOIN account_partial_reconcile p ON p.debit_move_id = items.id
          JOIN account_move_line other ON other.id = p.credit_move_id
        UNION ALL
        SELECT items.id, -p.amount, other.date <= items.date_maturity, other.date
          FROM items
          JOIN account_partial_reconcile p ON p.credit_move_id = items.id
          JOIN account_move_line other ON other.id = p.debit_move_id
    ),
    per_item AS (
        SELECT id, SUM(amount) FILTER (WHERE on_time) AS on_time,
               SUM(amount) FILTER (WHERE other_date <= {settled_by}) AS settled
          FROM matched
         GROUP BY id
    )
    SELECT items.id, items.company_id, items.user_id, items.region_id, items.partner_id,
           items.invoice_id, items.date, items.date_maturity, items.balance,
           COALESCE(per_item.on_time, 0) AS on_time, COALESCE(per_item.settled, 0) AS settled
      FROM items
      LEFT JOIN per_item ON per_item.id = items.id
"""

# The collection per salesperson over a period [%(date_from)s, %(date_to)s]
COLLECTION_SQL = """
    SELECT user_id,
           COALESCE(SUM(balance) FILTER (WHERE date_maturity BETWEEN %(date_from)s AND %(date_to)s),
                    0)::float8 AS due,
           COALESCE(SUM(on_time) FILTER (WHERE date_maturity BETWEEN %(date_from)s AND %(date_to)s),
                    0)::float8 AS collected_on_time,
           COALESCE(SUM(balance - settled) FILTER (WHERE date_maturity < %(date_to)s
                                                   AND date <= %(date_to)s), 0)::float8 AS overdue
      FROM (""" + COLLECTION_ITEMS_SQL.format(where='{where}', settled_by='%(date_to)s::date') + """) per_item
     GROUP BY user_id
"""


class SalesReceivableMeasure(models.AbstractModel):
    """The receivables figures, batched: ``aging`` (open amounts per salesperson, region and
    bucket as of a date) and ``collection`` (due, collected on time, rate and overdue per
    salesperson over a period) each run one SQL statement, whatever the number of salespeople.

    The figures are the company's books: they are read with the module's rights (the callers,
    reports and record rules decide who sees which salesperson's figures)."""
    _name = 'sales.receivable.measure'
    _description = 'Receivables Measures'

    @api.model
    def collection(self, company_ids, date_from, date_to, user_ids=None):
        """The collection of each salesperson (the invoices' salesperson) over a period.

        :param company_ids: the companies whose invoices count (ids)
        :param date_from, date_to: the period (dates, both included)
        :param user_ids: the salespeople (ids); None: every salesperson with invoices (those
            without a salesperson under the key False)
        :return: {user id: {'due', 'collected_on_time', 'rate', 'overdue'}}, amounts in the
            company's currency: 'due' is the amount of the installments of customer invoices
            due in the period, credit notes deducted; 'collected_on_time' the part of it
            paid (matched) on or before its due date; 'rate' collected_on_time / due in percent
            (None when nothing fell due); 'overdue' the amount open and past due at date_to.
            Every salesperson asked for has an entry.
        """
        where = 'AND aml.company_id = ANY(%(company_ids)s)'
        params = {'company_ids': list(company_ids), 'date_from': fields.Date.to_string(
            fields.Date.from_string(date_from)), 'date_to': fields.Date.to_string(
            fields.Date.from_string(date_to))}
        if user_ids is not None:
            where += ' AND inv.user_id = ANY(%(user_ids)s)'
            params['user_ids'] = list(user_ids)
        # the statement is the module's own text; the values are parameters
        # pylint: disable=sql-injection
        self.env.cr.execute(COLLECTION_SQL.format(where=where), params)
        result = {user_id: self._collection_figures(0.0, 0.0, 0.0) for user_id in user_ids or ()}
        for user_id, due, on_time, overdue in self.env.cr.fetchall():
            result[user_id or False] = self._collection_figures(due, on_time, overdue)
        return result

    @api.model
    def _collection_figures(self, due, on_time, overdue):
        return {'due': due, 'collected_on_time': on_time, 'overdue': overdue,
                'rate': 100.0 * on_time / due if due > 0.005 else None}

    @api.model
    def aging(self, company_ids, as_of=None, user_ids=None, region_ids=None):
        """The open receivables as of a date per salesperson and region, in aging buckets.

        :param company_ids: the companies whose invoices count (ids)
        :param as_of: the date (default: today in the user's timezone)
        :param user_ids, region_ids: restrict to these salespeople / regions (ids); None: all
        :return: {(user id or False, region id or False): {bucket key: open amount, ...,
            'total': open amount}} for the pairs with open items; bucket keys: AGING_BUCKETS
        """
        where = 'AND aml.company_id = ANY(%(company_ids)s)'
        params = {'company_ids': list(company_ids),
                  'as_of': as_of or fields.Date.context_today(self)}
        if user_ids is not None:
            where += ' AND inv.user_id = ANY(%(user_ids)s)'
            params['user_ids'] = list(user_ids)
        if region_ids is not None:
            where += ' AND inv.team_id = ANY(%(region_ids)s)'
            params['region_ids'] = list(region_ids)
        open_items = OPEN_ITEMS_SQL.format(where=where, as_of='%(as_of)s::date')
        # pylint: disable=sql-injection
        self.env.cr.execute("""
            SELECT user_id, region_id, bucket, SUM(open_amount)::float8
              FROM ({open_items}) o
             GROUP BY user_id, region_id, bucket
        """.format(open_items=open_items), params)
        result = {}
        for user_id, region_id, bucket, amount in self.env.cr.fetchall():
            figures = result.setdefault((user_id or False, region_id or False), dict(
                {key: 0.0 for key, _label, _low, _high in AGING_BUCKETS}, total=0.0))
            figures[bucket] += amount
            figures['total'] += amount
        return result

    @api.model
    def promise_payments(self, promise_ids):
        """{promise id: amount} what each promise's invoice was paid (matched with its
        receivable items) by items dated on or after the promise was recorded, in one query."""
        if not promise_ids:
            return {}
        self.env.cr.execute("""
            SELECT pr.id, COALESCE(SUM(p.amount), 0)::float8
              FROM sales_payment_promise pr
              JOIN account_move_line aml ON aml.invoice_id = pr.invoice_id
              JOIN account_account acc ON acc.id = aml.account_id
                                      AND acc.internal_type = 'receivable'
              JOIN account_partial_reconcile p ON p.debit_move_id = aml.id
              JOIN account_move_line other ON other.id = p.credit_move_id
             WHERE pr.id = ANY(%s) AND other.date >= pr.date_recorded
             GROUP BY pr.id
        """, (list(promise_ids),))
        return dict(self.env.cr.fetchall())
