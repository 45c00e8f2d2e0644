"""What the benchmarks share: starting Odoo on the bench database, the records they generate,
and how they time and print the three ways they compare (the module, a naive ORM loop, a
hand-written SQL query).

A benchmark is a script ``bench/bench_<topic>.py`` (``make bench`` runs every one of them; this
module's name does not start with ``bench_``, so it is not run) written as::

    import common

    def bench(env, args):
        ...  # generate with the builders below, measure, print
        return 0 if agree else 1  # the script's exit status

    if __name__ == '__main__':
        sys.exit(common.run(bench, __doc__, context={'tz': 'UTC'},
                            options=[('--products', {'type': int, 'default': 2000})]))

Running
    ``run(bench, doc, argv=None, options=(), context=None)``: parses ``--config``,
    ``--database`` and ``options`` (``(flag, argparse keywords)`` pairs) from ``argv`` (default
    ``sys.argv[1:]``), ignoring arguments it does not know (``make bench ARGS=...`` passes the
    same ones to every script); starts Odoo on the database, logging warnings and errors only;
    calls ``bench(env, args)`` as the superuser with ``context``, in one transaction that is
    rolled back whatever happens; returns what ``bench`` returns.
    ``naive_option(default)``: the ``--naive-products N`` option (run the naive loop on N
    products and scale its figures, see ``sampled``; 0: all products).

Records (in the bench's transaction, as the superuser)
    ``create_regions(env, count, code, warehouses=False)``: regions "Bench Region 1..count",
    codes ``<code>1..``, each with a warehouse of its own if asked.
    ``create_categories(env, count)``, ``create_products(env, count, categories)``: flat product
    categories; consumable products, the n-th (from 0) priced 10 + n, spread over the categories.
    ``create_customers(env, count, tag=None, tag_every=10)``: customers, one in ``tag_every``
    tagged with ``tag`` (a ``res.partner.category``) if given.
    ``insert_sales(env, prefix, orders, lines_per_order, start, teams, users, customers,
    products, promotions=None)``: a year of sale orders from ``start`` and their lines, inserted
    with SQL (2% cancelled, 1% quotations, the others confirmed); returns the number of lines.
    ``clone(cr, table, seed_id, count, overrides)``: ``count`` SQL copies of one row.
    ``clone_products(env, count)``: ``count`` storable products (one made through the ORM, the
    others its SQL copies); returns their ids.
    ``analyze(cr, *tables)``: table statistics after bulk inserts, as autovacuum keeps them.
    ``day(number, year)``: the ``number``-th day of ``year`` as a date string.

Timing and printing
    ``Way(label, seconds, queries, note)``: the figures of one way.
    ``measure(env, label, function, runs=RUNS, summary=statistics.median)``: calls
    ``function()`` ``runs`` times, the ORM cache emptied before each (as a fresh request has
    it); returns ``(Way, last result)``, the time summarised by ``summary`` (``min``: the best).
    ``sampled(way, sample, total, items)``: a linear loop's figures timed on ``sample`` of
    ``total`` items, extrapolated to all (its note says so: "extrapolated from N of M").
    ``print_comparison(title, module, naive, sql, naive_goal, sql_goal)``: the three ways'
    times and queries, how much faster than the loop the module is (goal: at least
    ``naive_goal`` times) and how it compares with the hand-written SQL (goal: within
    ``sql_goal`` times).
    ``max_difference(reference, other)``: the largest difference between two results
    ``{key: number or {figure: number}}`` over the keys of ``other`` (a sample may hold fewer);
    ``print_differences(reference, others)``: prints it for each ``(name, result)`` of
    ``others``, the module's result as ``reference``.

Added later (at the end of the file)
    ``delivered_order(env, values, product, quantity, warehouse)``: a sale order of ``quantity``
    units of ``product`` put in stock, confirmed and delivered; returns (order, delivery).
    ``compare_salespeople(env, title, users, sample_size, naive_way, module, sql)``: the naive
    loop per salesperson timed on a sample and scaled, then the three ways printed and compared.

Bulk writes (a way that creates records, timed without keeping them)
    ``rolled_back(env)``: a context manager running its block in a savepoint rolled back at
    its end, the ORM's cache emptied (the records it wrote are gone).
    ``print_writes(title, items, module, naive, goal_ms, unit='line')``: the two ways' times
    and queries for writing ``items`` records, in milliseconds a record, how much faster the
    module is, and whether it meets ``goal_ms`` milliseconds a record.
"""
import argparse
import collections
import contextlib
import statistics
import sys
import time

import odoo
from odoo import SUPERUSER_ID, api

RUNS = 3


def naive_option(default):
    """The ``--naive-products N`` option of a benchmark's command line (see ``sampled``)."""
    return ('--naive-products', {
        'type': int, 'default': default,
        'help': "run the naive loop on the first N products, its figures extrapolated to all "
                "(0: all of them; default: %d)" % default})


Way = collections.namedtuple('Way', 'label seconds queries note')


# Running

def run(bench, doc, argv=None, options=(), context=None):
    parser = argparse.ArgumentParser(description=doc.strip().splitlines()[0])
    parser.add_argument('--config', required=True)
    parser.add_argument('--database', required=True)
    for flag, keywords in options:
        parser.add_argument(flag, **keywords)
    args, _others = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    odoo.tools.config.parse_config(['-c', args.config, '-d', args.database, '--log-level=warn'])
    registry = odoo.registry(args.database)
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, dict(context or {}))
        try:
            return bench(env, args)
        finally:
            cr.rollback()


# Records

def create_regions(env, count, code, warehouses=False):
    company = env.user.company_id
    regions = env['crm.team'].browse()
    for number in range(1, count + 1):
        values = {'name': 'Bench Region %d' % number, 'region_code': '%s%d' % (code, number),
                  'company_id': company.id}
        if warehouses:
            values['warehouse_id'] = env['stock.warehouse'].create({
                'name': 'Bench Region %d Warehouse' % number, 'code': 'BW%d' % number,
                'company_id': company.id}).id
        regions |= env['crm.team'].create(values)
    return regions


def create_categories(env, count):
    categories = env['product.category'].browse()
    for index in range(count):
        categories |= categories.create({'name': 'Bench Category %d' % index})
    return categories


def create_products(env, count, categories):
    products = env['product.product'].browse()
    for index in range(count):
        products |= products.create({
            'name': 'Bench Product %d' % index, 'type': 'consu', 'list_price': 10.0 + index,
            'categ_id': categories[index % len(categories)].id})
    return products


def create_customers(env, count, tag=None, tag_every=10):
    customers = env['res.partner'].browse()
    for index in range(count):
        customers |= customers.create({
            'name': 'Bench Customer %d' % index, 'customer': True,
            'category_id': [(6, 0, tag.ids)] if tag and index % tag_every == 0 else []})
    return customers


def insert_sales(env, prefix, orders, lines_per_order, start, teams, users, customers, products,
                 promotions=None):
    """Order g (1..orders) is dated start + (g * 7919 mod 365) days + (g mod 10) hours, and
    goes to region teams[g mod len], salesperson users[g mod len] and customer
    customers[g * 31 mod len] (ids, 0-based); line k (1..lines_per_order) of order o sells
    1 + (o + k) mod 10 units of products[(o * 7 + k) mod len] at its list price, and a line in
    ten is attributed to promotions[(o + k) mod len] when promotions are given."""
    company = env.user.company_id
    pricelist = env['product.pricelist'].search([('currency_id', '=', company.currency_id.id)],
                                                limit=1)
    warehouse = env['stock.warehouse'].search([('company_id', '=', company.id)], limit=1)
    cr = env.cr
    cr.execute("""
        INSERT INTO sale_order (name, date_order, confirmation_date, partner_id, partner_invoice_id,
                                partner_shipping_id, pricelist_id, picking_policy, warehouse_id,
                                company_id, team_id, user_id, state)
        SELECT %(prefix)s || g,
               %(start)s::timestamp + (g * 7919 %% 365) * interval '1 day' + (g %% 10) * interval '1 hour',
               %(start)s::timestamp + (g * 7919 %% 365) * interval '1 day' + (g %% 10) * interval '1 hour',
               c, c, c, %(pricelist)s, 'direct', %(warehouse)s, %(company)s,
               (%(teams)s::int[])[1 + g %% %(n_teams)s], (%(users)s::int[])[1 + g %% %(n_users)s],
               CASE WHEN g %% 50 = 0 THEN 'cancel' WHEN g %% 97 = 0 THEN 'draft' ELSE 'sale' END
          FROM generate_series(1, %(orders)s) g,
               LATERAL (SELECT (%(customers)s::int[])[1 + (g * 31) %% %(n_customers)s] AS c) customer
    """, {'prefix': prefix, 'start': start, 'pricelist': pricelist.id, 'warehouse': warehouse.id,
          'company': company.id, 'teams': list(teams), 'n_teams': len(teams), 'users': list(users),
          'n_users': len(users), 'customers': list(customers), 'n_customers': len(customers),
          'orders': orders})
    cr.execute("""
        INSERT INTO sale_order_line (order_id, name, product_id, product_uom_qty, product_uom, price_unit,
                                     discount, price_subtotal, customer_lead, company_id, state,
                                     salesman_id, promotion_id)
        SELECT so.id, 'bench', (%(products)s::int[])[1 + (so.id * 7 + k) %% %(n_products)s],
               1 + (so.id + k) %% 10, %(uom)s, (%(prices)s::float[])[1 + (so.id * 7 + k) %% %(n_products)s],
               0, (1 + (so.id + k) %% 10) * (%(prices)s::float[])[1 + (so.id * 7 + k) %% %(n_products)s],
               0, so.company_id, so.state, so.user_id,
               CASE WHEN (so.id + k) %% 10 = 0 AND %(n_promotions)s > 0
                    THEN (%(promotions)s::int[])[1 + (so.id + k) %% GREATEST(%(n_promotions)s, 1)] END
          FROM sale_order so, generate_series(1, %(per_order)s) k
         WHERE so.name LIKE %(pattern)s""", {
        'products': products.ids, 'n_products': len(products),
        'uom': env.ref('product.product_uom_unit').id, 'prices': products.mapped('list_price'),
        'per_order': lines_per_order, 'pattern': prefix + '%',
        'promotions': promotions.ids if promotions else [],
        'n_promotions': len(promotions) if promotions else 0})
    cr.execute("SELECT count(*) FROM sale_order_line WHERE order_id IN "
               "(SELECT id FROM sale_order WHERE name LIKE %s)", (prefix + '%',))
    return cr.fetchone()[0]


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


def clone_products(env, count):
    """`count` storable products in units: "Bench product" made through the ORM, then its SQL
    copies "Bench product n" (default code BENCH-n). Returns their ids, the seed's first."""
    unit = env.ref('product.product_uom_unit')
    seed = env['product.product'].create({'name': 'Bench product', 'type': 'product',
                                          'uom_id': unit.id, 'uom_po_id': unit.id})
    template_ids = clone(env.cr, 'product_template', seed.product_tmpl_id.id, count - 1,
                         {'name': "'Bench product ' || n"})
    return [seed.id] + clone(env.cr, 'product_product', seed.id, count - 1, {
        'product_tmpl_id': '(ARRAY[%s])[n]' % ','.join(map(str, template_ids)),
        'default_code': "'BENCH-' || n", 'barcode': 'NULL'})


def analyze(cr, *tables):
    cr.execute('ANALYZE %s' % ', '.join(tables))


def day(number, year):
    return odoo.fields.Date.to_string(
        odoo.fields.Date.from_string('%d-01-01' % year) + odoo.tools.relativedelta(days=number - 1))


# Timing and printing

def measure(env, label, function, runs=RUNS, summary=statistics.median):
    times, result, queries = [], None, 0
    for _run in range(runs):
        env['res.partner'].invalidate_cache()  # the whole cache, as a fresh request would
        before = env.cr.sql_log_count
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
        queries = env.cr.sql_log_count - before
    note = '%s of %d' % ('best' if summary is min else 'median', runs) if runs > 1 else ''
    return Way(label, summary(times), queries, note), result


def sampled(way, sample, total, items):
    if sample == total:
        return way
    scale = total / float(sample)
    note = 'extrapolated from %d of %d %s' % (sample, total, items)
    return Way(way.label, way.seconds * scale, int(way.queries * scale),
               '; '.join(filter(None, [way.note, note])))


def print_comparison(title, module, naive, sql, naive_goal, sql_goal):
    print('\n%s' % title)
    for way in (module, naive, sql):
        print('  %-34s %9.3f s %9d queries%s'
              % (way.label, way.seconds, way.queries, '  (%s)' % way.note if way.note else ''))
    print('  naive loop / module: %.1fx faster (goal: at least %gx)'
          % (naive.seconds / module.seconds, naive_goal))
    print('  module / hand-written SQL: %.2fx (goal: within %gx)'
          % (module.seconds / sql.seconds, sql_goal), flush=True)


def max_difference(reference, other):
    def differences(mine, theirs):
        if isinstance(theirs, dict):
            return [abs(mine[figure] - theirs[figure]) for figure in theirs]
        return [abs(mine - theirs)]
    return max([difference for key in other
                for difference in differences(reference[key], other[key])] or [0.0])


def print_differences(reference, others):
    for name, other in others:
        print('  %-34s max difference with the module: %.2f' % (name, max_difference(reference, other)))


def delivered_order(env, values, product, quantity, warehouse):
    """A sale order (``values``: partner, region, salesperson...) of one line of ``quantity``
    units of ``product`` at 100.0, from ``warehouse``: the units put in its stock, the order
    confirmed and its delivery done in full, through the ORM. Returns (order, delivery)."""
    env['stock.quant']._update_available_quantity(product, warehouse.lot_stock_id, quantity)
    order = env['sale.order'].create(dict(values, warehouse_id=warehouse.id, order_line=[
        (0, 0, {'product_id': product.id, 'product_uom_qty': quantity, 'price_unit': 100.0})]))
    order.action_confirm()
    delivery = order.picking_ids
    delivery.action_assign()
    delivery.move_lines.quantity_done = quantity
    delivery.action_done()
    return order, delivery


def compare_salespeople(env, title, users, sample_size, naive_way, module, sql):
    """The end of a per-salesperson benchmark: ``naive_way(salespeople)`` timed on the first
    ``sample_size`` of ``users`` (0: all) and scaled to all; the three ways printed (goals: 20x
    faster than the loop, within 1.5x the SQL) with their differences. ``module`` and ``sql``:
    their ``(Way, result)``, results ``{key: figures}`` (see max_difference). Returns (the
    sample, the naive loop's result, whether the three agree)."""
    sample = users[:sample_size] if sample_size else users
    naive, naive_result = measure(env, 'naive per-salesperson ORM loop',
                                  lambda: naive_way(sample), runs=1)
    naive = sampled(naive, len(sample), len(users), 'salespeople')
    (module, module_result), (sql, sql_result) = module, sql
    print_comparison(title, module, naive, sql, 20, 1.5)
    print_differences(module_result, [('hand-written SQL', sql_result),
                                      ('naive loop (sample)', naive_result)])
    agree = (set(module_result) == set(sql_result)
             and max_difference(module_result, sql_result) < 0.01
             and max_difference(module_result, naive_result) < 0.01)
    return sample, naive_result, agree


# Bulk writes


@contextlib.contextmanager
def rolled_back(env):
    env.cr.execute('SAVEPOINT bench_rolled_back')
    try:
        yield
    finally:
        env.cr.execute('ROLLBACK TO SAVEPOINT bench_rolled_back')
        env.clear()  # the cache, and what the block left to recompute


def print_writes(title, items, module, naive, goal_ms, unit='line'):
    print('\n%s' % title)
    for way in (module, naive):
        print('  %-40s %9.3f s %9d queries %8.2f ms a %s%s'
              % (way.label, way.seconds, way.queries, 1000.0 * way.seconds / items, unit,
                 '  (%s)' % way.note if way.note else ''))
    per_item = 1000.0 * module.seconds / items
    print('  %s / module: %.1fx faster; module: %.2f ms a %s (goal: at most %g ms, %s)'
          % (naive.label.split(' (')[0], naive.seconds / module.seconds, per_item, unit, goal_ms,
             'met' if per_item <= goal_ms else 'NOT MET'), flush=True)
