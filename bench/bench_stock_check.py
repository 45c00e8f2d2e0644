"""The stock check scan, three ways, on 5,000 storable products x 4 regional warehouses.

    python bench/bench_stock_check.py --config <odoo.conf> --database <db> [--products N]

Generates (in one transaction, rolled back at the end) four regions with their warehouses,
storable products, a reordering rule (safety level) per product and warehouse, stock (quants),
pending incoming and outgoing moves, open demand and a few open transfer requests; then finds
the products below their safety level in the four warehouses:

1. the module: sales.stock.check.get_shortages() (one batched query);
2. a naive per-product loop through the ORM: qty_available / virtual_available with the
   warehouse in the context, a search for the reordering rules, the demand and the open
   requests of every product;
3. one hand-written SQL query over the same tables.

It prints the times, the ratios and the query counts, and checks that the three agree. Bulk
data is inserted with SQL (copying a record created through the ORM), so that generating it
takes seconds.
"""
import argparse
import statistics
import sys
import time

import odoo
from odoo import SUPERUSER_ID, api

WAREHOUSES = 4
RUNS = 3

RAW_SQL = """
WITH loc AS (
    SELECT w.id AS wh, l.id AS loc
      FROM stock_warehouse w
      JOIN stock_location v ON v.id = w.view_location_id
      JOIN stock_location l ON l.parent_left >= v.parent_left AND l.parent_left < v.parent_right
     WHERE w.id = ANY(%(wh)s)
), quant AS (
    SELECT q.product_id, loc.wh, SUM(q.quantity) AS qty
      FROM stock_quant q JOIN loc ON loc.loc = q.location_id
     GROUP BY 1, 2
), move_in AS (
    SELECT m.product_id, d.wh, SUM(m.product_qty) AS qty
      FROM stock_move m
      JOIN loc d ON d.loc = m.location_dest_id
      LEFT JOIN loc s ON s.loc = m.location_id AND s.wh = d.wh
     WHERE m.state IN ('waiting', 'confirmed', 'partially_available', 'assigned') AND s.loc IS NULL
     GROUP BY 1, 2
), move_out AS (
    SELECT m.product_id, s.wh, SUM(m.product_qty) AS qty
      FROM stock_move m
      JOIN loc s ON s.loc = m.location_id
      LEFT JOIN loc d ON d.loc = m.location_dest_id AND d.wh = s.wh
     WHERE m.state IN ('waiting', 'confirmed', 'partially_available', 'assigned') AND d.loc IS NULL
     GROUP BY 1, 2
), rule AS (
    SELECT o.product_id, o.warehouse_id AS wh, SUM(o.product_min_qty) AS qty
      FROM stock_warehouse_orderpoint o
      JOIN product_product p ON p.id = o.product_id AND p.active
      JOIN product_template t ON t.id = p.product_tmpl_id AND t.type = 'product'
     WHERE o.active AND o.warehouse_id = ANY(%(wh)s)
     GROUP BY 1, 2
), demand AS (
    SELECT d.product_id, r.warehouse_id AS wh, SUM(d.product_qty) AS qty
      FROM sales_demand d JOIN crm_team r ON r.id = d.region_id
     WHERE d.state IN ('open', 'requested')
     GROUP BY 1, 2
), result AS (
    SELECT rule.product_id, rule.wh,
           rule.qty + COALESCE(demand.qty, 0)
           - (COALESCE(quant.qty, 0) + COALESCE(move_in.qty, 0) - COALESCE(move_out.qty, 0))
             AS shortage
      FROM rule
      LEFT JOIN quant ON quant.product_id = rule.product_id AND quant.wh = rule.wh
      LEFT JOIN move_in ON move_in.product_id = rule.product_id AND move_in.wh = rule.wh
      LEFT JOIN move_out ON move_out.product_id = rule.product_id AND move_out.wh = rule.wh
      LEFT JOIN demand ON demand.product_id = rule.product_id AND demand.wh = rule.wh
)
SELECT product_id, wh, shortage FROM result
 WHERE shortage > 0
   AND NOT EXISTS (SELECT 1 FROM stock_transfer_request_line l
                     JOIN stock_transfer_request r ON r.id = l.request_id
                    WHERE r.state NOT IN ('done', 'cancel')
                      AND l.product_id = result.product_id AND r.warehouse_id = result.wh)
"""


def columns(cr, table):
    cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s "
               "AND column_name <> 'id' ORDER BY ordinal_position", (table,))
    return [row[0] for row in cr.fetchall()]


def clone(cr, table, seed_id, count, overrides):
    """Insert `count` copies of row `seed_id` of `table`; overrides: {column: SQL expression
    of n (1..count)}. Returns the new ids in the order of n."""
    names = columns(cr, table)
    select = ', '.join(overrides.get(name, 't.%s' % name) for name in names)
    cr.execute('INSERT INTO %s (%s) SELECT %s FROM %s t, generate_series(1, %%s) AS n '
               'WHERE t.id = %%s ORDER BY n RETURNING id' % (
                   table, ', '.join(names), select, table), (count, seed_id))
    return [row[0] for row in cr.fetchall()]


def generate(env, product_count):
    cr = env.cr
    started = time.time()
    company = env.user.company_id
    warehouses = env['stock.warehouse']
    regions = env['crm.team']
    for number in range(1, WAREHOUSES + 1):
        warehouse = env['stock.warehouse'].create({'name': 'Bench Region %d Warehouse' % number,
                                                   'code': 'BW%d' % number, 'company_id': company.id})
        warehouses |= warehouse
        regions |= env['crm.team'].create({
            'name': 'Bench Region %d' % number, 'region_code': 'BR%d' % number,
            'warehouse_id': warehouse.id, 'company_id': company.id})
    head_office = env['stock.warehouse']._sales_head_office_warehouse(company)

    # products: copies of one made through the ORM
    unit = env.ref('product.product_uom_unit')
    seed = env['product.product'].create({'name': 'Bench product', 'type': 'product',
                                          'uom_id': unit.id, 'uom_po_id': unit.id})
    template_ids = clone(cr, 'product_template', seed.product_tmpl_id.id, product_count - 1,
                         {'name': "'Bench product ' || n"})
    product_ids = clone(cr, 'product_product', seed.id, product_count - 1, {
        'product_tmpl_id': '(ARRAY[%s])[n]' % ','.join(map(str, template_ids)),
        'default_code': "'BENCH-' || n", 'barcode': 'NULL'})
    product_ids = [seed.id] + product_ids
    products = env['product.product'].browse(product_ids)

    # per product and warehouse: a safety level, stock, pending moves, some demand
    supplier = env.ref('stock.stock_location_suppliers')
    customer = env.ref('stock.stock_location_customers')
    wh_ids = warehouses.ids
    stock_ids = [warehouse.lot_stock_id.id for warehouse in warehouses]
    pairs = 'FROM unnest(%(products)s::int[]) WITH ORDINALITY AS p(id, k), ' \
            'unnest(%(wh)s::int[], %(stock)s::int[]) WITH ORDINALITY AS w(id, stock, j)'
    params = {'products': product_ids, 'wh': wh_ids, 'stock': stock_ids, 'company': company.id,
              'uid': SUPERUSER_ID}
    cr.execute("""
        INSERT INTO stock_warehouse_orderpoint
               (name, active, warehouse_id, location_id, product_id, product_min_qty,
                product_max_qty, qty_multiple, company_id, lead_days, lead_type, create_uid,
                create_date, write_uid, write_date)
        SELECT 'BENCH-OP-' || p.k || '-' || w.j, true, w.id, w.stock, p.id, 20 + (p.k %% 5) * 5,
               80, 1, %(company)s, 1, 'supplier', %(uid)s, now(), %(uid)s, now()
        """ + pairs, params)
    cr.execute("""
        INSERT INTO stock_quant (product_id, company_id, location_id, quantity, reserved_quantity,
                                 in_date, create_uid, create_date, write_uid, write_date)
        SELECT p.id, %(company)s, w.stock, (p.k * 7 + w.j * 13) %% 60, 0, now(),
               %(uid)s, now(), %(uid)s, now()
        """ + pairs, params)
    seed_move = env['stock.move'].create({
        'name': 'Bench move', 'product_id': seed.id, 'product_uom_qty': 1, 'product_uom': unit.id,
        'location_id': supplier.id, 'location_dest_id': warehouses[0].lot_stock_id.id})
    seed_move._action_confirm()
    move_pairs = [(product_id, stock_ids[(index + turn) % WAREHOUSES])
                  for index, product_id in enumerate(product_ids) for turn in range(2)]
    count = len(move_pairs)
    product_array = 'ARRAY[%s]' % ','.join(str(product) for product, _s in move_pairs)
    stock_array = 'ARRAY[%s]' % ','.join(str(stock) for _p, stock in move_pairs)
    # incoming from the supplier, outgoing to the customer, alternately
    clone(cr, 'stock_move', seed_move.id, count, {
        'product_id': '(%s)[n]' % product_array,
        'product_uom_qty': '(mod(n, 4) + 1) * 3', 'product_qty': '(mod(n, 4) + 1) * 3',
        'location_id': 'CASE WHEN mod(n, 2) = 0 THEN %d ELSE (%s)[n] END'
                       % (supplier.id, stock_array),
        'location_dest_id': 'CASE WHEN mod(n, 2) = 0 THEN (%s)[n] ELSE %d END'
                            % (stock_array, customer.id),
    })
    seed_demand = env['sales.demand'].create({'product_id': seed.id, 'product_qty': 5,
                                              'region_id': regions[0].id})
    demand_count = product_count // 2
    clone(cr, 'sales_demand', seed_demand.id, demand_count, {
        'product_id': '(ARRAY[%s])[n]' % ','.join(map(str, product_ids[:demand_count])),
        'region_id': '(ARRAY[%s])[mod(n, %d) + 1]' % (','.join(map(str, regions.ids)), WAREHOUSES),
        'product_qty': '(mod(n, 3) + 1) * 4'})
    # a few open requests: their products are not proposed again
    for region in regions:
        env['stock.transfer.request'].create({
            'region_id': region.id, 'source_warehouse_id': head_office.id,
            'line_ids': [(0, 0, {'product_id': product.id, 'product_qty': 10})
                         for product in products[:25]]})
    env['res.partner'].invalidate_cache()  # the whole cache: the rows were inserted in SQL
    for table in ('product_template', 'product_product', 'stock_warehouse_orderpoint',
                  'stock_quant', 'stock_move', 'sales_demand', 'stock_location'):
        cr.execute('ANALYZE %s' % table)
    return warehouses, regions, products, time.time() - started


def module_scan(env, warehouses):
    return {(f.product_id, f.warehouse_id): f.shortage
            for f in env['sales.stock.check'].get_shortages(warehouses)}


def naive_scan(env, warehouses, products):
    """What one would write without the batched computation: one product at a time."""
    Product = env['product.product']
    Orderpoint = env['stock.warehouse.orderpoint']
    Demand = env['sales.demand']
    Line = env['stock.transfer.request.line']
    result = {}
    for warehouse in warehouses:
        for product_id in products.ids:
            rules = Orderpoint.search([('product_id', '=', product_id),
                                       ('warehouse_id', '=', warehouse.id)])
            if not rules:
                continue
            product = Product.browse(product_id).with_context(warehouse=warehouse.id)
            forecast = product.read(['qty_available', 'virtual_available'])[0]['virtual_available']
            safety = sum(rules.mapped('product_min_qty'))
            demand = sum(Demand.search([
                ('product_id', '=', product_id), ('state', 'in', ('open', 'requested')),
                ('region_id.warehouse_id', '=', warehouse.id)]).mapped('product_qty'))
            shortage = safety + demand - forecast
            if shortage > 0 and not Line.search_count([
                    ('product_id', '=', product_id), ('request_id.warehouse_id', '=', warehouse.id),
                    ('request_id.state', 'not in', ('done', 'cancel'))]):
                result[product_id, warehouse.id] = round(shortage, 3)
    return result


def sql_scan(env, warehouses):
    env.cr.execute(RAW_SQL, {'wh': warehouses.ids})
    return {(product_id, warehouse_id): round(float(shortage), 3)
            for product_id, warehouse_id, shortage in env.cr.fetchall()}


def measure(env, function, runs=RUNS):
    times, result, queries = [], None, 0
    for _run in range(runs):
        env['res.partner'].invalidate_cache()  # the whole cache, as a fresh request would
        before = env.cr.sql_log_count
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
        queries = env.cr.sql_log_count - before
    return statistics.median(times), result, queries


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--config', required=True)
    parser.add_argument('--database', required=True)
    parser.add_argument('--products', type=int, default=5000)
    parser.add_argument('--naive-products', type=int, default=0,
                        help="run the naive loop on the first N products only (quick runs); "
                             "default: all, as the figures printed by make bench")
    args = parser.parse_args(argv)
    odoo.tools.config.parse_config(['-c', args.config, '-d', args.database])
    registry = odoo.registry(args.database)
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {'tracking_disable': True,
                                                 'mail_create_nolog': True,
                                                 'mail_create_nosubscribe': True})
        try:
            warehouses, regions, products, generation = generate(env, args.products)
            cr.execute('SELECT count(*) FROM stock_warehouse_orderpoint '
                       'WHERE warehouse_id = ANY(%s)', (warehouses.ids,))
            rules = cr.fetchone()[0]
            cr.execute('SELECT count(*) FROM stock_quant WHERE product_id = ANY(%s)',
                       (products.ids,))
            quants = cr.fetchone()[0]
            cr.execute("SELECT count(*) FROM stock_move WHERE product_id = ANY(%s) "
                       "AND state NOT IN ('draft', 'done', 'cancel')", (products.ids,))
            moves = cr.fetchone()[0]
            print('data: %d storable products x %d regional warehouses; %d reordering rules, '
                  '%d quants, %d pending moves, %d open demand lines (generated in %.1f s)'
                  % (len(products), len(warehouses), rules, quants, moves, len(products) // 2 + 1,
                     generation), flush=True)

            module_time, module_result, module_queries = measure(
                env, lambda: module_scan(env, warehouses))
            sql_time, sql_result, _queries = measure(env, lambda: sql_scan(env, warehouses))
            naive_products = products[:args.naive_products] if args.naive_products else products
            naive_time, naive_result, naive_queries = measure(
                env, lambda: naive_scan(env, warehouses, naive_products), runs=1)
            if naive_products != products:
                # compare like with like: the other two restricted to the same products, and the
                # loop's time scaled to all of them (it is linear: one product at a time)
                scale = len(products) / float(len(naive_products))
                print('naive loop run on %d products; its time and queries scaled by %.1f'
                      % (len(naive_products), scale))
                naive_time, naive_queries = naive_time * scale, int(naive_queries * scale)
                module_result = {key: value for key, value in module_result.items()
                                 if key[0] in naive_products.ids}
                sql_result = {key: value for key, value in sql_result.items()
                              if key[0] in naive_products.ids}

            agree = module_result == naive_result == sql_result
            print('products below their safety level: module %d, naive loop %d, raw SQL %d -> %s'
                  % (len(module_result), len(naive_result), len(sql_result),
                     'the three agree' if agree else 'RESULTS DIFFER'))
            print('%-34s %10s %10s' % ('stock check scan', 'time', 'queries'))
            print('%-34s %9.3fs %10d' % ('module (get_shortages)', module_time, module_queries))
            print('%-34s %9.3fs %10d' % ('naive per-product ORM loop', naive_time, naive_queries))
            print('%-34s %9.3fs %10d' % ('hand-written SQL query', sql_time, 1))
            print('naive loop / module: %.1fx faster (goal: at least 10x)'
                  % (naive_time / module_time))
            print('module / raw SQL:    %.2fx (goal: within 3x)' % (module_time / sql_time))

            Request = env['stock.transfer.request']
            started = time.perf_counter()
            requests = Request._propose_from_stock_check(regions)
            print('then proposing the draft requests (ORM writes): %d requests, %d lines in %.2fs'
                  % (len(requests), len(requests.mapped('line_ids')),
                     time.perf_counter() - started))
            status = 0 if agree else 1
        finally:
            cr.rollback()
    return status


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
