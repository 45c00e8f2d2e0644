"""Achievement of 1,000 target lines over ~200,000 sale order lines, computed three ways.

    python bench/bench_achievement.py --config .runtime/odoo-bench.conf --database sales_process_bench

(`make bench` runs it.) It generates 12 months of sales for 5 regions and 50 salespeople
(orders inserted with SQL: 40,000 orders of 5 lines, 2% cancelled, 1% quotations), 1,000 target
lines (monthly, quarterly and annual, per salesperson, per region and per product category),
then measures:

1. the module: ``sales.plan.line._achievement_figures()`` (what the forms, lists, reports and
   the close use), with its query count;
2. a naive loop: one ``search()`` of sale order lines and a Python sum per target line (on
   the first 40 target lines, its time extrapolated to the 1,000);
3. one hand-written SQL GROUP BY over the same data (order lines grouped per region,
   salesperson, category and month, joined to the targets).

It checks that the three agree, prints the times and ratios, and rolls everything back.
"""
import calendar
import sys
import time

import common

YEAR = 2025
REGIONS, SALESPEOPLE, CATEGORIES, PRODUCTS = 5, 50, 5, 50
ORDERS, LINES_PER_ORDER, TARGETS = 40000, 5, 1000
NAIVE_SAMPLE = 40  # target lines timed in the naive loop (the 1,000 take many minutes)


def generate(env):
    started = time.time()
    company = env.ref('base.main_company')
    company.partner_id.tz = 'UTC'  # the hand-written SQL below counts months in UTC
    salesman = env.ref('sales_process.group_salesperson')
    regions = common.create_regions(env, REGIONS, 'BR')
    users = env['res.users'].with_context(no_reset_password=True, mail_create_nosubscribe=True)
    salespeople = users.browse()
    for index in range(SALESPEOPLE):
        salespeople |= users.create({
            'name': 'Bench Salesperson %d' % index, 'login': 'bench_sales_%d' % index,
            'sale_team_id': regions[index % REGIONS].id,
            'groups_id': [(6, 0, [env.ref('base.group_user').id, salesman.id])]})
    categories = common.create_categories(env, CATEGORIES)
    products = common.create_products(env, PRODUCTS, categories)
    customers = common.create_customers(env, 1)
    order_lines = common.insert_sales(
        env, 'BENCH', ORDERS, LINES_PER_ORDER, '%d-01-01' % YEAR,
        teams=[user.sale_team_id.id for user in salespeople], users=salespeople.ids,
        customers=customers.ids, products=products)
    # a production database has statistics on its tables (autovacuum); bulk inserts need them too
    common.analyze(env.cr, 'sale_order', 'sale_order_line', 'product_product', 'product_template',
                   'product_category')
    lines = make_targets(env, regions, salespeople, categories)
    env["sales.plan.line"].invalidate_cache()  # the SQL inserts bypassed the ORM cache
    print('generated %d sale order lines, %d target lines in %.1f s'
          % (order_lines, len(lines), time.time() - started))
    return lines


def make_targets(env, regions, salespeople, categories):
    """1,000 targets: per salesperson per month, quarter and year; per region per month and
    quarter; per region and category per year and quarter."""
    periods = [('month', '%d-%02d-01' % (YEAR, m),
                '%d-%02d-%02d' % (YEAR, m, calendar.monthrange(YEAR, m)[1]))
               for m in range(1, 13)]
    periods += [('quarter', '%d-%02d-01' % (YEAR, 3 * q + 1),
                 '%d-%02d-%02d' % (YEAR, 3 * q + 3, calendar.monthrange(YEAR, 3 * q + 3)[1]))
                for q in range(4)]
    periods += [('year', '%d-01-01' % YEAR, '%d-12-31' % YEAR)]
    from odoo.addons.sales_process.models.sales_process_document import create_in_bulk
    Plan = env['sales.plan'].with_context(mail_create_nolog=True, tracking_disable=True)
    lines = env['sales.plan.line']
    for region in regions:
        members = salespeople.filtered(lambda user: user.sale_team_id == region)
        for period_type, start, end in periods:
            values = [{'region_id': region.id, 'user_id': user.id, 'target_amount': 1000.0}
                      for user in members]
            if period_type != 'year':
                values.append({'region_id': region.id, 'target_amount': 5000.0})
            if period_type in ('year', 'quarter'):
                values += [{'region_id': region.id, 'categ_id': categ.id, 'target_amount': 2000.0}
                           for categ in categories]
            plan = Plan.create({'region_id': region.id, 'period_type': period_type, 'date_start': start,
                                'date_end': end})
            # the targets written the module's way (create() per line took minutes here)
            lines |= create_in_bulk(lines, [dict({'user_id': False, 'categ_id': False}, plan_id=plan.id,
                                                 **value) for value in values])
    return lines[:TARGETS]


def module_way(lines):
    return {key: value[0] for key, value in lines._achievement_figures().items()}


def naive_way(lines):
    env = lines.env
    SaleLine = env['sale.order.line']
    result = {}
    for line in lines:
        domain = [('order_id.state', 'in', ('sale', 'done')),
                  ('order_id.company_id', '=', line.company_id.id),
                  ('order_id.team_id', '=', line.region_id.id),
                  ('order_id.confirmation_date', '>=', line.date_start + ' 00:00:00'),
                  ('order_id.confirmation_date', '<=', line.date_end + ' 23:59:59')]
        if line.user_id:
            domain.append(('order_id.user_id', '=', line.user_id.id))
        if line.categ_id:
            domain.append(('product_id.categ_id', 'child_of', line.categ_id.id))
        result[line.id] = sum(SaleLine.search(domain).mapped('price_subtotal'))
    return result


def sql_way(lines):
    """What an expert would write for this data set: the order lines grouped per region,
    salesperson, category and month, joined to the targets (this and last year's figures).
    It can skip what the module must handle in general: currencies, units of measure, time
    zones, category trees (the bench's categories are flat, its company's time zone UTC)."""
    cr = lines.env.cr
    if cr._cnx.server_version >= 110000:
        cr.execute("SET LOCAL jit = off")  # as the module does: compiling costs more than it saves
    cr.execute("""
        WITH sales AS (
            SELECT so.team_id, so.user_id, pt.categ_id,
                   date_trunc('month', so.confirmation_date)::date AS month,
                   SUM(sol.price_subtotal) AS amount
              FROM sale_order_line sol
              JOIN sale_order so ON so.id = sol.order_id
              JOIN product_product pp ON pp.id = sol.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE so.state IN ('sale', 'done') AND so.company_id = %(company)s
             GROUP BY 1, 2, 3, 4)
        SELECT t.id,
               COALESCE(SUM(s.amount) FILTER (WHERE s.month >= t.date_start), 0),
               COALESCE(SUM(s.amount) FILTER (WHERE s.month < t.date_start), 0)
          FROM sales_plan_line t
          LEFT JOIN sales s ON s.team_id = t.region_id
                           AND (t.user_id IS NULL OR s.user_id = t.user_id)
                           AND (t.categ_id IS NULL OR s.categ_id = t.categ_id)
                           AND s.month BETWEEN (t.date_start - interval '1 year') AND t.date_end
         WHERE t.id = ANY(%(ids)s)
         GROUP BY t.id""", {'company': lines[:1].company_id.id, 'ids': lines.ids})
    return {row[0]: row[1] for row in cr.fetchall()}


def bench(env, _args):
    lines = generate(env)
    env['sales.plan.line'].browse(lines[:5].ids)._achievement_figures()  # warm-up
    # best of three for the two fast ways (the machine may be busy); the loop runs once
    module, module_result = common.measure(env, 'module', lambda: module_way(lines), summary=min)
    sql, sql_result = common.measure(env, 'hand-written SQL GROUP BY', lambda: sql_way(lines),
                                     summary=min)
    sample = lines[:NAIVE_SAMPLE]
    naive, naive_result = common.measure(env, 'naive loop (search + sum)',
                                         lambda: naive_way(sample), runs=1)
    naive = common.sampled(naive, len(sample), len(lines), 'target lines')
    common.print_comparison('Achievement of %d target lines over %d months of sales:'
                            % (len(lines), 12), module, naive, sql, naive_goal=20, sql_goal=2)
    common.print_differences(module_result, [('hand-written SQL', sql_result),
                                             ('naive loop', naive_result)])


if __name__ == '__main__':
    sys.exit(common.run(bench, __doc__, context={'tz': 'UTC'}))
