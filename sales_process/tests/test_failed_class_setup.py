"""A test class whose setUpClass fails must not leave its transaction open: unittest calls no
tearDownClass then, and under Odoo's own runner the next class waited forever for the locks
that transaction held (the mail channel's, once users were created)."""
import unittest

from odoo.tests.common import BaseCase

from .common import SalesProcessCase


def broken_setup_class():
    """A test class whose set-up fails once the cursor is open (made here, not at the module's
    level, where the runners would collect it)."""

    class BrokenSetUp(SalesProcessCase):
        @classmethod
        def setUpClass(cls):
            super(BrokenSetUp, cls).setUpClass()
            raise RuntimeError('set-up broken on purpose')

        def test_never_runs(self):
            pass
    return BrokenSetUp


class TestFailedClassSetUp(BaseCase):

    def test_a_failed_class_setup_closes_its_cursor(self):
        broken = broken_setup_class()
        result = unittest.TestResult()
        try:
            unittest.TestSuite([broken('test_never_runs')]).run(result)
            self.assertEqual(result.testsRun, 0)
            self.assertEqual(len(result.errors), 1)
            self.assertIn('set-up broken on purpose', result.errors[0][1])
            self.assertTrue(broken.cr.closed,
                            "the failed class's cursor is still open, holding its locks")
        finally:
            if not broken.cr.closed:
                broken.cr.rollback()
                broken.cr.close()
