"""Odoo's own test runner (`make test-upstream`): it runs every test file of ours, its log is
read right, and an upstream failure that is not known to fail without the module fails it."""
import os
import re

import devtool

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_odoo_runs_every_test_file():
    # Odoo's runner runs only the test files its tests/__init__.py imports (pytest finds
    # them all): a file left out runs under `make test` but never in a company's CI
    for addon in [os.path.join(ROOT, devtool.MODULE)] + [
            os.path.join(devtool.TEST_ADDONS_DIR, name) for name in devtool.test_addons()]:
        folder = os.path.join(addon, 'tests')
        if not os.path.isdir(folder):
            continue
        with open(os.path.join(folder, '__init__.py')) as handle:
            imported = set(re.findall(r'^from \. import (\w+)$', handle.read(), re.M))
        files = {name[:-3] for name in os.listdir(folder)
                 if name.startswith('test_') and name.endswith('.py')}
        assert files - imported == set(), '%s/__init__.py does not import %s' % (
            os.path.relpath(folder, ROOT), ', '.join(sorted(files - imported)))


def log(level, logger, message):
    return '2026-12-06 15:37:25,069 18967 %s sp_x %s: %s' % (level, logger, message)


LOG = [
    log('INFO', 'odoo.modules.module', 'odoo.addons.stock.tests.test_robustness running tests.'),
    log('ERROR', 'odoo.addons.stock.tests.test_robustness', 'ERROR'),
    log('ERROR', 'odoo.addons.stock.tests.test_robustness',
        'ERROR: test_location_usage (odoo.addons.stock.tests.test_robustness.TestRobustness.'
        'test_location_usage)'),
    log('ERROR', 'odoo.addons.stock.tests.test_robustness', 'Traceback (most recent call last):'),
    log('ERROR', 'odoo.addons.stock.tests.test_robustness', '` odoo.exceptions.UserError: x'),
    log('INFO', 'odoo.addons.stock.tests.test_robustness', 'Ran 2 tests in 1.234s'),
    log('ERROR', 'odoo.addons.stock.tests.test_robustness', 'FAILED'),
    log('INFO', 'odoo.addons.stock.tests.test_robustness', ' (errors=1)'),
    log('ERROR', 'odoo.modules.module', 'Module stock: 0 failures, 1 errors'),
    log('ERROR', 'odoo.addons.sale.tests.test_sale_order',
        'ERROR: setUpClass (odoo.addons.sale.tests.test_sale_order.TestSaleOrder)'),
    log('INFO', 'odoo.addons.sale.tests.test_sale_order', 'Ran 0 tests in 0.1s'),
    log('ERROR', 'odoo.modules.module', 'Module sale: 0 failures, 2 errors'),
    log('ERROR', 'odoo.tests', 'module stock_account: an exception occurred in a test'),
    log('INFO', 'odoo.addons.crm.tests.test_crm_ui', 'Ran 1 test in 0.01s'),
    log('INFO', 'odoo.addons.crm.tests.test_crm_ui', 'OK'),
    log('INFO', 'odoo.addons.crm.tests.test_crm_ui', ' (skipped=1)'),
    log('INFO', 'odoo.service.server', 'All post-tested in 1.00s, 5 queries'),
]


def test_results_name_each_failure_and_count_the_tests():
    results = devtool.test_results(LOG)
    assert results['ran'] == {'stock': 2, 'sale': 0, 'crm': 1}
    assert results['skipped'] == {'crm': 1}
    assert results['failed'] == {
        'stock.tests.test_robustness.TestRobustness.test_location_usage': 'ERROR',
        'sale.tests.test_sale_order.TestSaleOrder.setUpClass': 'ERROR',
        'sale: unnamed failures': 'ERROR',  # the summary counts 2, one is named
        'stock_account: YAML tests': 'ERROR',
    }
    assert results['finished']
    assert not devtool.test_results(LOG[:-1])['finished']  # crashed or stopped


def test_only_known_upstream_failures_pass(monkeypatch):
    finished = {'ran': {}, 'skipped': {}, 'finished': True}
    known = 'stock.tests.test_a.TestA.test_known'
    monkeypatch.setattr(devtool, 'UPSTREAM_KNOWN_FAILURES', {known: 'a 2018 bug'})
    assert devtool.upstream_problems(dict(finished, failed={known: 'FAIL'})) == []
    new = 'sale.tests.test_b.TestB.test_new'
    problems = devtool.upstream_problems(dict(finished, failed={known: 'FAIL', new: 'ERROR'}),
                                         dict(finished, failed={known: 'FAIL'}))
    assert problems == ['%s (upstream, with the module): ERROR, NOT without the module' % new]
    ours = 'sales_process.tests.test_c.TestC.test_ours'
    assert devtool.upstream_problems(dict(finished, failed={ours: 'FAIL'})) == [
        '%s (ours): FAIL' % ours]
    # a failure without the module that the list lacks: the list must say why it fails
    assert len(devtool.upstream_problems(dict(finished, failed={}),
                                         dict(finished, failed={new: 'FAIL'}))) == 1
    assert len(devtool.upstream_problems(dict(finished, failed={}, finished=False))) == 1


def test_readme_lists_the_known_upstream_failures():
    with open(os.path.join(ROOT, 'README.md')) as handle:
        readme = handle.read()
    missing = [test_id for test_id in devtool.UPSTREAM_KNOWN_FAILURES if test_id not in readme]
    assert missing == [], 'README.md does not list %s' % missing
