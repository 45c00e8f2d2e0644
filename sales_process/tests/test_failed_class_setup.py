"""A test class whose setUpClass fails must not leave its transaction open: unittest calls no
tearDownClass then, and under Odoo's own runner the next class waited forever for the locks
that transaction held (the mail channel's, once users were created)."""
import unittest

from odoo.tests.common import BaseCase

from .common import SalesProcessCase


class TestFailedClassSetUp(BaseCase):

    def test_a_failed_class_setup_closes_its_cursor(self):

        class BrokenSetUp(SalesProcessCase):
            @classmethod
            def setUpClass(cls):
                super(BrokenSetUp, cls).setUpClass()
                raise RuntimeError('set-up broken on purpose')

            def test_never_runs(self):
                pass

        result = unittest.TestResult()
        try:
            unittest.TestSuite([BrokenSetUp('test_never_runs')]).run(result)
            self.assertEqual(result.testsRun, 0)
            self.assertEqual(len(result.errors), 1)
            self.assertIn('set-up broken on purpose', result.errors[0][1])
            self.assertTrue(BrokenSetUp.cr.closed,
                            "the failed class's cursor is still open, holding its locks")
        finally:
            if not BrokenSetUp.cr.closed:
                BrokenSetUp.cr.rollback()
                BrokenSetUp.cr.close()
