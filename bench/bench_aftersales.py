"""The defect rate and the cases per root cause of 2,000 products, three ways.

    python bench/bench_aftersales.py --config <odoo.conf> --database <db> [--products N]

(`make bench` runs it.) Generates (in one transaction, rolled back at the end) 2,000 storable
products, 200,000 done deliveries to customers (stock moves from the warehouse's stock to the
customers' location), 4,000 of them partly returned through Odoo's return mechanism (a return
move whose origin_returned_move_id is the delivery), a few hundred sent back into the factory's
faulty-goods location (a return location) and receipts from customers that are not returns,
moves of another company and moves not done, and 5,000 after-sales cases of one or two product
lines over 8 root causes (some cancelled, which do not count); then computes, for every product,
the delivered and returned quantities, the defect rate and the cases per root cause:

1. the module: ``sales.aftersales.measure.product_figures()`` (one query for the batch);
2. a naive per-product loop through the ORM: a search of the deliveries, one of the returns and
   one of the case lines of each product, summed in Python;
3. one hand-written SQL query over the same tables.

It prints the times, the ratios and the query counts, and checks that the three agree. Bulk data
is inserted with SQL (copying records created through the ORM), so that generating it takes
seconds.
"""
import sys
import time
from collections import Counter

import common

MOVES, CASES, ROOT_CAUSES = 200000, 5000, 8

# the naive loop over the 2,000 products takes minutes: timed on these, extrapolated
NAIVE_PRODUCTS = 200
RAW_SQL = """
WITH moves AS (
    SELECT m.product_id,
           SUM(m.product_qty) FILTER (WHERE dst.usage = 'customer') AS delivered,
           SUM(m.product_qty) FILTER (WHERE src.usage = 'customer') AS returned
      FROM stock_move m
      JOIN stock_location src ON src.id = m.location_id
      JOIN stock_location dst ON dst.id = m.location_dest_id
     WHERE m.state = 'done' AND m.company_id = %(company)s
       AND ((dst.usage = 'customer' AND src.usage <> 'customer')
            OR (src.usage = 'customer' AND dst.usage <> 'customer'
                AND (m.origin_returned_move_id IS NOT NULL OR dst.return_location)))
     GROUP BY m.product_id
), cases AS (
    SELECT product_id, root_cause_id, COUNT(*) AS n
      FROM (SELECT DISTINCT l.product_id, c.id, c.root_cause_id
              FROM sales_aftersales_case_line l
              JOIN sales_aftersales_case c ON c.id = l.case_id
             WHERE c.state <> 'cancel' AND c.company_id = %(company)s) x
     GROUP BY 1, 2
)
SELECT p.id, COALESCE(moves.delivered, 0), COALESCE(moves.returned, 0),
       cases.root_cause_id, cases.n
  FROM product_product p
  LEFT JOIN moves ON moves.product_id = p.id
  LEFT JOIN cases ON cases.product_id = p.id
 WHERE p.id = ANY(%(products)s)
"""


def generate(env, product_count):
    cr = env.cr
    started = time.time()
    company = env.user.company_id
    other_company = env['res.company'].create({'name': 'Bench Other Company'})
    product_ids = common.clone_products(env, product_count)
    seed = env['product.product'].browse(product_ids[0])
    unit = seed.uom_id

    warehouse = env['stock.warehouse'].search([('company_id', '=', company.id)], limit=1)
    customer = env.ref('stock.stock_location_customers')
    faulty = env['stock.location'].create({
        'name': 'Bench Faulty Goods', 'usage': 'internal', 'return_location': True,
        'location_id': warehouse.view_location_id.id})
    seed_move = env['stock.move'].create({
        'name': 'bench delivery', 'product_id': seed.id, 'product_uom_qty': 1,
        'product_uom': unit.id, 'location_id': warehouse.lot_stock_id.id,
        'location_dest_id': customer.id})
    products = 'ARRAY[%s]' % ','.join(map(str, product_ids))
    count = len(product_ids)
    # deliveries: done, 1 to 10 units, spread over the products; 1% not done, 1% of another company
    delivery_ids = common.clone(cr, 'stock_move', seed_move.id, MOVES, {
        'product_id': '({})[1 + (n * 7919) %% {}]'.format(products, count),
        'product_uom_qty': '1 + n %% 10', 'product_qty': '1 + n %% 10',
        'state': "CASE WHEN n %% 100 = 0 THEN 'assigned' ELSE 'done' END",
        'company_id': 'CASE WHEN n %% 100 = 1 THEN {} ELSE {} END'.format(other_company.id, company.id),
        'date': "now() - (n %% 365) * interval '1 day'"})
    # returns of 2% of the deliveries (one unit each), back into stock through Odoo's mechanism
    cr.execute("""
        INSERT INTO stock_move (name, product_id, product_uom_qty, product_qty, product_uom,
                                location_id, location_dest_id, state, company_id, date,
                                date_expected, procure_method, origin_returned_move_id,
                                scrapped, propagate, additional, create_uid, create_date,
                                write_uid, write_date)
        SELECT 'bench return', m.product_id, 1, 1, m.product_uom, m.location_dest_id,
               m.location_id, 'done', m.company_id, m.date, m.date, 'make_to_stock', m.id,
               false, true, false, 1, now(), 1, now()
          FROM stock_move m WHERE m.id = ANY(%s) AND m.id %% 50 = 0""", (delivery_ids,))
    # into the faulty-goods location without a return move, and receipts that are not returns
    for location, step in ((faulty.id, 211), (warehouse.lot_stock_id.id, 307)):
        cr.execute("""
            INSERT INTO stock_move (name, product_id, product_uom_qty, product_qty, product_uom,
                                    location_id, location_dest_id, state, company_id, date,
                                    date_expected, procure_method, scrapped, propagate,
                                    additional, create_uid, create_date, write_uid, write_date)
            SELECT 'bench receipt', m.product_id, 2, 2, m.product_uom, %s, %s, 'done',
                   m.company_id, m.date, m.date, 'make_to_stock', false, true, false, 1, now(), 1,
                   now()
              FROM stock_move m WHERE m.id = ANY(%s) AND m.id %% %s = 0""",
                   (customer.id, location, delivery_ids, step))

    # cases: on one delivered order (a case is filed on goods the customer received) of one
    # partner, 8 root causes, one or two product lines each
    partner = common.create_customers(env, 1)
    region = common.create_regions(env, 1, 'BAS')
    order, _delivery = common.delivered_order(
        env, {'partner_id': partner.id, 'team_id': region.id}, seed, 2, warehouse)
    causes = env['sales.aftersales.root.cause'].browse()
    for number in range(ROOT_CAUSES):
        causes |= causes.create({'name': 'Bench cause %d' % number})
    seed_case = env['sales.aftersales.case']._workflow_create({
        'partner_id': partner.id, 'sale_order_id': order.id, 'region_id': region.id,
        'description': 'bench', 'line_ids': [(0, 0, {'product_id': seed.id, 'quantity': 1})]})
    case_ids = common.clone(cr, 'sales_aftersales_case', seed_case.id, CASES - 1, {
        'name': "'BENCH/' || n",
        'root_cause_id': 'CASE WHEN n %% 9 = 0 THEN NULL ELSE (ARRAY[{}])[1 + n %% {}] END'.format(
            ','.join(map(str, causes.ids)), ROOT_CAUSES),
        'state': "CASE WHEN n %% 25 = 0 THEN 'cancel' ELSE 'reported' END",
        'date_intake': "now() - (n %% 365) * interval '1 day'"})
    cr.execute("""
        INSERT INTO sales_aftersales_case_line (case_id, product_id, quantity, company_id,
                                                create_uid, create_date, write_uid, write_date)
        SELECT c.id, (%(products)s::int[])[1 + ((c.id + k)::bigint * 104729) %% %(count)s], k, %(company)s,
               1, now(), 1, now()
          FROM unnest(%(cases)s::int[]) AS c(id), generate_series(1, 1 + (c.id %% 2)) AS k""",
               {'products': product_ids, 'count': count, 'company': company.id, 'cases': case_ids})
    common.analyze(cr, 'stock_move', 'stock_location', 'product_product', 'sales_aftersales_case',
                   'sales_aftersales_case_line')
    env["product.product"].invalidate_cache()  # the whole cache: the SQL inserts bypassed it
    cr.execute("SELECT count(*) FROM stock_move WHERE name = 'bench delivery'")
    deliveries = cr.fetchone()[0]
    cr.execute("SELECT count(*) FROM stock_move WHERE name IN ('bench return', 'bench receipt')")
    returns = cr.fetchone()[0]
    cr.execute("SELECT count(*) FROM sales_aftersales_case_line WHERE company_id = %s", (company.id,))
    lines = cr.fetchone()[0]
    print('generated %d products, %d deliveries, %d moves back from customers, %d cases '
          '(%d lines) in %.1f s'
          % (count, deliveries, returns, len(case_ids) + 1, lines, time.time() - started))
    return env['product.product'].browse(product_ids), company


def module_way(env, products, company):
    figures = env['sales.aftersales.measure'].product_figures(products.ids, company_id=company.id)
    return {key: (value.delivered, value.returned, dict(value.cases_by_root_cause))
            for key, value in figures.items()}


def naive_way(env, products, company):
    Move, Line = env['stock.move'], env['sales.aftersales.case.line']
    result = {}
    for product in products:
        delivered = sum(Move.search([
            ('product_id', '=', product.id), ('state', '=', 'done'),
            ('company_id', '=', company.id), ('location_dest_id.usage', '=', 'customer'),
            ('location_id.usage', '!=', 'customer')]).mapped('product_qty'))
        returned = sum(Move.search([
            ('product_id', '=', product.id), ('state', '=', 'done'),
            ('company_id', '=', company.id), ('location_id.usage', '=', 'customer'),
            ('location_dest_id.usage', '!=', 'customer'),
            '|', ('origin_returned_move_id', '!=', False),
            ('location_dest_id.return_location', '=', True)]).mapped('product_qty'))
        cases = Line.search([('product_id', '=', product.id), ('case_id.state', '!=', 'cancel'),
                             ('case_id.company_id', '=', company.id)]).mapped('case_id')
        result[product.id] = (delivered, returned,
                              dict(Counter(case.root_cause_id.id for case in cases)))
    return result


def sql_way(env, products, company):
    env.cr.execute(RAW_SQL, {'company': company.id, 'products': products.ids})
    result = {}
    for product_id, delivered, returned, cause, count in env.cr.fetchall():
        figures = result.setdefault(product_id, (float(delivered), float(returned), {}))
        if count:
            figures[2][cause or False] = count
    return result


def bench(env, args):
    products, company = generate(env, args.products)
    module_way(env, products[:5], company)  # warm-up
    module, module_result = common.measure(env, 'module (product_figures)',
                                           lambda: module_way(env, products, company))
    sql, sql_result = common.measure(env, 'hand-written SQL query',
                                     lambda: sql_way(env, products, company))
    naive_products = products[:args.naive_products] if args.naive_products else products
    naive, naive_result = common.measure(env, 'naive per-product ORM loop',
                                         lambda: naive_way(env, naive_products, company), runs=1)
    naive = common.sampled(naive, len(naive_products), len(products), 'products')
    agree = module_result == sql_result and all(
        naive_result[key] == module_result[key] for key in naive_products.ids)
    print('defect rate and cases per root cause of %d products: %s'
          % (len(products), 'the three agree' if agree else 'RESULTS DIFFER'))
    common.print_comparison('After-sales figures:', module, naive, sql, naive_goal=20,
                            sql_goal=1.5)
    return 0 if agree else 1


if __name__ == '__main__':
    sys.exit(common.run(bench, __doc__, context={'tz': 'UTC'},
                        options=[('--products', {'type': int, 'default': 2000}),
                                 common.naive_option(NAIVE_PRODUCTS)]))
