"""Documents in the states the released demo leaves out, made by the RELEASED module's own code.

`make test` runs this file in `odoo shell` (stdin) on the upgrade database, right after the
release is installed with its demo data and before the snapshot: the demo gives plans in draft,
submitted, decomposed, to accept and closed, and requests in draft, waiting, re-check, transfer
and done; here the users whose role it is move more documents of the same kinds into approved,
refused, in execution, superseded, cancelled, a rejected submission (back in draft with its
rework to-do), a partially transferred request, a cancelled request, covered and cancelled
demand. The upgrade must then keep every one of them (runtime/tests/test_upgrade.py).
`env` is the shell's superuser environment; nothing here exists in the checkout's module.
"""
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import fields

ref = env.ref  # noqa: F821 (odoo shell's global)
env = env(context=dict(env.context, mail_create_nosubscribe=True,  # noqa: F821
                       mail_auto_subscribe_no_notify=True, tracking_disable=False))
Plan = env['sales.plan']
next_year = date.today().replace(month=1, day=1) + relativedelta(years=1)
north = ref('sales_process.region_north')
drafter = ref('sales_process.user_sales_north')
assistant = ref('sales_process.user_marketing_assistant')
gm = ref('sales_process.user_general_manager')
manager = ref('sales_process.user_manager_north')


def as_user(records, user):
    return records.sudo(user)


def decide(document, user, approve=True, text=None):
    document = document.sudo(user).with_context(approval_expected_step_id=document.approval_step_id.id)
    if approve:
        document.action_approval_approve(text)
    else:
        document.action_approval_reject(text)


def quarter_plan(quarter, description):
    start = next_year + relativedelta(months=3 * (quarter - 1))
    return as_user(Plan, drafter).create({
        'region_id': north.id, 'period_type': 'quarter',
        'date_start': fields.Date.to_string(start),
        'date_end': fields.Date.to_string(start + relativedelta(months=3, days=-1)),
        'description': '<p>%s</p>' % description,
        'line_ids': [(0, 0, {'region_id': north.id, 'user_id': drafter.id,
                             'target_amount': 40000.0 + 1000 * quarter, 'target_qty': 100 + quarter})],
    })


def approved(plan):
    as_user(plan, drafter).action_approval_submit()
    decide(plan, assistant, text='Upgrade fixture: reviewed.')
    decide(plan, gm)
    return plan


# approved, then revised: the first version superseded by its approved revision
first = approved(quarter_plan(1, 'Upgrade fixture: approved, then superseded by its revision.'))
revision = Plan.browse(as_user(first, gm).action_revise()['res_id'])
approved(as_user(revision, drafter))
# refused by the region after head office proposed it
refused = approved(quarter_plan(2, 'Upgrade fixture: refused by the region.'))
as_user(refused, gm).action_propose()
as_user(refused, manager).action_refuse('Upgrade fixture: the induction cooker target is too high.')
# accepted by the region: in execution
accepted = approved(quarter_plan(3, 'Upgrade fixture: accepted, in execution.'))
as_user(accepted, gm).action_propose()
as_user(accepted, manager).action_accept()
# cancelled by head office while a draft
as_user(quarter_plan(4, 'Upgrade fixture: cancelled.'), gm).action_cancel()
# a submission the marketing assistant rejected: back in draft, a rework to-do for the drafter
rejected = as_user(Plan, drafter).create({
    'region_id': north.id, 'period_type': 'month',
    'date_start': fields.Date.to_string(next_year + relativedelta(months=12)),
    'date_end': fields.Date.to_string(next_year + relativedelta(months=13, days=-1)),
    'line_ids': [(0, 0, {'region_id': north.id, 'target_amount': 9000.0})],
})
as_user(rejected, drafter).action_approval_submit()
decide(rejected, assistant, approve=False, text='Upgrade fixture: split the target per salesperson.')

# demand covered and cancelled
Demand = env['sales.demand']


def demand(product_xmlid, quantity, customer_xmlid):
    return as_user(Demand, drafter).create({
        'product_id': ref(product_xmlid).id, 'product_qty': quantity,
        'partner_id': ref(customer_xmlid).id,
        'date_needed': fields.Date.to_string(date.today() + relativedelta(days=15))})


as_user(demand('sales_process.product_soymilk', 5, 'sales_process.customer_north_1'),
        drafter).action_mark_covered()
as_user(demand('sales_process.product_rice_cooker', 6, 'sales_process.customer_north_2'),
        drafter).action_cancel()

# a request cancelled in draft, and one whose transfer arrived in part
Request = env['stock.transfer.request']
south_user = ref('sales_process.user_sales_south')
cancelled = as_user(Request, drafter).create({
    'line_ids': [(0, 0, {'product_id': ref('sales_process.product_kettle').id, 'product_qty': 7})]})
as_user(cancelled, drafter).action_cancel()
partial = as_user(Request, south_user).create({
    'line_ids': [(0, 0, {'product_id': ref('sales_process.product_kettle').id, 'product_qty': 10})]})
as_user(partial, south_user).action_approval_submit()
decide(partial, ref('sales_process.user_manager_south'))
decide(partial, ref('sales_process.user_sales_hq'))
picking = partial.picking_ids.sudo(ref('sales_process.user_warehouse'))
picking.action_assign()
for move in picking.move_lines:
    move.move_line_ids[:1].qty_done = move.product_uom_qty / 2
answer = picking.button_validate()
if isinstance(answer, dict) and answer.get('res_model') == 'stock.backorder.confirmation':
    env['stock.backorder.confirmation'].sudo(ref('sales_process.user_warehouse')).create(
        {'pick_ids': [(4, picking.id)]}).process()


def states(table):
    env.cr.execute('SELECT state, count(*) FROM "%s" GROUP BY 1' % table)
    return dict(env.cr.fetchall())


print('UPGRADE FIXTURE', {table: states(table) for table in (
    'sales_plan', 'stock_transfer_request', 'sales_demand')})
env.cr.commit()
