"""A scheduled job's work done once when several servers run it at the same moment (two
database connections): sales.process.document._claim_run.

Found while writing the load test's checks (tests_browser/load.py: two servers, the scheduled
actions triggered on both at the same instant): the repeat-defect alerts were guarded by an
advisory lock, and a run whose transaction began before the other committed (it waited for the
lock, or took it just after) went on with its old snapshot and raised every alert a second
time (two connections on the demo data with main's code: 4 alerts for 2 products, 2 with this
claim). The stock check had no guard of its own: an overlapping run was refused by PostgreSQL
only where both took the same open demand, and a refused scheduled run logged an error. The
claim is a row every run writes: PostgreSQL refuses the second (repeatable read), whether it
waited or only began before the first committed.

These tests commit (the second connection must see the first's work); the claims are system
parameters of a test job of their own, removed afterwards.
"""
import threading
from unittest import mock

from psycopg2 import OperationalError, errorcodes

from odoo import SUPERUSER_ID, api

from .common import TwoServersCase

JOB = 'test_scheduled_concurrency'


class TestClaimRun(TwoServersCase):

    def tearDown(self):
        super(TestClaimRun, self).tearDown()
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM ir_config_parameter WHERE key = %s",
                       ('sales_process.last_run.%s' % JOB,))

    def documents(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {})['sales.process.document']

    def test_a_run_started_before_the_other_committed_is_refused(self):
        with self.two_connections() as (cr_a, cr_b):
            cr_b.execute('SELECT 1')  # its snapshot: taken before the first run commits
            self.documents(cr_a)._claim_run(JOB)
            cr_a.commit()
            # an advisory lock would be free now, and cr_b would work from its old snapshot
            self.assertFalse(self.documents(cr_b)._claim_scheduled_run(JOB))
            with self.assertRaises(OperationalError) as caught:
                self.documents(cr_b)._claim_run(JOB)  # over RPC: Odoo retries the call
            self.assertEqual(caught.exception.pgcode, errorcodes.SERIALIZATION_FAILURE)

    def test_a_run_at_the_same_moment_waits_then_adds_nothing(self):
        claimed = []
        with self.two_connections() as (cr_a, cr_b):
            cr_b.execute('SELECT 1')
            self.assertTrue(self.documents(cr_a)._claim_scheduled_run(JOB))

            def other_server():
                with api.Environment.manage():  # a thread of its own: its own environments
                    claimed.append(self.documents(cr_b)._claim_scheduled_run(JOB))
            other = threading.Thread(target=other_server)
            other.start()
            other.join(1)
            self.assertTrue(other.is_alive(), 'the other run waits for the first')
            cr_a.commit()
            other.join(30)
            self.assertEqual(claimed, [False])

    def test_one_after_the_other_both_run(self):
        for _run in range(2):
            with self.registry.cursor() as cr:
                self.assertTrue(self.documents(cr)._claim_scheduled_run(JOB))

    def test_the_scheduled_actions_skip_a_run_already_done(self):
        """The stock check and the repeat-defect alerts, as the scheduled actions run them."""
        for model, job, work in (
                ('stock.transfer.request', 'stock_check', '_propose_from_stock_check'),
                ('sales.aftersales.alert', 'repeat_defects', '_raise_repeat_defects')):
            cron = '_cron_check_stock' if job == 'stock_check' else '_cron_raise_repeat_defects'
            with self.two_connections() as (cr_a, cr_b):
                cr_b.execute('SELECT 1')
                self.documents(cr_a)._claim_run(job)  # the other server's run
                cr_a.commit()
                env_b = api.Environment(cr_b, SUPERUSER_ID, {})
                with mock.patch.object(type(env_b[model]), work) as called:
                    getattr(env_b[model], cron)()
                self.assertFalse(called.called, '%s: nothing to add' % cron)
                with mock.patch.object(type(env_b[model]), work) as called:
                    with self.registry.cursor() as cr_c:  # the next day's run
                        getattr(api.Environment(cr_c, SUPERUSER_ID, {})[model], cron)()
                self.assertTrue(called.called, '%s: runs when nobody else does' % cron)
