"""The receivables aging of 50 salespeople over 100,000 open invoice lines, three ways.

    python bench/bench_receivables.py --config <odoo.conf> --database <db> [--salespeople N]
        [--open-lines N] [--naive-salespeople N]

(`make bench` runs it.) Generates (in one transaction, rolled back at the end) 50 salespeople
in 5 regions, 200 customers and 100,000 validated customer invoices (copies of one) spread
over 400 days: 100,000 open receivable items (a third partly paid) and 50,000 paid ones (a
first installment of every second invoice), 1% of another company; then computes the open
amount of every salesperson and region in the aging buckets (current, 1-30, 31-60, 61-90,
over 90 days) as of today:

1. the module: ``sales.receivable.measure.aging()`` (one query whatever the number of
   salespeople; asserted: the same count for 5 and for all);
2. a naive per-salesperson loop through the ORM: a search of the salesperson's open receivable
   items, bucketed in Python (timed on a sample of salespeople and scaled: it is linear);
3. one hand-written SQL query over the same tables.

It prints the times, the ratios and the query counts, and checks that the three agree. The
invoices and their items are inserted with SQL (copies of one invoice validated through the ORM).
"""
import sys
import time

import common

from odoo import fields

RAW_SQL = """
SELECT inv.user_id, inv.team_id,
       CASE WHEN %(today)s::date - aml.date_maturity <= 0 THEN 'current'
            WHEN %(today)s::date - aml.date_maturity <= 30 THEN '1_30'
            WHEN %(today)s::date - aml.date_maturity <= 60 THEN '31_60'
            WHEN %(today)s::date - aml.date_maturity <= 90 THEN '61_90'
            ELSE 'over_90' END,
       SUM(aml.amount_residual)
  FROM account_move_line aml
  JOIN account_invoice inv ON inv.id = aml.invoice_id
  JOIN account_account acc ON acc.id = aml.account_id
 WHERE acc.internal_type = 'receivable' AND aml.amount_residual != 0
   AND inv.type IN ('out_invoice', 'out_refund') AND inv.state IN ('open', 'paid')
   AND aml.company_id = %(company)s AND aml.date <= %(today)s
   AND inv.user_id = ANY(%(users)s)
 GROUP BY 1, 2, 3
"""
BUCKETS = ('current', '1_30', '31_60', '61_90', 'over_90')


def generate(env, salespeople, open_lines):
    started = time.time()
    cr = env.cr
    company = env.user.company_id
    other_company = env['res.company'].create({'name': 'Bench Other Company'})
    regions = common.create_regions(env, 5, 'BRV')
    customers = common.create_customers(env, 200)
    seed_user = env['res.users'].create({
        'name': 'Bench Salesperson', 'login': 'bench_receivables_sp', 'company_id': company.id,
        'groups_id': [(6, 0, [env.ref('sales_process.group_salesperson').id])]})
    user_ids = [seed_user.id] + common.clone(cr, 'res_users', seed_user.id, salespeople - 1, {
        'login': "'bench_receivables_sp' || n"})
    revenue = env['account.account'].search([
        ('company_id', '=', company.id),
        ('user_type_id', '=', env.ref('account.data_account_type_revenue').id)], limit=1)
    seed = env['account.invoice'].create({
        'partner_id': customers[0].id, 'user_id': seed_user.id, 'team_id': regions[0].id,
        'date_invoice': fields.Date.context_today(seed_user), 'type': 'out_invoice',
        'invoice_line_ids': [(0, 0, {'name': 'bench', 'quantity': 1, 'price_unit': 100.0,
                                     'account_id': revenue.id,
                                     'invoice_line_tax_ids': [(6, 0, [])]})]})
    seed.action_invoice_open()
    receivable = seed.move_id.line_ids.filtered(
        lambda line: line.account_id.internal_type == 'receivable')
    total = open_lines
    # invoice n: salesperson n mod S (each salesperson in one region), dated up to 400 days
    # back, its open installment due 30 days later (a third of them partly paid); every second
    # one has a first installment, due 15 days after the invoice, paid
    today = fields.Date.context_today(seed_user)
    users_sql = 'ARRAY[%s]' % ','.join(map(str, user_ids))
    regions_sql = 'ARRAY[%s]' % ','.join(map(str, regions.ids))
    customers_sql = '(ARRAY[%s])[1 + (n * 31) %%%% 200]' % ','.join(map(str, customers.ids))
    common.clone(cr, 'account_invoice', seed.id, total, {
        'number': "'BENCH/RCV/' || n", 'move_name': "'BENCH/RCV/' || n",
        'user_id': '(%s)[1 + n %%%% %d]' % (users_sql, salespeople),
        'team_id': '(%s)[1 + (n %%%% %d) %%%% 5]' % (regions_sql, salespeople),
        'partner_id': customers_sql, 'commercial_partner_id': customers_sql,
        'state': "'open'",
        'company_id': 'CASE WHEN n %%%% 100 = 1 THEN %d ELSE %d END' % (
            other_company.id, company.id),
        'date_invoice': "'%s'::date - (n * 7919 %%%% 400)" % today,
        'date_due': "'%s'::date - (n * 7919 %%%% 400) + 30" % today})
    names = common.columns(cr, 'account_move_line')
    overrides = {
        'invoice_id': 'inv.id', 'partner_id': 'inv.partner_id', 'company_id': 'inv.company_id',
        'date': 'inv.date_invoice',
        'date_maturity': 'CASE WHEN k = 1 THEN inv.date_due ELSE inv.date_due - 15 END',
        'debit': 'a.amount', 'balance': 'a.amount', 'credit': '0',
        'amount_residual': "CASE WHEN k = 2 THEN 0 "
                           "WHEN inv.id %% 3 = 1 THEN a.amount / 2 ELSE a.amount END",
        'reconciled': 'k = 2'}
    select = ', '.join(overrides.get(name, 't.%s' % name) for name in names)
    # pylint: disable=sql-injection
    cr.execute("""
        INSERT INTO account_move_line (%s)
        SELECT %s FROM account_move_line t, account_invoice inv,
               LATERAL (SELECT (100 + inv.id %%%% 900)::numeric AS amount) a,
               generate_series(1, 1 + inv.id %%%% 2) AS k
         WHERE t.id = %%s AND inv.number LIKE 'BENCH/RCV/%%%%'""" % (', '.join(names), select),
               (receivable.id,))
    common.analyze(cr, 'account_move_line', 'account_invoice', 'account_partial_reconcile')
    env['res.partner'].invalidate_cache()
    cr.execute("""SELECT count(*) FILTER (WHERE amount_residual != 0), count(*)
                    FROM account_move_line WHERE invoice_id IN
                         (SELECT id FROM account_invoice WHERE number LIKE 'BENCH/RCV/%%')""")
    opened, lines = cr.fetchone()
    print('generated %d salespeople, %d invoices: %d receivable items, %d open, in %.0f s'
          % (salespeople, total, lines, opened, time.time() - started))
    return env['res.users'].browse(user_ids), company, today


def module_way(env, users, company, today):
    return env['sales.receivable.measure'].aging([company.id], today, user_ids=users.ids)


def naive_way(env, users, company, today):
    Line = env['account.move.line']
    result = {}
    for user in users:
        lines = Line.search([
            ('invoice_id.user_id', '=', user.id), ('account_id.internal_type', '=', 'receivable'),
            ('invoice_id.type', 'in', ('out_invoice', 'out_refund')),
            ('invoice_id.state', 'in', ('open', 'paid')), ('company_id', '=', company.id),
            ('amount_residual', '!=', 0), ('date', '<=', today)])
        for line in lines:
            days = (fields.Date.from_string(today)
                    - fields.Date.from_string(line.date_maturity)).days
            bucket = ('current' if days <= 0 else '1_30' if days <= 30 else '31_60' if days <= 60
                      else '61_90' if days <= 90 else 'over_90')
            figures = result.setdefault((user.id, line.invoice_id.team_id.id),
                                        dict({key: 0.0 for key in BUCKETS}, total=0.0))
            figures[bucket] += line.amount_residual
            figures['total'] += line.amount_residual
    return result


def sql_way(env, users, company, today):
    env.cr.execute(RAW_SQL, {'company': company.id, 'today': today, 'users': users.ids})
    result = {}
    for user_id, region_id, bucket, amount in env.cr.fetchall():
        figures = result.setdefault((user_id, region_id),
                                    dict({key: 0.0 for key in BUCKETS}, total=0.0))
        figures[bucket] += float(amount)
        figures['total'] += float(amount)
    return result


def bench(env, args):
    users, company, today = generate(env, args.salespeople, args.open_lines)
    module_way(env, users[:2], company, today)  # warm-up
    few, _result = common.measure(env, 'module, 5 salespeople',
                                  lambda: module_way(env, users[:5], company, today), runs=1)
    module = common.measure(env, 'module (aging)', lambda: module_way(env, users, company, today))
    assert few.queries == module[0].queries, (
        'the module\'s queries grow with the salespeople: %d for 5, %d for %d'
        % (few.queries, module[0].queries, len(users)))
    sql = common.measure(env, 'hand-written SQL query', lambda: sql_way(env, users, company, today))
    _sample, _naive_result, agree = common.compare_salespeople(
        env, 'receivables aging of %d salespeople as of %s (module queries: %d for 5 salespeople, '
        '%d for %d)' % (len(users), today, few.queries, module[0].queries, len(users)),
        users, args.naive_salespeople, lambda sample: naive_way(env, sample, company, today),
        module, sql)
    print('  %s' % ('the three agree' if agree else 'RESULTS DIFFER'))
    return 0 if agree else 1


if __name__ == '__main__':
    sys.exit(common.run(bench, __doc__, context={'tz': 'Asia/Shanghai'}, options=[
        ('--salespeople', {'type': int, 'default': 50}),
        ('--open-lines', {'type': int, 'default': 100000}),
        ('--naive-salespeople', {'type': int, 'default': 3,
                                 'help': "run the naive loop on N salespeople, its figures "
                                         "scaled to all (0: all)"})]))
