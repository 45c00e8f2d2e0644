"""The databases `make test` builds beside the test database (runtime/devtool.py, cmd_test).

- The upgrade database: the module's last release (runtime/releases/) installed with its demo
  data, more documents moved by the release's code into the states its demo leaves out
  (runtime/upgrade_fixture.py), a snapshot taken (SALES_PROCESS_UPGRADE_SNAPSHOT), every
  combination of the approval steps' old check boxes set, then `-u sales_process` with the
  checkout's code: the migration (sales_process/migrations/) must have carried everything over.
- The no-demo database: the module installed without demo data, as in a company's database.

Both are opened read-only: every change made here (running the scheduled action, taking a
sequence number) is rolled back. Run through `make test`, which builds them and passes their
names; without them these tests fail rather than pass unchecked.
"""
import importlib.util
import json
import os
import re
from contextlib import contextmanager
from datetime import timedelta

import pytest

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.module import load_information_from_description_file

MODULE = 'sales_process'
MANAGER_STEP = 'sales_process.stock_transfer_request_step_regional_manager'
CRON = 'sales_process.ir_cron_escalate_overdue_approvals'
OLD_CRON_CODE = "env['sales.approval.mixin']._cron_escalate_overdue_approvals()"
NEW_CRON_CODE = 'model._cron_escalate_overdue_approvals()'
SEQUENCE = 'sales_process.seq_stock_transfer_request'
OLD_BOOLEANS = ('allow_self_approval', 'approved_by_submitter')
# the four roles 11.0.1.0.0 gave the administrator at install
ADMIN_ROLES_OF_THE_RELEASE = {'sales_process.group_general_manager',
                              'sales_process.group_customer_service',
                              'sales_process.group_quality', 'sales_process.group_warehouse'}


def _setting(name):
    value = os.environ.get(name)
    if not value:
        pytest.fail('%s is not set: these tests check the upgrade and no-demo databases that '
                    '`make test` builds before running pytest. Run them with `make test` '
                    '(e.g. make test ARGS=runtime/tests/test_upgrade.py).' % name, pytrace=False)
    return value


@contextmanager
def _environment(dbname):
    """A superuser environment on `dbname`, rolled back and closed afterwards (an Odoo 11
    cursor used as a context manager would commit: not used)."""
    cr = odoo.registry(dbname).cursor()
    try:
        yield api.Environment(cr, SUPERUSER_ID, {})
    finally:
        cr.rollback()
        cr.close()


@pytest.fixture(scope='module')
def snapshot():
    with open(_setting('SALES_PROCESS_UPGRADE_SNAPSHOT')) as handle:
        data = json.load(handle)
    assert data['database'] == _setting('SALES_PROCESS_UPGRADE_DB')
    return data


@pytest.fixture(scope='module')
def upgraded():
    with _environment(_setting('SALES_PROCESS_UPGRADE_DB')) as env:
        yield env


@pytest.fixture(scope='module')
def nodemo():
    with _environment(_setting('SALES_PROCESS_NODEMO_DB')) as env:
        yield env


@contextmanager
def _rolled_back(env):
    """Run a block in a savepoint that is always rolled back, the caches emptied after."""
    env.cr.execute('SAVEPOINT upgrade_check')
    try:
        yield
    finally:
        env.cr.execute('ROLLBACK TO SAVEPOINT upgrade_check')
        env.clear()


def _column_exists(env, table, column):
    env.cr.execute("SELECT 1 FROM information_schema.columns WHERE table_name = %s "
                   "AND column_name = %s", (table, column))
    return bool(env.cr.fetchone())


def expected_policy(step):
    """requester_policy from the old check boxes (independently of the migration's code)."""
    if step['approved_by_submitter']:
        return 'submission'  # with both ticked, allow_self_approval did nothing
    if step['allow_self_approval']:
        return 'requester'
    # the shipped manager step is meant to be 'submission'; databases installed before
    # approved_by_submitter existed never got it (noupdate data)
    return 'submission' if step['xmlid'] == MANAGER_STEP else 'others'


# ------------------------------------------------------------------------------------------
# The upgraded database
# ------------------------------------------------------------------------------------------

def test_the_release_was_installed_then_upgraded_to_the_checkout(upgraded, snapshot):
    assert snapshot['installed_version'] == snapshot['released_version'] == '11.0.1.0.0'
    assert snapshot['demo'], 'the release was installed with its demo data'
    module = upgraded['ir.module.module'].search([('name', '=', MODULE)])
    current = load_information_from_description_file(MODULE)['version']
    assert current == '11.0.2.0.0'
    assert (module.state, module.latest_version) == ('installed', current)


def test_every_step_has_the_policy_its_old_check_boxes_map_to(upgraded, snapshot):
    steps = upgraded['sales.approval.step'].with_context(active_test=False)
    # the steps of before are all kept (the upgrade adds the chains of the new processes)
    old_ids = [old['id'] for old in snapshot['steps']]
    assert steps.search_count([('id', 'in', old_ids)]) == len(old_ids)
    seen = set()
    for old in snapshot['steps']:
        step = steps.browse(old['id'])
        assert step.exists(), 'step %(id)s (%(name)s) lost in the upgrade' % old
        assert step.requester_policy == expected_policy(old), old
        seen.add((old['allow_self_approval'], old['approved_by_submitter']))
    # every combination was there to map (devtool.UPGRADE_STEP_BOOLEANS)
    assert seen == {(False, False), (True, False), (False, True), (True, True)}
    assert any(old['xmlid'] != MANAGER_STEP and expected_policy(old) == 'others'
               for old in snapshot['steps'])


def test_the_shipped_manager_step_approves_at_submission(upgraded, snapshot):
    manager = [old for old in snapshot['steps'] if old['xmlid'] == MANAGER_STEP]
    # neither box ticked before the upgrade, as in a database installed before
    # approved_by_submitter existed
    assert [(old['allow_self_approval'], old['approved_by_submitter']) for old in manager] \
        == [(False, False)]
    assert upgraded.ref(MANAGER_STEP).requester_policy == 'submission'


def test_the_old_check_boxes_are_gone(upgraded, snapshot):
    assert any(old['approved_by_submitter'] for old in snapshot['steps_installed'])
    for name in OLD_BOOLEANS:
        assert not _column_exists(upgraded, 'sales_approval_step', name)
    assert not upgraded['ir.model.fields'].search([('model', '=', 'sales.approval.step'),
                                                   ('name', 'in', list(OLD_BOOLEANS))])
    assert 'requester_policy' in upgraded['sales.approval.step']._fields


def test_steps_apply_to_every_document_and_an_empty_condition_is_harmless(upgraded, snapshot):
    # the steps of before (the new processes' chains may have conditions of their own)
    steps = upgraded['sales.approval.step'].with_context(active_test=False).search(
        [('id', 'in', [old['id'] for old in snapshot['steps']])])
    assert set(steps.mapped('condition')) == {'[]'}
    step = upgraded.ref(MANAGER_STEP)
    request = upgraded['stock.transfer.request'].search([], limit=1)
    assert request and not step.min_amount
    with _rolled_back(upgraded):
        upgraded.cr.execute("UPDATE sales_approval_step SET condition = NULL WHERE id = %s",
                            (step.id,))
        upgraded.clear()
        step = upgraded.ref(MANAGER_STEP)
        assert step.condition is False
        step._check_condition()
        assert step._applies_to(request)


def test_the_upgrade_adds_the_appraisal_chain(upgraded):
    # the regional manager (approved by submitting the appraisal), then the sales director
    manager = upgraded.ref('sales_process.approval_step_appraisal_regional_manager')
    director = upgraded.ref('sales_process.approval_step_appraisal_sales_director')
    assert (manager.model, manager.approver_type, manager.user_field_id.name,
            manager.requester_policy) == ('sales.appraisal', 'field', 'region_manager_id',
                                          'submission')
    assert (director.model, director.group_id) == (
        'sales.appraisal', upgraded.ref('sales_process.group_sales_director'))
    assert upgraded['sales.approval.step'].search([('model', '=', 'sales.appraisal')]) \
        == manager | director


def test_the_escalation_cron_runs_its_new_code(upgraded, snapshot):
    assert snapshot['cron_code'].strip() == OLD_CRON_CODE
    cron = upgraded.ref(CRON)
    assert cron.code.strip() == NEW_CRON_CODE
    assert cron.model_id.model == 'sales.approval.step'
    today = odoo.fields.Date.from_string(odoo.fields.Date.context_today(cron))
    models = upgraded['sales.approval.step']._approval_models()
    pending = {model: upgraded[model].search([('approval_state', '=', 'pending')]).ids
               for model in models}
    assert any(pending.values()), 'the demo data has documents waiting for approval'
    with _rolled_back(upgraded):
        # their deadline passed yesterday: the action must escalate them
        for model, ids in pending.items():
            if ids:
                upgraded.cr.execute('UPDATE "%s" SET approval_deadline = %%s WHERE id IN %%s'
                                    % upgraded[model]._table, (today - timedelta(days=1), tuple(ids)))
        upgraded.clear()
        cron.method_direct_trigger()
        for model, ids in pending.items():
            assert all(upgraded[model].browse(ids).mapped('approval_escalated')), model


def test_the_transfer_sequence_is_gap_free_and_goes_on_from_the_last_number(upgraded, snapshot):
    before = snapshot['sequence']
    assert before['implementation'] == 'standard'
    numbers = [int(re.search(r'(\d+)$', name).group(1))
               for name in before['request_names'] if name and re.search(r'\d+$', name)]
    assert numbers, 'the release\'s demo data numbers some transfer requests'
    assert before['next_number'] == max(numbers) + 1
    sequence = upgraded.ref(SEQUENCE)
    assert sequence.id == before['id'] and sequence.implementation == 'no_gap'
    upgraded.cr.execute("SELECT 1 FROM pg_class WHERE relkind = 'S' AND relname = %s",
                        ('ir_sequence_%03d' % sequence.id,))
    assert not upgraded.cr.fetchone(), 'the PostgreSQL sequence was dropped'
    assert sequence.number_next == sequence.number_next_actual == before['next_number']
    with _rolled_back(upgraded):
        name = upgraded['ir.sequence'].next_by_code('stock.transfer.request')
        assert int(re.search(r'(\d+)$', name).group(1)) == max(numbers) + 1
        assert name not in before['request_names']


def test_every_business_record_and_its_chatter_survived(upgraded, snapshot):
    counts = {}
    for table in snapshot['counts']:
        upgraded.cr.execute('SELECT count(*) FROM "%s"' % table)
        counts[table] = upgraded.cr.fetchone()[0]
    assert counts == snapshot['counts']
    for table in ('sales_plan', 'sales_plan_line', 'stock_transfer_request',
                  'stock_transfer_request_line', 'sales_demand', 'sales_approval_history'):
        assert counts[table], 'the demo data has some %s to keep' % table
    upgraded.cr.execute("SELECT model, count(*) FROM mail_message WHERE model IN %s "
                        "GROUP BY model", (tuple(snapshot['messages']),))
    messages = dict(upgraded.cr.fetchall())
    assert {model: messages.get(model, 0) for model in snapshot['messages']} \
        == snapshot['messages']
    assert snapshot['messages']['stock.transfer.request'] and snapshot['messages']['sales.plan']


def _fingerprint_module():
    """runtime/upgrade_fingerprint.py, the module devtool.py took the snapshot with."""
    path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                        'upgrade_fingerprint.py')
    spec = importlib.util.spec_from_file_location('sales_process_upgrade_fingerprint', path)
    fingerprint = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fingerprint)
    return fingerprint


# every state of the release's documents (11.0.1.0.0's selections), each made by the release's
# demo or by runtime/upgrade_fixture.py with the release's code before the snapshot
RELEASED_STATES = {
    'sales_plan.states': {'draft', 'submitted', 'approved', 'decomposed', 'to_accept', 'refused',
                          'execution', 'closed', 'superseded', 'cancelled'},
    'stock_transfer_request.states': {'draft', 'to_approve', 'recheck', 'transfer', 'partial',
                                      'done', 'cancel'},
    'sales_demand.states': {'open', 'requested', 'done', 'cancel'},
}


def test_the_release_had_documents_in_every_state(snapshot):
    for name, states in RELEASED_STATES.items():
        assert set(snapshot['fingerprint'][name]) == states, name
    # ... and the rest: history, chatter, activities, transfer orders to keep
    for name in ('sales_approval_history', 'mail_message', 'mail_tracking_value',
                 'mail_followers', 'mail_activity', 'stock_picking', 'stock_move'):
        assert snapshot['fingerprint'][name][0], 'the release made some %s to keep' % name


def test_every_release_record_its_state_links_history_and_activities_survived(upgraded, snapshot):
    after = _fingerprint_module().fingerprint(upgraded.cr, snapshot['last_ids'])
    changed = {name: (snapshot['fingerprint'][name], after[name])
               for name in snapshot['fingerprint'] if after[name] != snapshot['fingerprint'][name]}
    assert not changed


def test_the_fingerprint_sees_a_changed_state_and_a_lost_activity(upgraded, snapshot):
    fingerprint = _fingerprint_module()
    with _rolled_back(upgraded):
        upgraded.cr.execute("UPDATE sales_plan SET state = 'draft' WHERE state = 'refused' "
                            "AND id <= %s", (snapshot['last_ids']['sales_plan'],))
        upgraded.cr.execute("DELETE FROM mail_activity WHERE id = (SELECT max(id) FROM "
                            "mail_activity WHERE id <= %s AND res_model = 'sales.plan')",
                            (snapshot['last_ids']['mail_activity'],))
        after = fingerprint.fingerprint(upgraded.cr, snapshot['last_ids'])
    changed = {name for name in after if after[name] != snapshot['fingerprint'][name]}
    # (SQL changes the plan only: its lines' stored state stays as it was)
    assert changed == {'sales_plan', 'sales_plan.states', 'mail_activity'}


def test_the_upgrade_keeps_role_memberships(upgraded, snapshot):
    # the release put the administrator in four roles; the upgrade takes nobody out
    assert ADMIN_ROLES_OF_THE_RELEASE <= set(snapshot['admin_groups'])
    admin = upgraded.ref('base.user_root')
    kept = {xmlid for xmlid in snapshot['admin_groups'] if admin in upgraded.ref(xmlid).users}
    assert kept == set(snapshot['admin_groups'])


def test_role_users_land_on_the_dashboard_after_the_upgrade(upgraded):
    # the release had no dashboard: its role users get it as home page (none had another one)
    dashboard = upgraded.ref('sales_process.sales_process_dashboard_action')
    category = upgraded.ref('sales_process.module_category_sales_process')
    users = upgraded['res.users'].search([('groups_id.category_id', '=', category.id)])
    assert upgraded.ref('sales_process.user_warehouse') in users
    assert {user.action_id.id for user in users} == {dashboard.id}


def _migration():
    """The module's post-migration script to 11.0.2.0.0, loaded as Odoo loads it."""
    path = os.path.join(odoo.modules.module.get_module_path(MODULE), 'migrations', '11.0.2.0.0',
                        'post-migrate.py')
    spec = importlib.util.spec_from_file_location('sales_process_post_migrate_11_0_2_0_0', path)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


def _state(env):
    """What the migration sets, as read from the database."""
    env.cr.execute("SELECT id, requester_policy, condition FROM sales_approval_step ORDER BY id")
    steps = env.cr.fetchall()
    cron = env.ref(CRON)
    sequence = env.ref(SEQUENCE)
    columns = [name for name in OLD_BOOLEANS if _column_exists(env, 'sales_approval_step', name)]
    return steps, cron.code, sequence.implementation, sequence.number_next_actual, columns


def test_running_the_migration_again_changes_nothing(upgraded):
    with _rolled_back(upgraded):
        # a decision taken after the upgrade: the manager step is no longer 'submission'
        upgraded.cr.execute("UPDATE sales_approval_step SET requester_policy = 'others' "
                            "WHERE id = %s", (upgraded.ref(MANAGER_STEP).id,))
        upgraded.clear()
        before = _state(upgraded)
        _migration().migrate(upgraded.cr, '11.0.1.0.0')
        upgraded.clear()
        assert _state(upgraded) == before


def test_the_migration_maps_a_database_that_never_had_approved_by_submitter(upgraded):
    """A database installed before approved_by_submitter existed has only the other column."""
    steps = upgraded['sales.approval.step'].with_context(active_test=False).search([])
    manager = upgraded.ref(MANAGER_STEP)
    self_approving = steps.filtered(lambda step: step != manager)[:1]
    with _rolled_back(upgraded):
        upgraded.cr.execute("ALTER TABLE sales_approval_step ADD COLUMN allow_self_approval boolean")
        upgraded.cr.execute("UPDATE sales_approval_step SET requester_policy = 'others', "
                            "allow_self_approval = (id = %s)", (self_approving.id,))
        _migration().migrate(upgraded.cr, '11.0.1.0.0')
        upgraded.clear()
        policies = {step.id: step.requester_policy for step in steps.browse(steps.ids)}
        assert policies.pop(self_approving.id) == 'requester'
        assert policies.pop(manager.id) == 'submission'
        assert set(policies.values()) == {'others'}
        assert not _column_exists(upgraded, 'sales_approval_step', 'allow_self_approval')


# ------------------------------------------------------------------------------------------
# The database installed without demo data
# ------------------------------------------------------------------------------------------

def _business_roles(env):
    category = env.ref('sales_process.module_category_sales_process')
    roles = env['res.groups'].search([('category_id', '=', category.id)])
    assert len(roles) >= 10, 'the module\'s roles: %s' % roles.mapped('name')
    return roles | env.ref('sales_process.group_all_regions')


def test_no_demo_database_has_no_demo_data(nodemo):
    module = nodemo['ir.module.module'].search([('name', '=', MODULE)])
    assert module.state == 'installed' and not module.demo
    assert not nodemo['ir.module.module'].search([('state', '=', 'installed'),
                                                  ('demo', '=', True)])


def test_no_demo_database_gives_the_administrator_no_business_role(nodemo):
    admin = nodemo.ref('base.user_root')
    holding = [role.name for role in _business_roles(nodemo) if admin in role.users]
    assert not holding


def test_no_demo_database_has_none_of_the_demo_users(nodemo):
    path = os.path.join(odoo.modules.module.get_module_path(MODULE), 'demo', 'res_users_demo.xml')
    with open(path) as handle:
        logins = re.findall(r'<field name="login">([^<]+)</field>', handle.read())
    assert len(logins) >= 10, 'the demo users\' logins read from %s' % path
    users = nodemo['res.users'].with_context(active_test=False)
    assert not users.search([('login', 'in', logins)])
    assert not nodemo['ir.model.data'].search([('module', '=', MODULE),
                                               ('model', '=', 'res.users')])
