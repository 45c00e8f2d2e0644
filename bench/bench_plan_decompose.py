"""The decomposition of a company's annual plan into ~16,000 quarterly and monthly targets: the
module's bulk write vs create() with one2many commands.

    python bench/bench_plan_decompose.py --config <odoo.conf> --database <db> [--orm-regions N]

Generates (in one transaction, rolled back at the end) 10 regions of 5 salespeople each and 20
product categories, and an approved annual plan of the company with a target per salesperson
and category (1,000 targets); then decomposes it into quarters, then months (evenly: the
distribution is not what is measured), 160 plans and 16,000 targets, two ways:

1. the module: what the Decompose button writes (sales.plan.decompose.wizard._create_nodes,
   each plan's targets in one statement);
2. the way it wrote them before: each plan created with its targets as one2many commands
   (create() per target), on the plans of the first region(s) only, rolled back, its time
   extrapolated to all.

It checks that both write the same plans and targets, and prints the times in ms a target.
"""
import sys
import time

from odoo import fields

import common

YEAR = 2027
REGIONS, SALESPEOPLE, CATEGORIES = 10, 5, 20


def generate(env):
    started = time.time()
    regions = common.create_regions(env, REGIONS, 'BD')
    salesman = env.ref('sales_process.group_salesperson')
    users = env['res.users'].with_context(no_reset_password=True, mail_create_nosubscribe=True)
    salespeople = users.browse()
    for index in range(REGIONS * SALESPEOPLE):
        salespeople |= users.create({
            'name': 'Bench Planner %d' % index, 'login': 'bench_planner_%d' % index,
            'sale_team_id': regions[index % REGIONS].id,
            'groups_id': [(6, 0, [env.ref('base.group_user').id, salesman.id])]})
    categories = common.create_categories(env, CATEGORIES)
    Plan = env['sales.plan'].with_context(mail_create_nolog=True)
    plan = Plan.create({'region_id': False, 'period_type': 'year',
                        'date_start': '%d-01-01' % YEAR, 'date_end': '%d-12-31' % YEAR})
    # the annual plan's targets: its lines written the module's way (this is not measured)
    from odoo.addons.sales_process.models.sales_process_document import create_in_bulk
    create_in_bulk(env['sales.plan.line'], [
        {'plan_id': plan.id, 'region_id': user.sale_team_id.id, 'user_id': user.id,
         'categ_id': categ.id, 'target_amount': 12000.0 + 120 * index, 'target_qty': 120.0}
        for index, (user, categ) in enumerate((user, categ) for user in salespeople
                                              for categ in categories)])
    plan._workflow_write({'state': 'approved'})
    print('data: an approved annual plan of %d targets for %d regions, %d salespeople, %d '
          'categories (generated in %.1f s)' % (len(plan.line_ids), REGIONS, len(salespeople),
                                                CATEGORIES, time.time() - started), flush=True)
    return plan, regions


def orm_create_nodes(parent, nodes):
    """The decomposition's writes as the module made them before its bulk write: each plan
    created with its targets as one2many commands."""
    Plan = parent.env['sales.plan'].with_context(mail_create_nolog=True)
    created = Plan.browse()
    for node in nodes:
        child = Plan._workflow_create({
            'parent_id': parent.id, 'strategy_id': parent.strategy_id.id,
            'company_id': parent.company_id.id, 'region_id': node['region'].id,
            'period_type': node['period_type'],
            'date_start': fields.Date.to_string(node['start']),
            'date_end': fields.Date.to_string(node['end']), 'state': 'approved',
            'decomposed_by_id': parent.env.uid if node['children'] else False,
            'line_ids': [(0, 0, {'region_id': node['region'].id, 'user_id': user.id,
                                 'categ_id': categ.id, 'target_amount': amount,
                                 'target_qty': qty})
                         for user, categ, amount, qty, _weighting in node['lines']]})
        created |= child | orm_create_nodes(child, node['children'])
    return created


def targets(plans):
    """{(region, period, start, salesperson, category): (amount, quantity, plan's totals)}"""
    return {(line.region_id.id, line.period_type, line.date_start, line.user_id.id,
             line.categ_id.id): (line.target_amount, line.target_qty, line.plan_id.target_amount,
                                 line.plan_id.state, line.plan_id.parent_id.period_type)
            for line in plans.mapped('line_ids')}


def count_lines(nodes):
    return sum(len(node['lines']) + count_lines(node['children']) for node in nodes)


def bench(env, args):
    plan, regions = generate(env)
    wizard = env['sales.plan.decompose.wizard'].create({
        'plan_id': plan.id, 'split': 'quarter_month', 'method': 'even', 'send_to_regions': False})
    distribution = wizard._distribution()
    total = count_lines(distribution)
    sample_regions = regions[:args.orm_regions]
    sample = [node for node in distribution if node['region'] in sample_regions]
    with common.rolled_back(env):
        orm, orm_plans = common.measure(env, 'ORM create() with one2many commands',
                                        lambda: orm_create_nodes(plan, sample), runs=1)
        orm_result = targets(orm_plans)
    orm = common.sampled(orm, count_lines(sample), total, 'targets')
    module, plans = common.measure(env, 'module (_create_nodes)',
                                   lambda: wizard._create_nodes(plan, distribution), runs=1)
    module_result = targets(plans)
    plan._check_children_sum()
    same = len(module_result) == total and all(
        module_result.get(key) == value for key, value in orm_result.items())
    print('\ndecomposed: %d plans, %d targets; on the sample, the same plans and targets -> %s'
          % (len(plans), len(module_result), 'yes' if same else 'NO: THEY DIFFER'))
    common.print_writes('Decomposing the annual plan (writes):', total, module, orm, goal_ms=3,
                        unit='target')
    return 0 if same else 1


if __name__ == '__main__':
    sys.exit(common.run(bench, __doc__, context={'tz': 'UTC', 'tracking_disable': True},
                        options=[('--orm-regions', {
                            'type': int, 'default': 1,
                            'help': "regions decomposed the ORM's way, its time extrapolated "
                                    "to all"})]))
