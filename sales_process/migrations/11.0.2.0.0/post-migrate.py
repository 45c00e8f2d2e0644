"""sales_process 11.0.1.0.0 -> 11.0.2.0.0: carry an existing database over to the new code.

Odoo runs this after the module's new code is loaded, its tables updated (the new columns
``requester_policy`` and ``condition`` of sales.approval.step exist, filled with their
defaults, and the old columns ``allow_self_approval``/``approved_by_submitter`` are still
there: Odoo 11 never drops the column of a field that disappeared) and its data files loaded
(the ``noupdate`` records are left as they were), and before Odoo cleans the records the
module's data no longer declares. Every step below is idempotent: it looks at the database
before changing anything, so a second run changes nothing.

1. Approval steps: the two booleans become the ``requester_policy`` selection, then their
   columns (and the stale field definitions Odoo keeps in ir.model.fields) are dropped. The
   shipped transfer chain's manager step is 'submission' (see _map_requester_policy); the new
   ``condition`` filter is '[]' where it is empty.
2. The escalation scheduled action calls the method where it now lives.
3. The transfer request sequence becomes gap-free, its next number kept.
4. Roles: nothing to do, on purpose. 11.0.1.0.0 put the administrator (base.user_root) in
   four business roles (general manager, customer service, quality, warehouse) at install;
   11.0.2.0.0 no longer does, on new databases. In an existing database those memberships
   are the company's decisions since the install (the administrator may really be the general
   manager, or may have been taken out already): an upgrade is no time to take rights away
   from people or give them back. Whoever wants the administrator out of the roles removes
   them in Settings > Users.
5. Home page: the users holding a role get the dashboard as their home action, as a user who
   is given a role does from now on, unless they already have a home action.
"""
import logging

from psycopg2 import sql

from odoo import SUPERUSER_ID, api
from odoo.addons.base.ir.ir_model import MODULE_UNINSTALL_FLAG
from odoo.tools import column_exists

_logger = logging.getLogger(__name__)

OLD_BOOLEANS = ('approved_by_submitter', 'allow_self_approval')
MANAGER_STEP = 'sales_process.stock_transfer_request_step_regional_manager'
CRON = 'sales_process.ir_cron_escalate_overdue_approvals'
CRON_CODE = 'model._cron_escalate_overdue_approvals()'
SEQUENCE = 'sales_process.seq_stock_transfer_request'


def migrate(cr, version):
    if not version:  # a new install has nothing to carry over
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    _map_requester_policy(env)
    _drop_old_booleans(env)
    _fill_condition(env)
    _fix_escalation_cron(env)
    _make_transfer_sequence_gap_free(env)
    _give_role_users_the_dashboard(env)


def _map_requester_policy(env):
    """allow_self_approval/approved_by_submitter -> requester_policy, from the old columns.

    approved_by_submitter -> 'submission', whatever allow_self_approval says (with both
    ticked, the old engine approved the step at submission and never looked at the other);
    only allow_self_approval -> 'requester'; neither -> 'others' (the new column's default).
    A column may be missing altogether: databases installed before approved_by_submitter
    existed (under the same version number) never got it, and read as False.

    Those databases also never got the shipped transfer chain's manager step right: its data
    is noupdate, so the approved_by_submitter=True added to it later never reached them. The
    step is meant to be 'submission' (a request the region's manager submits is approved by
    them at submission), so where the mapping gives it 'others' it becomes 'submission'.
    Done only here, from the old columns: once they are gone, the policy is the company's.
    """
    cr = env.cr
    present = [name for name in OLD_BOOLEANS if column_exists(cr, 'sales_approval_step', name)]
    if not present:
        return  # already migrated (or never had them)

    for name in set(OLD_BOOLEANS) - set(present):
        # never had it: an empty column reads as False below (CASE WHEN NULL does not match)
        cr.execute(sql.SQL('ALTER TABLE sales_approval_step ADD COLUMN {} boolean').format(
            sql.Identifier(name)))
    # only the steps of before: a step the new data files made in this same update (a chain of
    # a process that came after, e.g. the appraisal's) has neither old box and keeps its policy
    cr.execute("""
        UPDATE sales_approval_step
           SET requester_policy = CASE WHEN approved_by_submitter THEN 'submission'
                                       WHEN allow_self_approval THEN 'requester'
                                       ELSE 'others' END
         WHERE approved_by_submitter IS NOT NULL OR allow_self_approval IS NOT NULL
        RETURNING id, requester_policy
    """)
    policies = dict(cr.fetchall())
    _logger.info("approval steps: requester policy set from the old check boxes: %s",
                 ', '.join('%d %s' % (list(policies.values()).count(policy), policy)
                           for policy in sorted(set(policies.values()))))

    manager_step = env.ref(MANAGER_STEP, raise_if_not_found=False)
    if manager_step and policies.get(manager_step.id) == 'others':
        cr.execute("UPDATE sales_approval_step SET requester_policy = 'submission' WHERE id = %s",
                   (manager_step.id,))
        _logger.info("approval step %s (%s): requester policy 'submission', as shipped (this "
                     "database was installed before the step's data said so)",
                     MANAGER_STEP, manager_step.name)
    env['sales.approval.step'].invalidate_cache(['requester_policy'])


def _drop_old_booleans(env):
    """Drop what is left of the two booleans, now that their values are carried over.

    Odoo 11 keeps both the columns and the fields' definitions (ir.model.fields, with their
    xmlids and access groups) of a field removed from the code, until the module is
    uninstalled: the definitions would still be offered in filters, exports and automated
    actions. They are removed the way an uninstall removes them (which drops their columns);
    a column left without a definition is dropped directly.
    """
    cr = env.cr
    stale = env['ir.model.fields'].search([('model', '=', 'sales.approval.step'),
                                           ('name', 'in', list(OLD_BOOLEANS))])
    if stale:
        cr.execute("DELETE FROM ir_translation WHERE name LIKE 'ir.model.fields,%%' "
                   "AND res_id IN %s", (tuple(stale.ids),))
        stale.with_context(**{MODULE_UNINSTALL_FLAG: True}).unlink()
        _logger.info("approval steps: removed the fields %s", ', '.join(OLD_BOOLEANS))
    for name in OLD_BOOLEANS:
        if column_exists(cr, 'sales_approval_step', name):
            cr.execute(sql.SQL('ALTER TABLE sales_approval_step DROP COLUMN {}').format(
                sql.Identifier(name)))
            _logger.info("approval steps: dropped the column %s", name)


def _fill_condition(env):
    """Steps apply under a filter: '[]' (every document) where there is none.

    Odoo fills a new column with the field's default when it creates it, so this finds
    nothing on an upgrade from 11.0.1.0.0; it covers any row left empty all the same. The
    engine reads an empty condition as '[]' (_condition_domain), so nothing breaks either way.
    """
    env.cr.execute("UPDATE sales_approval_step SET condition = '[]' "
                   "WHERE condition IS NULL OR trim(condition) = ''")
    if env.cr.rowcount:
        _logger.info("approval steps: empty condition set to '[]' on %d steps", env.cr.rowcount)
        env['sales.approval.step'].invalidate_cache(['condition'])


def _fix_escalation_cron(env):
    """The escalation method moved from the engine's abstract model to the steps' model.

    The scheduled action is noupdate data: its old code,
    env['sales.approval.mixin']._cron_escalate_overdue_approvals(), would fail every hour
    from now on. It now runs on the action's model, sales.approval.step (already its model
    in 11.0.1.0.0). A code someone rewrote into something else is theirs: left alone.
    """
    cron = env.ref(CRON, raise_if_not_found=False)
    code = (cron.code or '').strip() if cron else CRON_CODE
    if code == CRON_CODE or (code and 'sales.approval.mixin' not in code):
        return  # done already, deleted, or someone's own code
    values = {'code': CRON_CODE}
    if cron.model_id.model != 'sales.approval.step':
        values['model_id'] = env['ir.model']._get('sales.approval.step').id
    cron.write(values)
    _logger.info("scheduled action %s: now runs %s on sales.approval.step", CRON, CRON_CODE)


def _make_transfer_sequence_gap_free(env):
    """Transfer request numbers become gap-free (implementation 'no_gap').

    Written through the ORM, which drops the PostgreSQL sequences of the 'standard'
    implementation. A 'standard' sequence does not keep its next number in number_next
    (that is the number it started from): the PostgreSQL sequence does
    (number_next_actual). It is read first and written with the switch, for the sequence
    and for each of its date ranges, so the next request follows the last one numbered.
    """
    sequence = env.ref(SEQUENCE, raise_if_not_found=False)
    if not sequence or sequence.implementation == 'no_gap':
        return
    next_number = sequence.number_next_actual
    ranges = {date_range: date_range.number_next_actual for date_range in sequence.date_range_ids}
    sequence.write({'implementation': 'no_gap', 'number_next': next_number})
    for date_range, number in ranges.items():
        date_range.write({'number_next': number})
    _logger.info("sequence %s: gap-free from now on, next number %s", SEQUENCE, next_number)


def _give_role_users_the_dashboard(env):
    """Users with a role and no home action land on the dashboard (res.users keeps one they
    already have)."""
    category = env.ref('sales_process.module_category_sales_process')
    users = env['res.users'].with_context(active_test=False).search([
        ('action_id', '=', False), ('groups_id.category_id', '=', category.id)])
    users._set_sales_home_action()
    _logger.info("sales_process: the dashboard is the home page of %d users with a role", len(users))
