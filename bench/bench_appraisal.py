"""The appraisal scorecards of 50 salespeople for a year, three ways.

    python bench/bench_appraisal.py --config <odoo.conf> --database <db> [--salespeople N]

(`make bench` runs it.) Generates (in one transaction, rolled back at the end), for N
salespeople of one region (50 by default): their yearly targets (a plan in execution), 300
confirmed orders each in the year and 300 in the year before, a delivery of every order of the
year (stock moves with their order line) and returns of one in twenty, a case on one order in
fifty, an invoice of every order of the year (its receivable item due 30 days later), four in
five of them paid (on time or late: payments matched with account.partial.reconcile), and six
market surveys each; then computes every salesperson's scorecard of the year (target
achievement, growth, collection rate, overdue amount, returns and cases, surveys, points and
score):

1. the module: ``sales.appraisal.measure.scorecards()`` (a fixed number of queries);
2. a naive per-salesperson loop through the ORM (searches of their targets, order lines,
   receivable items and their payments, moves, cases and surveys, summed in Python), run on a
   sample of salespeople and extrapolated (it is linear: one salesperson at a time);
3. one hand-written SQL query over the same tables.

It prints the times, the ratios and the query counts (module: the same for 1 and N
salespeople, asserted), and checks that the three agree. Bulk data is inserted with SQL
(copying records created through the ORM), so that generating it takes seconds.
"""
import sys
import time
from datetime import date, datetime, timedelta

import common

ORDERS, SURVEYS = 300, 6
FIGURES = ('target_amount', 'achieved_amount', 'last_year_amount', 'receivable_due',
           'collected_on_time', 'overdue_amount', 'aftersales_cases', 'delivered_qty',
           'returned_qty', 'surveys_filed', 'score')

RAW_SQL = """
WITH sales AS (
    SELECT so.user_id,
           SUM(sol.price_subtotal) FILTER (WHERE so.confirmation_date >= %(start)s) AS amount,
           SUM(sol.price_subtotal) FILTER (WHERE so.confirmation_date < %(start)s) AS last_year
      FROM sale_order_line sol JOIN sale_order so ON so.id = sol.order_id
     WHERE so.state IN ('sale', 'done') AND so.company_id = %(company)s
       AND so.user_id = ANY(%(users)s)
       AND so.confirmation_date >= %(last_start)s AND so.confirmation_date < %(end_excl)s
     GROUP BY so.user_id
), targets AS (
    SELECT l.user_id, SUM(l.target_amount) AS amount
      FROM sales_plan_line l JOIN sales_plan p ON p.id = l.plan_id
     WHERE p.state IN ('execution', 'closed') AND l.user_id = ANY(%(users)s)
       AND l.categ_id IS NULL AND p.date_start >= %(start)s AND p.date_end <= %(end)s
     GROUP BY l.user_id
), items AS (
    SELECT aml.id, inv.user_id, aml.date, aml.date_maturity, aml.balance
      FROM account_move_line aml
      JOIN account_invoice inv ON inv.id = aml.invoice_id
      JOIN account_account acc ON acc.id = aml.account_id
     WHERE acc.internal_type = 'receivable' AND inv.type IN ('out_invoice', 'out_refund')
       AND inv.state IN ('open', 'paid') AND aml.company_id = %(company)s
       AND inv.user_id = ANY(%(users)s)
), paid AS (
    SELECT items.id,
           SUM(p.amount) FILTER (WHERE pay.date <= items.date_maturity) AS on_time,
           SUM(p.amount) FILTER (WHERE pay.date <= %(end)s) AS settled
      FROM items
      JOIN account_partial_reconcile p ON p.debit_move_id = items.id
      JOIN account_move_line pay ON pay.id = p.credit_move_id
     GROUP BY items.id
), receivables AS (
    SELECT items.user_id,
           SUM(items.balance) FILTER (WHERE items.date_maturity BETWEEN %(start)s AND %(end)s) AS due,
           SUM(COALESCE(paid.on_time, 0))
               FILTER (WHERE items.date_maturity BETWEEN %(start)s AND %(end)s) AS on_time,
           SUM(items.balance - COALESCE(paid.settled, 0))
               FILTER (WHERE items.date_maturity < %(end)s AND items.date <= %(end)s) AS overdue
      FROM items LEFT JOIN paid ON paid.id = items.id
     GROUP BY items.user_id
), moves AS (
    SELECT so.user_id,
           SUM(m.product_qty) FILTER (WHERE dst.usage = 'customer') AS delivered,
           SUM(m.product_qty) FILTER (WHERE src.usage = 'customer') AS returned
      FROM stock_move m
      JOIN stock_location src ON src.id = m.location_id
      JOIN stock_location dst ON dst.id = m.location_dest_id
      LEFT JOIN stock_move origin ON origin.id = m.origin_returned_move_id
      JOIN sale_order_line sol ON sol.id = COALESCE(m.sale_line_id, origin.sale_line_id)
      JOIN sale_order so ON so.id = sol.order_id
     WHERE m.state = 'done' AND m.company_id = %(company)s AND so.user_id = ANY(%(users)s)
       AND m.date >= %(start)s AND m.date < %(end_excl)s
       AND ((dst.usage = 'customer' AND src.usage <> 'customer')
            OR (src.usage = 'customer' AND dst.usage <> 'customer'
                AND (m.origin_returned_move_id IS NOT NULL OR dst.return_location)))
     GROUP BY so.user_id
), cases AS (
    SELECT so.user_id, COUNT(*) AS n
      FROM sales_aftersales_case c JOIN sale_order so ON so.id = c.sale_order_id
     WHERE c.state <> 'cancel' AND c.company_id = %(company)s AND so.user_id = ANY(%(users)s)
       AND c.date_intake >= %(start)s AND c.date_intake < %(end_excl)s
     GROUP BY so.user_id
), surveys AS (
    SELECT s.user_id, COUNT(*) AS n
      FROM sales_market_survey s
     WHERE s.state IN ('submitted', 'reviewed') AND s.company_id = %(company)s
       AND s.user_id = ANY(%(users)s) AND s.date BETWEEN %(start)s AND %(end)s
     GROUP BY s.user_id
)
SELECT u.id, COALESCE(targets.amount, 0), COALESCE(sales.amount, 0),
       COALESCE(sales.last_year, 0), COALESCE(receivables.due, 0),
       COALESCE(receivables.on_time, 0), COALESCE(receivables.overdue, 0),
       COALESCE(cases.n, 0), COALESCE(moves.delivered, 0), COALESCE(moves.returned, 0),
       COALESCE(surveys.n, 0)
  FROM unnest(%(users)s::int[]) AS u(id)
  LEFT JOIN sales ON sales.user_id = u.id
  LEFT JOIN targets ON targets.user_id = u.id
  LEFT JOIN receivables ON receivables.user_id = u.id
  LEFT JOIN moves ON moves.user_id = u.id
  LEFT JOIN cases ON cases.user_id = u.id
  LEFT JOIN surveys ON surveys.user_id = u.id
"""


def array(values, sql_type='int'):
    """An SQL array constant: one literal, cast once (an ARRAY[...] constructor of thousands
    of elements would be built again for every row); its elements quoted (timestamps hold a
    space)."""
    return "'{%s}'::%s[]" % (','.join('"%s"' % value for value in values), sql_type)


def generate(env, count, year):
    """The salespeople, their targets, orders, deliveries, returns, cases, invoices, payments
    and surveys of `year` (and their orders of the year before)."""
    cr = env.cr
    started = time.time()
    company = env.user.company_id
    ref = env.ref
    warehouse = env['stock.warehouse'].create({'name': 'Bench Appraisal Warehouse',
                                               'code': 'BAW', 'company_id': company.id})
    region = env['crm.team'].create({'name': 'Bench Appraisal Region', 'region_code': 'BAR',
                                     'warehouse_id': warehouse.id, 'company_id': company.id})
    groups = [ref('base.group_user').id, ref('sales_process.group_salesperson').id]
    users = env['res.users']
    for number in range(count):
        users |= users.with_context(no_reset_password=True).create({
            'name': 'Bench Salesperson %d' % number, 'login': 'bench_appraisal_%d' % number,
            'company_id': company.id, 'company_ids': [(6, 0, company.ids)],
            'sale_team_id': region.id, 'groups_id': [(6, 0, groups)]})
    plan = env['sales.plan'].create({
        'region_id': region.id, 'period_type': 'year', 'date_start': '%d-01-01' % year,
        'date_end': '%d-12-31' % year,
        'line_ids': [(0, 0, {'region_id': region.id, 'user_id': user.id,
                             'target_amount': 30000.0 + 100 * index})
                     for index, user in enumerate(users)]})
    plan._workflow_write({'state': 'execution'})

    # seeds made through the ORM: a delivered order, its return, a case, a paid invoice, a
    # filed survey
    unit = ref('product.product_uom_unit')
    product = env['product.product'].create({'name': 'Bench appraisal product', 'type': 'product',
                                             'uom_id': unit.id, 'uom_po_id': unit.id,
                                             'list_price': 100.0})
    customer = env['res.partner'].create({'name': 'Bench appraisal customer', 'customer': True,
                                          'team_id': region.id})
    order, delivery = common.delivered_order(env, {
        'partner_id': customer.id, 'team_id': region.id, 'user_id': users[0].id}, product, 10,
        warehouse)
    wizard = env['stock.return.picking'].with_context(
        active_id=delivery.id, active_ids=delivery.ids).create({})
    wizard.product_return_moves.quantity = 1
    returned = env['stock.picking'].browse(wizard._create_returns()[0])
    returned.action_assign()
    returned.move_lines.quantity_done = 1
    returned.action_done()
    case = env['sales.aftersales.case']._workflow_create({
        'partner_id': customer.id, 'sale_order_id': order.id, 'picking_id': delivery.id,
        'region_id': region.id, 'description': 'Bench defect',
        'line_ids': [(0, 0, {'product_id': product.id, 'quantity': 1,
                             'sale_line_id': order.order_line.id})]})
    revenue = env['account.account'].search([
        ('company_id', '=', company.id),
        ('user_type_id', '=', ref('account.data_account_type_revenue').id)], limit=1)
    invoice = env['account.invoice'].create({
        'partner_id': customer.id, 'type': 'out_invoice', 'user_id': users[0].id,
        'team_id': region.id, 'date_invoice': '%d-01-01' % year, 'date_due': '%d-01-31' % year,
        'invoice_line_ids': [(0, 0, {'name': 'Bench', 'quantity': 10, 'price_unit': 100.0,
                                     'account_id': revenue.id,
                                     'invoice_line_tax_ids': [(6, 0, [])]})]})
    invoice.action_invoice_open()
    journal = env['account.journal'].search([('company_id', '=', company.id),
                                             ('type', '=', 'bank')], limit=1)
    payment = env['account.payment'].create({
        'payment_type': 'inbound', 'partner_type': 'customer', 'partner_id': customer.id,
        'amount': 1000.0, 'payment_date': '%d-01-20' % year, 'journal_id': journal.id,
        'payment_method_id': ref('account.account_payment_method_manual_in').id,
        'invoice_ids': [(6, 0, invoice.ids)]})
    payment.post()
    receivable = invoice.move_id.line_ids.filtered(
        lambda line: line.account_id.internal_type == 'receivable')
    partial = receivable.matched_credit_ids
    credit = partial.credit_move_id
    # the payment's line is no receivable item of the invoice (Odoo 11 links it when one
    # invoice is paid): the copies of it are the payments of the copied invoices
    cr.execute('UPDATE account_move_line SET invoice_id = NULL WHERE id = %s', (credit.id,))
    survey = env['sales.market.survey'].sudo(users[0]).create({
        'date': '%d-03-15' % year, 'date_from': '%d-03-01' % year,
        'date_to': '%d-03-15' % year, 'summary': 'Bench survey', 'region_id': region.id,
        'line_ids': [(0, 0, {'kind': 'own', 'product_id': product.id, 'price': 100.0,
                             'volume': 10, 'channel': 'retail'})]})
    # filed as its submission files it (no reviewer needed in the bench)
    survey._workflow_write({'state': 'submitted', 'approval_state': 'pending'})

    # the bulk, cloned with SQL, every per-row value computed here and passed as an array
    # (a subquery per row looking up what was just inserted, without statistics on it, made
    # the copies crawl); order n (1..total): n odd this year, n even the year before, the day
    # of the year and the salesperson from n // 2 (each salesperson has orders in both
    # years); one line each
    total = count * ORDERS * 2
    users_of = [users.ids[((n - 1) // 2) % count] for n in range(1, total + 1)]
    dates = [datetime(year - (1 if n % 2 == 0 else 0), 1, 1, 3)
             + timedelta(days=(n // 2) % 360) for n in range(1, total + 1)]
    order_ids = common.clone(cr, 'sale_order', order.id, total, {
        'name': "'BENCH-APR-' || n", 'user_id': '(%s)[n]' % array(users_of),
        'confirmation_date': '(%s)[n]' % array(dates, 'timestamp'),
        'date_order': '(%s)[n]' % array(dates, 'timestamp'), 'procurement_group_id': 'NULL'})
    line_ids = common.clone(cr, 'sale_order_line', order.order_line.id, total, {
        'order_id': '(%s)[n]' % array(order_ids),
        'price_subtotal': '100.0 * (1 + n %% 7)'})
    this_year = range(0, total, 2)  # the indexes of the orders of the year
    current = [line_ids[index] for index in this_year]
    current_orders = [order_ids[index] for index in this_year]
    current_dates = [dates[index] for index in this_year]
    current_users = [users_of[index] for index in this_year]
    deliveries = common.clone(cr, 'stock_move', delivery.move_lines.id, len(current), {
        'sale_line_id': '(%s)[n]' % array(current), 'picking_id': 'NULL',
        'product_qty': '1 + n %% 9', 'product_uom_qty': '1 + n %% 9',
        'date': '(%s)[n]' % array(current_dates, 'timestamp')})
    returns = deliveries[::20]
    common.clone(cr, 'stock_move', returned.move_lines.id, len(returns), {
        'origin_returned_move_id': '(%s)[n]' % array(returns), 'sale_line_id': 'NULL',
        'picking_id': 'NULL', 'product_qty': '1', 'product_uom_qty': '1',
        'date': '(%s)[n]' % array([moment + timedelta(days=5)
                                   for moment in current_dates[::20]], 'timestamp')})
    common.clone(cr, 'sales_aftersales_case', case.id, len(current_orders[::50]), {
        'name': "'BENCH-CASE-' || n", 'sale_order_id': '(%s)[n]' % array(current_orders[::50]),
        'date_intake': '(%s)[n]' % array([moment + timedelta(days=10)
                                          for moment in current_dates[::50]], 'timestamp')})
    # an invoice per order of the year, due 30 days after it (item n: 100 * (1 + n mod 5));
    # four in five paid (item n with n mod 5 <> 0), one in ten of those late
    invoice_dates = [moment.date() for moment in current_dates]
    invoice_ids = common.clone(cr, 'account_invoice', invoice.id, len(current_orders), {
        'number': "'BENCH/' || n", 'move_name': "'BENCH/' || n",
        'user_id': '(%s)[n]' % array(current_users),
        'date_invoice': '(%s)[n]' % array(invoice_dates, 'date')})
    item_ids = common.clone(cr, 'account_move_line', receivable.id, len(invoice_ids), {
        'invoice_id': '(%s)[n]' % array(invoice_ids),
        'date': '(%s)[n]' % array(invoice_dates, 'date'),
        'date_maturity': '(%s)[n]' % array(invoice_dates, 'date') + ' + 30',
        'debit': '100.0 * (1 + n %% 5)', 'balance': '100.0 * (1 + n %% 5)',
        'amount_residual': 'CASE WHEN n %% 5 = 0 THEN 100.0 * (1 + n %% 5) ELSE 0 END',
        'reconciled': 'n %% 5 <> 0'})
    paid = [number for number in range(1, len(item_ids) + 1) if number % 5]
    amounts = [100.0 * (1 + number % 5) for number in paid]
    payment_lines = common.clone(cr, 'account_move_line', credit.id, len(paid), {
        'date': '(%s)[n]' % array([
            invoice_dates[number - 1] + timedelta(days=30 + (12 if index % 10 == 0 else -4))
            for index, number in enumerate(paid, 1)], 'date'),
        'invoice_id': 'NULL', 'credit': '(%s)[n]' % array(amounts, 'numeric'),
        'balance': '-(%s)[n]' % array(amounts, 'numeric')})
    common.clone(cr, 'account_partial_reconcile', partial.id, len(paid), {
        'debit_move_id': '(%s)[n]' % array([item_ids[number - 1] for number in paid]),
        'credit_move_id': '(%s)[n]' % array(payment_lines),
        'amount': '(%s)[n]' % array(amounts, 'numeric'), 'full_reconcile_id': 'NULL'})
    common.clone(cr, 'sales_market_survey', survey.id, count * SURVEYS - 1, {
        'name': "'BENCH-SURVEY-' || n", 'user_id': '(%s)[1 + n %%%% %d]' % (array(users.ids), count),
        'date': "'%d-01-10'::date + (n * 7) %%%% 350" % year})
    common.analyze(cr, 'sale_order', 'sale_order_line', 'stock_move', 'sales_aftersales_case',
                   'account_invoice', 'account_move_line', 'account_partial_reconcile',
                   'sales_market_survey')
    env['res.partner'].invalidate_cache()  # the whole cache: the copies bypassed it
    return users, time.time() - started


def naive_scorecards(env, users, year):
    """What one would write without the batched measure: one salesperson at a time, through
    the ORM."""
    start, end = '%d-01-01' % year, '%d-12-31' % year
    last_start = '%d-01-01' % (year - 1)
    scoring = env['sales.appraisal.scoring']._for_company(env.user.company_id.id)
    result = {}
    for user in users:
        targets = env['sales.plan.line'].search([
            ('user_id', '=', user.id), ('categ_id', '=', False),
            ('plan_id.state', 'in', ('execution', 'closed')),
            ('plan_id.date_start', '>=', start), ('plan_id.date_end', '<=', end)])
        lines = env['sale.order.line'].search([
            ('order_id.user_id', '=', user.id), ('order_id.state', 'in', ('sale', 'done')),
            ('order_id.confirmation_date', '>=', last_start),
            ('order_id.confirmation_date', '<', '%d-01-01' % (year + 1))])
        amount = sum(line.price_subtotal for line in lines
                     if line.order_id.confirmation_date >= start)
        last_year = sum(line.price_subtotal for line in lines
                        if line.order_id.confirmation_date < start)
        due = on_time = overdue = 0.0
        for item in env['account.move.line'].search([
                ('invoice_id.user_id', '=', user.id), ('account_id.internal_type', '=', 'receivable'),
                ('invoice_id.state', 'in', ('open', 'paid'))]):
            payments = [(partial.credit_move_id.date, partial.amount)
                        for partial in item.matched_credit_ids]
            if start <= item.date_maturity <= end:
                due += item.balance
                on_time += sum(amount_ for day, amount_ in payments if day <= item.date_maturity)
            if item.date_maturity < end and item.date <= end:
                overdue += item.balance - sum(amount_ for day, amount_ in payments if day <= end)
        moves = env['stock.move'].search([
            ('state', '=', 'done'), ('date', '>=', start), ('date', '<', '%d-01-01' % (year + 1)),
            '|', ('sale_line_id.order_id.user_id', '=', user.id),
            ('origin_returned_move_id.sale_line_id.order_id.user_id', '=', user.id)])
        delivered = sum(move.product_qty for move in moves
                        if move.location_dest_id.usage == 'customer'
                        and move.location_id.usage != 'customer')
        returned = sum(move.product_qty for move in moves
                       if move.location_id.usage == 'customer'
                       and move.location_dest_id.usage != 'customer'
                       and (move.origin_returned_move_id or move.location_dest_id.return_location))
        cases = env['sales.aftersales.case'].search_count([
            ('sale_order_id.user_id', '=', user.id), ('state', '!=', 'cancel'),
            ('date_intake', '>=', start), ('date_intake', '<', '%d-01-01' % (year + 1))])
        surveys = env['sales.market.survey'].search_count([
            ('user_id', '=', user.id), ('state', 'in', ('submitted', 'reviewed')),
            ('date', '>=', start), ('date', '<=', end)])
        result[user.id] = figures_of(scoring, sum(targets.mapped('target_amount')), amount,
                                     last_year, due, on_time, overdue, cases, delivered,
                                     returned, surveys)
    return result


def figures_of(scoring, target, amount, last_year, due, on_time, overdue, cases, delivered,
               returned, surveys):
    """The compared figures, rounded, and the score by the company's scoring (no query)."""
    figures = {
        'achievement_pct': 100.0 * amount / target if target else 0.0,
        'growth_pct': 100.0 * (amount - last_year) / last_year if last_year else 0.0,
        'collection_rate': 100.0 * on_time / due if due > 0.005 else 0.0,
        'collection_measured': due > 0.005, 'overdue_amount': overdue,
        'return_rate': 100.0 * returned / delivered if delivered else 0.0,
        'surveys_filed': surveys}
    score = scoring._score(figures, 12)['score']
    values = (target, amount, last_year, due, on_time, overdue, cases, delivered, returned,
              surveys, score)
    return {name: round(float(value), 2) for name, value in zip(FIGURES, values)}


def sql_scorecards(env, users, year):
    scoring = env['sales.appraisal.scoring']._for_company(env.user.company_id.id)
    env.cr.execute(RAW_SQL, {
        'company': env.user.company_id.id, 'users': users.ids, 'start': '%d-01-01' % year,
        'end': '%d-12-31' % year, 'last_start': '%d-01-01' % (year - 1),
        'end_excl': '%d-01-01' % (year + 1)})
    return {row[0]: figures_of(scoring, *row[1:]) for row in env.cr.fetchall()}


def module_scorecards(env, users, year):
    cards = env['sales.appraisal.measure'].scorecards(
        env.user.company_id.id, users.ids, '%d-01-01' % year, '%d-12-31' % year)
    return {user_id: {name: round(float(getattr(card, name)), 2) for name in FIGURES}
            for user_id, card in cards.items()}


def bench(env, args):
    year = date.today().year - 1  # the last year that has ended
    users, generation = generate(env, args.salespeople, year)
    data = ('data: %d salespeople; %d orders, %d deliveries and returns, %d receivable items, '
            '%d cases, %d surveys (generated in %.1f s)' % (
                len(users), len(users) * ORDERS * 2, len(users) * ORDERS * 21 // 20,
                len(users) * ORDERS, len(users) * ORDERS // 50, len(users) * SURVEYS,
                generation))
    print(data, flush=True)  # pylint: disable=print-used  # its output
    module_scorecards(env, users[:2], year)  # warm-up
    one, _result = common.measure(env, 'module, 1 salesperson',
                                  lambda: module_scorecards(env, users[:1], year), runs=1)
    module = common.measure(env, 'module (scorecards)', lambda: module_scorecards(env, users, year))
    assert one.queries == module[0].queries, (
        'the module\'s queries grow with the salespeople: %d for 1, %d for %d'
        % (one.queries, module[0].queries, len(users)))
    sql = common.measure(env, 'hand-written SQL query', lambda: sql_scorecards(env, users, year))
    sample, naive_result, agree = common.compare_salespeople(
        env, 'appraisal scorecards of %d salespeople for %d (module queries: %d for 1 '
        'salesperson, %d for %d)' % (len(users), year, one.queries, module[0].queries, len(users)),
        users, args.naive_salespeople, lambda sample: naive_scorecards(env, sample, year),
        module, sql)
    lines = ['  %s' % ('the three agree' if agree else 'RESULTS DIFFER')]
    if not agree:
        lines[:0] = ['  user %s: module %s\n    naive  %s\n    sql    %s' % (
            user_id, module[1][user_id], naive_result[user_id], sql[1][user_id])
            for user_id in sample.ids[:3]]
    print('\n'.join(lines))  # pylint: disable=print-used  # its output
    return 0 if agree else 1


if __name__ == '__main__':
    sys.exit(common.run(bench, __doc__, context={
        'tracking_disable': True, 'mail_create_nolog': True, 'mail_create_nosubscribe': True,
        'mail_notrack': True}, options=[
            ('--salespeople', {'type': int, 'default': 50}),
            ('--naive-salespeople', {'type': int, 'default': 10,
                                     'help': "run the naive loop on N salespeople, its figures "
                                             "scaled to all (0: all)"})]))
