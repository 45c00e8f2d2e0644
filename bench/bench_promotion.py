"""Promotions: the uplift and cost of 200 promotions over 200,000 sale order lines, three ways;
and the price of a 50-line quotation with 1,000 promotions in the database (20 active) vs none.

    python bench/bench_promotion.py --config .runtime/odoo-bench.conf --database sales_process_bench

(`make bench` runs it.) It generates a year of sales for 5 regions and 50 products in 5
categories (orders inserted with SQL: 40,000 orders of 5 lines for 200 customers, a tenth of
them tagged, 2% cancelled, 1% quotations; a line in ten attributed to a promotion), 200
promotions (one or two regions, products or a category, 1 to 4 weeks, one in ten for tagged
customers), then measures:

1. the module: ``sales.promotion.measure.figures(promotions)``, with its query count;
2. a naive loop: per promotion, ``search()`` of the order lines of its period, of its baseline
   and of its attributed lines, summed in Python;
3. one hand-written SQL query over the same data.

It checks that the three agree and prints the times and ratios; it prices 2,000 of the orders
again as quotations (the promotions' attribution, written in bulk, vs line by line on a
sample). Then it prices a 50-line quotation (``sale.order.create``, as the web client saves
it) with no promotion in the database, and with 1,000 more (20 active for the order), and
prints both times and query counts. Everything is rolled back.
"""
import sys
import time

import odoo

import common

YEAR = 2025
REGIONS, CATEGORIES, PRODUCTS, CUSTOMERS = 5, 5, 50, 200
ORDERS, LINES_PER_ORDER, PROMOTIONS = 40000, 5, 200
PRICED_PROMOTIONS, ACTIVE_PROMOTIONS, QUOTATION_LINES = 1000, 20, 50
RUNS = common.RUNS
NAIVE_SAMPLE = 8  # promotions timed in the naive loop (the 200 take about eight minutes)
QUOTATIONS = 2000  # orders turned into quotations whose lines' promotions are attributed again
ATTRIBUTION_SAMPLE = 200  # of their lines, priced one at a time (extrapolated)


def generate_master_data(env):
    """Regions, categories, products and customers (a tenth tagged)."""
    company = env.ref('base.main_company')
    company.partner_id.tz = 'UTC'  # the hand-written SQL below takes days in UTC
    regions = common.create_regions(env, REGIONS, 'BP')
    products = common.create_products(env, PRODUCTS, common.create_categories(env, CATEGORIES))
    tag = env['res.partner.category'].create({'name': 'Bench Key Account'})
    customers = common.create_customers(env, CUSTOMERS, tag=tag)
    return regions, products, customers, tag


def generate_sales(env, regions, products, customers, tag):
    """200 promotions and a year of sales (200,000 lines), some attributed to them."""
    started = time.time()
    promotions = make_promotions(env, regions, products.mapped('categ_id'), products, tag)
    order_lines = common.insert_sales(
        env, 'BENCHP', ORDERS, LINES_PER_ORDER, '%d-01-01' % YEAR, teams=regions.ids,
        users=[env.uid], customers=customers.ids, products=products, promotions=promotions)
    # a production database has statistics on its tables (autovacuum); bulk inserts need them too
    common.analyze(env.cr, 'sale_order', 'sale_order_line', 'product_product', 'product_template',
                   'product_category', 'sales_promotion', 'sales_promotion_line',
                   'sales_promotion_region_rel')
    env['sales.promotion'].invalidate_cache()
    print('\ngenerated %d sale order lines, %d promotions in %.1f s'
          % (order_lines, len(promotions), time.time() - started))
    return promotions


def make_promotions(env, regions, categories, products, tag):
    """200 official promotions: 1-4 weeks each through the year; one or two regions; two to
    four products, or a category; a tenth for tagged customers only."""
    Promotion = env['sales.promotion'].with_context(tracking_disable=True,
                                                    mail_create_nolog=True)
    promotions = Promotion.browse()
    for index in range(PROMOTIONS):
        start = (index * 53) % 330 + 1
        days = 7 * (1 + index % 4)
        if index % 5 == 0:
            lines = [(0, 0, {'categ_id': categories[index % CATEGORIES].id, 'discount': 10.0})]
        else:
            lines = [(0, 0, {'product_id': products[(index * 3 + k * 11) % PRODUCTS].id,
                             'discount': 5.0 + k}) for k in range(2 + index % 3)]
        promotions |= Promotion.create({
            'name': 'Bench Promotion %d' % index,
            'date_start': common.day(start, YEAR), 'date_end': common.day(start + days - 1, YEAR),
            'region_ids': [(6, 0, (regions[index % REGIONS] | regions[(index * 7) % REGIONS]).ids)],
            'customer_scope': 'tagged' if index % 10 == 3 else 'all',
            'partner_category_ids': [(6, 0, tag.ids if index % 10 == 3 else [])],
            'line_ids': lines,
            'cost_line_ids': [(0, 0, {'kind': 'other', 'amount_planned': 1000.0 + index,
                                      'amount_actual': 900.0 + index})],
        })
    promotions._workflow_write({'state': 'official'})
    return promotions


def module_way(promotions):
    return promotions.env['sales.promotion.measure'].figures(promotions)


def naive_way(promotions):
    """Per promotion: its products, then its period's, its baseline's and its attributed
    lines searched and summed (timed on a sample: the whole loop takes minutes)."""
    env = promotions.env
    SaleLine = env['sale.order.line']
    result = {}
    for promotion in promotions:
        products = promotion.line_ids.mapped('product_id')
        if promotion.line_ids.mapped('categ_id'):
            products |= env['product.product'].search(
                [('categ_id', 'child_of', promotion.line_ids.mapped('categ_id').ids)])
        start = odoo.fields.Date.from_string(promotion.date_start)
        end = odoo.fields.Date.from_string(promotion.date_end)
        baseline_start = start - (end - start) - odoo.tools.relativedelta(days=1)
        domain = [('order_id.state', 'in', ('sale', 'done')),
                  ('order_id.company_id', '=', promotion.company_id.id),
                  ('order_id.team_id', 'in', promotion.region_ids.ids),
                  ('product_id', 'in', products.ids)]
        if promotion.customer_scope == 'tagged':
            domain.append(('order_id.partner_id.commercial_partner_id.category_id', 'in',
                           promotion.partner_category_ids.ids))
        period = SaleLine.search(domain + [
            ('order_id.date_order', '>=', '%s 00:00:00' % start),
            ('order_id.date_order', '<=', '%s 23:59:59' % end)])
        baseline = SaleLine.search(domain + [
            ('order_id.date_order', '>=', '%s 00:00:00' % baseline_start),
            ('order_id.date_order', '<', '%s 00:00:00' % start)])
        attributed = SaleLine.search([('promotion_id', '=', promotion.id),
                                      ('order_id.state', 'in', ('sale', 'done'))])
        amount = sum(period.mapped('price_subtotal'))
        result[promotion.id] = {
            'amount': amount, 'baseline_amount': sum(baseline.mapped('price_subtotal')),
            'attributed_amount': sum(attributed.mapped('price_subtotal')),
            'cost_actual': promotion.cost_actual}
    return result


HAND_WRITTEN_SQL = """
    WITH promotion AS (
        SELECT id, customer_scope, date_start, date_end, cost_actual,
               date_start - (date_end - date_start + 1) AS baseline_start
          FROM sales_promotion WHERE id = ANY(%(ids)s)
    ), scope AS (
        SELECT promotion.id, promotion.customer_scope, promotion.date_start,
               promotion.baseline_start, promotion.date_end, region.region_id,
               COALESCE(line.product_id, pp.id) AS product_id
          FROM promotion
          JOIN sales_promotion_region_rel region ON region.promotion_id = promotion.id
          JOIN sales_promotion_line line ON line.promotion_id = promotion.id
          LEFT JOIN product_template pt ON pt.categ_id = line.categ_id
          LEFT JOIN product_product pp ON pp.product_tmpl_id = pt.id
    ), daily AS (
        SELECT so.team_id, sol.product_id, so.partner_id, so.date_order::date AS day,
               SUM(sol.price_subtotal) AS amount
          FROM sale_order_line sol JOIN sale_order so ON so.id = sol.order_id
         WHERE so.state IN ('sale', 'done')
           AND so.date_order >= (SELECT MIN(baseline_start) FROM promotion)
           AND so.date_order < (SELECT MAX(date_end) + 1 FROM promotion)
         GROUP BY 1, 2, 3, 4
    ), sales AS (
        SELECT scope.id,
               SUM(daily.amount) FILTER (WHERE daily.day >= scope.date_start) AS amount,
               SUM(daily.amount) FILTER (WHERE daily.day < scope.date_start) AS baseline
          FROM scope
          JOIN daily ON daily.team_id = scope.region_id AND daily.product_id = scope.product_id
         WHERE daily.day BETWEEN scope.baseline_start AND scope.date_end
           AND (scope.customer_scope = 'all' OR daily.partner_id IN (
                SELECT rel.partner_id FROM res_partner_res_partner_category_rel rel
                  JOIN sales_promotion_partner_category_rel tag ON tag.category_id = rel.category_id
                 WHERE tag.promotion_id = scope.id))
         GROUP BY scope.id
    ), attributed AS (
        SELECT sol.promotion_id AS id, SUM(sol.price_subtotal) AS amount
          FROM sale_order_line sol JOIN sale_order so ON so.id = sol.order_id
         WHERE sol.promotion_id = ANY(%(ids)s) AND so.state IN ('sale', 'done')
         GROUP BY 1
    )
    SELECT promotion.id, COALESCE(sales.amount, 0), COALESCE(sales.baseline, 0),
           COALESCE(attributed.amount, 0), promotion.cost_actual
      FROM promotion
      LEFT JOIN sales ON sales.id = promotion.id
      LEFT JOIN attributed ON attributed.id = promotion.id
"""


def sql_way(promotions):
    """What an expert would write for this data set: the order lines of the period summed per
    region, product, customer and day, joined to the promotions' products and regions. It can
    skip what the module must handle in general (currencies, units, time zones,
    sub-categories, tagged commercial entities): the bench's are one currency, one unit, UTC,
    flat categories, customers without contacts."""
    cr = promotions.env.cr
    if cr._cnx.server_version >= 110000:
        cr.execute("SET LOCAL jit = off")  # as the module does: compiling costs more than it saves
    cr.execute(HAND_WRITTEN_SQL, {'ids': promotions.ids})
    return {row[0]: {'amount': row[1], 'baseline_amount': row[2], 'attributed_amount': row[3],
                     'cost_actual': row[4]} for row in cr.fetchall()}


def bench_measure(promotions):
    env = promotions.env
    env['sales.promotion.measure'].figures(promotions[:5])  # warm-up
    module, module_result = common.measure(env, 'module', lambda: module_way(promotions),
                                           summary=min)
    sql, sql_result = common.measure(env, 'hand-written SQL', lambda: sql_way(promotions),
                                     summary=min)
    sample = promotions[::len(promotions) // NAIVE_SAMPLE]
    naive, naive_result = common.measure(env, 'naive loop (search + sum)',
                                         lambda: naive_way(sample), runs=1)
    naive = common.sampled(naive, len(sample), len(promotions), 'promotions')
    common.print_comparison('Uplift and cost of %d promotions over %d sale order lines:'
                            % (len(promotions), ORDERS * LINES_PER_ORDER), module, naive, sql,
                            naive_goal=20, sql_goal=1.5)
    common.print_differences(module_result, [('hand-written SQL', sql_result),
                                             ('naive loop', naive_result)])


def bench_attribution(env):
    """The promotions' attribution written at scale: 2,000 quotations (10,000 lines, of the
    year's orders) priced again, as a change of their date or region does
    (sale.order.line._apply_promotions: one pricing per order, the lines written grouped by
    discount and promotion), vs line by line on a sample; both rolled back."""
    cr = env.cr
    with common.rolled_back(env):
        cr.execute("""
            WITH quotation AS (
                UPDATE sale_order SET state = 'draft'
                 WHERE id IN (SELECT id FROM sale_order WHERE name LIKE 'BENCHP%%'
                                 AND state = 'sale' ORDER BY id LIMIT %s)
             RETURNING id)
            UPDATE sale_order_line SET state = 'draft'
             WHERE order_id IN (SELECT id FROM quotation) RETURNING id""", (QUOTATIONS,))
        lines = env['sale.order.line'].browse(sorted(row[0] for row in cr.fetchall()))
        sample = lines[:ATTRIBUTION_SAMPLE]

        def priced(records):
            return {line.id: (line.discount, line.promotion_id.id) for line in records}
        before = priced(lines)
        with common.rolled_back(env):
            naive, _result = common.measure(
                env, 'line by line (_apply_promotions each)',
                lambda: [line._apply_promotions() for line in sample], runs=1)
            naive_result = priced(sample)
        naive = common.sampled(naive, len(sample), len(lines), 'lines')
        module, _result = common.measure(env, 'module (_apply_promotions, batched)',
                                         lambda: lines._apply_promotions(), runs=1)
        module_result = priced(lines)
    changed = len([key for key, value in module_result.items() if value != before[key]])
    attributed = len([value for value in module_result.values() if value[1]])
    same = all(module_result[key] == value for key, value in naive_result.items())
    print('\nattributed again: %d quotation lines, %d of them changed, %d now with a promotion; '
          'on the sample, the same discounts and promotions -> %s'
          % (len(lines), changed, attributed, 'yes' if same else 'NO: THEY DIFFER'))
    common.print_writes("Attributing the promotions to %d quotations' lines (writes):"
                        % QUOTATIONS, len(lines), module, naive, goal_ms=3)
    return same


def pricing_values(regions, products, customers):
    """A 50-line quotation of the first region, dated in the active promotions' week."""
    return {
        'partner_id': customers[1].id, 'team_id': regions[0].id,
        'date_order': '%d-07-02 04:00:00' % (YEAR + 1),
        'order_line': [(0, 0, {'product_id': products[index % PRODUCTS].id,
                               'product_uom_qty': 1 + index % 5})
                       for index in range(QUOTATION_LINES)],
    }


def price_once(env, values):
    """(seconds, queries, promoted lines) of creating the quotation."""
    way, order = common.measure(env, 'pricing', lambda: env['sale.order'].create(values), runs=1)
    return way.seconds, way.queries, len(order.order_line.filtered('promotion_id'))


WITHOUT_PROMOTIONS = """
    UPDATE sale_order_line SET promotion_id = NULL WHERE promotion_id IS NOT NULL;
    DELETE FROM sales_promotion"""


def bench_pricing(env, values):
    """The best of RUNS + 2 creations of the quotation with the promotions of the database and
    without any, interleaved (the machine's load changes over time); every run is rolled back
    to a savepoint, the promotions deleted for the runs without any (the order lines they
    priced, such as the demo data's, detached first: a line's promotion cannot be deleted)."""
    cr = env.cr
    cr.execute("SAVEPOINT warm_up")
    price_once(env, values)
    cr.execute("ROLLBACK TO SAVEPOINT warm_up")
    with_promotions, without = [], []
    for _run in range(RUNS + 2):
        for measures, statement in ((with_promotions, None), (without, WITHOUT_PROMOTIONS)):
            cr.execute("SAVEPOINT pricing")
            if statement:
                cr.execute(statement)
            measures.append(price_once(env, values))
            cr.execute("ROLLBACK TO SAVEPOINT pricing")
            env['sale.order'].invalidate_cache()
    return min(with_promotions), min(without)


def make_priced_promotions(env, regions, products):
    """1,000 promotions: 20 official for the quotation's region and week, on its products (a
    product each, or a category); the others closed, cancelled, drafts, or of other weeks and
    regions."""
    Promotion = env['sales.promotion'].with_context(tracking_disable=True, mail_create_nolog=True)
    categories = products.mapped('categ_id')
    by_state = {}
    for index in range(PRICED_PROMOTIONS):
        active = index < ACTIVE_PROMOTIONS
        if active:
            start, end, region = '%d-07-01' % (YEAR + 1), '%d-07-07' % (YEAR + 1), regions[0]
        else:
            week = index % 50
            start, end = common.day(week * 7 + 1, YEAR + 1), common.day(week * 7 + 7, YEAR + 1)
            region = regions[index % len(regions)]
        if index % 10 == 0:
            lines = [(0, 0, {'categ_id': categories[index % len(categories)].id,
                             'discount': 5.0})]
        else:
            lines = [(0, 0, {'product_id': products[index % PRODUCTS].id,
                             'discount': 5.0 + index % 20})]
        promotion = Promotion.create({
            'name': 'Priced Promotion %d' % index, 'date_start': start, 'date_end': end,
            'region_ids': [(6, 0, region.ids)], 'line_ids': lines})
        state = 'official' if active else ('official', 'closed', 'cancel', 'draft')[index % 4]
        by_state[state] = by_state.get(state, promotion.browse()) | promotion
    for state, promotions in by_state.items():
        promotions._workflow_write({'state': state})
    common.analyze(env.cr, 'sales_promotion', 'sales_promotion_line', 'sales_promotion_region_rel')


def bench(env, _args):
    regions, products, customers, tag = generate_master_data(env)
    # the year of sales first: the pricing's savepoints (more than PostgreSQL's 64
    # subtransactions a transaction caches) made every later statement check its rows in
    # pg_subtrans, and the 200,000 lines' insert took 350 s instead of 15
    bench_measure(generate_sales(env, regions, products, customers, tag))
    same = bench_attribution(env)
    make_priced_promotions(env, regions, products)
    env.cr.execute("SELECT count(*) FROM sales_promotion")
    total = env.cr.fetchone()[0]
    priced, none = bench_pricing(env, pricing_values(regions, products, customers))
    print('\nPricing a %d-line quotation (sale.order.create):' % QUOTATION_LINES)
    print('  %-40s %8.3f s  (%d SQL queries, %d lines promoted, best of %d)'
          % ('no promotion in the database', none[0], none[1], none[2], RUNS + 2))
    print('  %-40s %8.3f s  (%d SQL queries, %d lines promoted, best of %d)'
          % ('%d promotions in the database, %d active' % (total, ACTIVE_PROMOTIONS),
             priced[0], priced[1], priced[2], RUNS + 2))
    print('  with / without: %.2fx (goal: at most 1.3x); queries: %d vs %d'
          % (priced[0] / none[0], priced[1], none[1]))
    return 0 if same else 1


if __name__ == '__main__':
    sys.exit(common.run(bench, __doc__, context={'tz': 'UTC', 'tracking_disable': True}))
