"""The stock check scan, three ways, on 5,000 storable products x 4 regional warehouses.

    python bench/bench_stock_check.py --config <odoo.conf> --database <db> [--products N]
        [--naive-products N] [--orm-lines N]

Generates (in one transaction, rolled back at the end) four regions with their warehouses,
storable products, a reordering rule (safety level) per product and warehouse, stock (quants),
pending incoming and outgoing moves, open demand and a few open transfer requests; then finds
the products below their safety level in the four warehouses:

1. the module: sales.stock.check.get_shortages() (one batched query);
2. a naive per-product loop through the ORM: qty_available / virtual_available with the
   warehouse in the context, a search for the reordering rules, the demand and the open
   requests of every product (on the first 200 products, its time extrapolated);
3. one hand-written SQL query over the same tables.

It prints the times, the ratios and the query counts, and checks that the three agree. Then
it proposes the draft requests for every shortage (~10,000 lines): the module's bulk write,
and the way it wrote them before (create() with one2many commands) on 400 of the lines,
rolled back, extrapolated; it checks that both write the same lines and prints ms a line. Bulk
data is inserted with SQL (copying a record created through the ORM), so that generating it
takes seconds.
"""
import sys
import time

from odoo import SUPERUSER_ID

import common

WAREHOUSES = 4
NAIVE_PRODUCTS = 200  # the naive loop over the 5,000 products takes minutes: extrapolated

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


def generate(env, product_count):
    cr = env.cr
    started = time.time()
    company = env.user.company_id
    regions = common.create_regions(env, WAREHOUSES, 'BR', warehouses=True)
    warehouses = regions.mapped('warehouse_id')
    head_office = env['stock.warehouse']._sales_head_office_warehouse(company)

    product_ids = common.clone_products(env, product_count)
    products = env['product.product'].browse(product_ids)
    seed, unit = products[0], products[0].uom_id

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
    common.clone(cr, 'stock_move', seed_move.id, count, {
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
    common.clone(cr, 'sales_demand', seed_demand.id, demand_count, {
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
    common.analyze(cr, 'product_template', 'product_product', 'stock_warehouse_orderpoint',
                   'stock_quant', 'stock_move', 'sales_demand', 'stock_location')
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


def orm_proposal(env, proposals):
    """The proposal the way the module wrote it before its bulk write (15 ms a line then):
    create() with one2many commands, then the demand taken line by line."""
    Request = env['stock.transfer.request']
    requests = Request.browse()
    for region, region_figures in proposals.items():
        request = Request.create({
            'region_id': region.id, 'company_id': region.company_id.id, 'user_id': env.uid,
            'source_warehouse_id': Request._default_source_warehouse().id,
            'line_ids': [(0, 0, {'product_id': figures.product_id, 'product_qty': figures.shortage})
                         for figures in region_figures]})
        request._workflow_write({'origin_type': 'stock_check'})
        demand = env['sales.demand'].sudo().search([
            ('state', '=', 'open'), ('region_id.warehouse_id', '=', request.warehouse_id.id),
            ('product_id', 'in', request.line_ids.mapped('product_id').ids)])
        for line in request.line_ids:
            demand.filtered(lambda item, line=line: item.product_id == line.product_id)._set_state(
                'requested', line)
        requests |= request
    return requests


def proposed_lines(requests):
    """{(region, product): (quantity, value, figures..., demand ids)} of the requests' lines."""
    return {(line.region_id.id, line.product_id.id): (
        line.product_qty, line.value, line.on_hand_qty, line.forecast_qty, line.demand_qty,
        line.safety_qty, line.shortage_qty, tuple(sorted(line.demand_ids.ids)))
        for line in requests.mapped('line_ids')}


def bench_proposal(env, regions, orm_lines):
    """The draft requests for every shortage: the module's bulk write of all the lines, and
    create() with one2many commands on a sample (the first lines of each region), rolled
    back, its time extrapolated. Returns whether they wrote the same lines."""
    Request = env['stock.transfer.request']
    shortages = env['sales.stock.check'].get_shortages(regions.mapped('warehouse_id'))
    region_of = {region.warehouse_id.id: region for region in regions}
    proposals = {}
    for figures in shortages:
        proposals.setdefault(region_of[figures.warehouse_id], []).append(figures)
    total = len(shortages)
    per_region = max(orm_lines // len(proposals), 1)
    sample = {region: region_figures[:per_region] for region, region_figures in proposals.items()}
    sample_lines = sum(len(region_figures) for region_figures in sample.values())
    with common.rolled_back(env):
        orm, orm_requests = common.measure(
            env, "ORM create() with one2many commands", lambda: orm_proposal(env, sample), runs=1)
        orm_result = proposed_lines(orm_requests)
    orm = common.sampled(orm, sample_lines, total, 'lines')
    module, requests = common.measure(env, 'module (_propose_from_stock_check)',
                                      lambda: Request._propose_from_stock_check(regions), runs=1)
    module_result = proposed_lines(requests)
    same = len(module_result) == total and all(
        module_result.get(key) == value for key, value in orm_result.items())
    print('\nproposed: %d requests, %d lines (%d of them with the demand they cover); on the '
          'sample, the same lines, quantities, values, figures and demand -> %s'
          % (len(requests), len(module_result),
             len([key for key, value in module_result.items() if value[-1]]),
             'yes' if same else 'NO: THEY DIFFER'))
    common.print_writes('Proposing the draft requests (writes):', total, module, orm, goal_ms=3)
    return same


def bench(env, args):
    cr = env.cr
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

    module, module_result = common.measure(env, 'module (get_shortages)',
                                           lambda: module_scan(env, warehouses))
    sql, sql_result = common.measure(env, 'hand-written SQL query',
                                     lambda: sql_scan(env, warehouses))
    naive_products = products[:args.naive_products] if args.naive_products else products
    naive, naive_result = common.measure(env, 'naive per-product ORM loop',
                                         lambda: naive_scan(env, warehouses, naive_products), runs=1)
    naive = common.sampled(naive, len(naive_products), len(products), 'products')
    if naive_products != products:
        # compare like with like: the other two restricted to the loop's products
        module_result = {key: value for key, value in module_result.items()
                         if key[0] in naive_products.ids}
        sql_result = {key: value for key, value in sql_result.items()
                      if key[0] in naive_products.ids}

    agree = module_result == naive_result == sql_result
    print('products below their safety level: module %d, naive loop %d, raw SQL %d -> %s'
          % (len(module_result), len(naive_result), len(sql_result),
             'the three agree' if agree else 'RESULTS DIFFER'))
    common.print_comparison('Stock check scan:', module, naive, sql, naive_goal=10, sql_goal=3)

    proposed = bench_proposal(env, regions, args.orm_lines)
    return 0 if agree and proposed else 1


if __name__ == '__main__':
    sys.exit(common.run(bench, __doc__, context={'tracking_disable': True,
                                                 'mail_create_nolog': True,
                                                 'mail_create_nosubscribe': True},
                        options=[('--products', {'type': int, 'default': 5000}),
                                 common.naive_option(NAIVE_PRODUCTS),
                                 ('--orm-lines', {'type': int, 'default': 400,
                                                  'help': "lines proposed the ORM's way, its "
                                                          "time extrapolated to all"})]))
