"""Two approvers decide the same step at the same moment, on two database connections.

These tests commit: the second connection must see the document. They build their own world
in committed transactions and archive/remove it afterwards.
"""
import threading
import time

import psycopg2
from psycopg2 import errorcodes

import odoo
from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.service import model as rpc_model

from odoo.addons.sales_process.tests.common import TwoServersCase

MODEL = 'sales.process.test.document'


class TestApprovalConcurrency(TwoServersCase):

    @classmethod
    def setUpClass(cls):
        super(TestApprovalConcurrency, cls).setUpClass()
        cls.dbname = odoo.tools.config['db_name']
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {'no_reset_password': True})
            ref = env.ref
            region = env['crm.team'].create({
                'name': 'Concurrency Region', 'region_code': cls.unique_name('C')[:8].upper()})

            def user(login, group, team=False):
                return env['res.users'].create({
                    'name': login, 'login': cls.unique_name(login), 'sale_team_id': team,
                    'email': '%s@example.com' % login,
                    'groups_id': [(6, 0, [ref('base.group_user').id, ref(group).id])]}).id

            cls.requester_id = user('sp_cc_requester', 'sales_process.group_salesperson', region.id)
            cls.manager_id = user('sp_cc_manager', 'sales_process.group_regional_manager', region.id)
            region.user_id = cls.manager_id
            cls.hq1_id = user('sp_cc_hq_one', 'sales_process.group_sales_hq')
            cls.hq2_id = user('sp_cc_hq_two', 'sales_process.group_sales_hq')
            cls.region_id = region.id
            cls.step_hq_id = ref('sales_process_test.step_sales_hq').id
            cls.hq1_name = 'sp_cc_hq_one'

    @classmethod
    def tearDownClass(cls):
        super(TestApprovalConcurrency, cls).tearDownClass()
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            users = env['res.users'].browse([cls.requester_id, cls.manager_id, cls.hq1_id, cls.hq2_id])
            users.write({'active': False})
            env['crm.team'].browse(cls.region_id).write({'active': False, 'user_id': False})

    def setUp(self):
        super(TestApprovalConcurrency, self).setUp()
        # a committed document waiting at the sales HQ step, which both HQ users may decide
        with self.registry.cursor() as cr:
            env = api.Environment(cr, self.requester_id, {})
            document = env[MODEL].create({'name': 'Concurrent', 'amount': 5000})
            document.action_approval_submit()
            document.sudo(self.manager_id).action_approval_approve()
            self.assertEqual(document.approval_step_id.id, self.step_hq_id)
            self.document_id = document.id

    def tearDown(self):
        super(TestApprovalConcurrency, self).tearDown()
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM sales_approval_history WHERE res_model = %s AND res_id = %s",
                       (MODEL, self.document_id))
            cr.execute("DELETE FROM mail_activity WHERE res_model = %s AND res_id = %s",
                       (MODEL, self.document_id))
            cr.execute("DELETE FROM sales_process_test_document WHERE id = %s", (self.document_id,))

    def approve(self, env):
        return env[MODEL].browse(self.document_id).with_context(
            approval_expected_step_id=self.step_hq_id).action_approval_approve()

    def decisions(self):
        with self.registry.cursor() as cr:
            cr.execute("""SELECT user_id FROM sales_approval_history
                           WHERE res_model = %s AND res_id = %s AND step_id = %s AND decision = 'approved'""",
                       (MODEL, self.document_id, self.step_hq_id))
            return [row[0] for row in cr.fetchall()]

    def test_second_approver_waits_then_is_told_who_decided(self):
        with self.two_connections() as (cr_a, cr_b):
            env_a = api.Environment(cr_a, self.hq1_id, {})
            env_b = api.Environment(cr_b, self.hq2_id, {})
            # both open the document
            self.assertEqual(env_a[MODEL].browse(self.document_id).approval_state, 'pending')
            self.assertEqual(env_b[MODEL].browse(self.document_id).approval_state, 'pending')
            self.approve(env_a)  # A's transaction is not committed yet
            # B is refused by the database at once, with an error Odoo's RPC layer retries
            with self.assertRaises(psycopg2.OperationalError) as raised:
                self.approve(env_b)
            self.assertIn(raised.exception.pgcode, rpc_model.PG_CONCURRENCY_ERRORS_TO_RETRY)
            cr_b.rollback()
            env_b.clear()
            cr_a.commit()
            # B's retry sees A's decision and says who decided first
            with self.assertRaisesRegex(UserError, 'already been decided: approved by %s' % self.hq1_name):
                self.approve(env_b)
            cr_b.rollback()
        self.assertEqual(self.decisions(), [self.hq1_id])

    def test_second_approver_with_an_older_snapshot_is_retried(self):
        with self.two_connections() as (cr_a, cr_b):
            env_a = api.Environment(cr_a, self.hq1_id, {})
            env_b = api.Environment(cr_b, self.hq2_id, {})
            self.assertEqual(env_b[MODEL].browse(self.document_id).approval_state, 'pending')
            self.approve(env_a)
            cr_a.commit()
            # B's transaction started before A committed: PostgreSQL refuses the lock
            with self.assertRaises(psycopg2.OperationalError) as raised:
                self.approve(env_b)
            self.assertEqual(raised.exception.pgcode, errorcodes.SERIALIZATION_FAILURE)
            cr_b.rollback()
            env_b.clear()
            with self.assertRaisesRegex(UserError, 'approved by %s' % self.hq1_name):
                self.approve(env_b)
        self.assertEqual(self.decisions(), [self.hq1_id])

    def test_through_the_rpc_layer_with_its_retries(self):
        """Both approve through odoo.service.model.execute_kw, as the web client does."""
        cr_a = self.registry.cursor()
        outcome = {}

        def approve_as_b():
            try:
                with api.Environment.manage():  # what odoo.http does around every RPC call
                    rpc_model.execute_kw(self.dbname, self.hq2_id, MODEL, 'action_approval_approve',
                                         [[self.document_id]],
                                         {'context': {'approval_expected_step_id': self.step_hq_id}})
                outcome['b'] = 'approved'
            except Exception as error:  # noqa: the outcome is what is tested
                outcome['b'] = error

        try:
            self.approve(api.Environment(cr_a, self.hq1_id, {}))
            thread = threading.Thread(target=approve_as_b)
            thread.start()
            time.sleep(0.3)  # B hits A's lock and backs off
            cr_a.commit()
        finally:
            cr_a.close()
        thread.join(60)
        self.assertIsInstance(outcome.get('b'), UserError)
        self.assertIn('approved by %s' % self.hq1_name, outcome['b'].name)
        self.assertEqual(self.decisions(), [self.hq1_id])
