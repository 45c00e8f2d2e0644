"""The walks' fixtures: a Chromium per walk, its failure kept, its figures summed up.

Run by `make test` (runtime/devtool.py) against an Odoo server it starts on a fresh database
with the demo data and Simplified Chinese; the environment says where (SALES_PROCESS_WALK_URL,
SALES_PROCESS_WALK_DB). SALES_PROCESS_SCREENSHOTS=docs saves the README's screenshots.
"""
import os
import time

import pytest

from odoo_browser import Browser, walk_report

ARTIFACTS = os.environ.get('SALES_PROCESS_BROWSER_ARTIFACTS') or os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), '.runtime', 'browser-artifacts')
SCREENSHOTS = os.environ.get('SALES_PROCESS_SCREENSHOTS') or None
REPORTS = []


# tests that leave records in the demo's database (the bad-input catalogue's drafts, a
# delivered order, invoices) run after the walks, which count and click the demo's records
RUN_LAST = ('test_rpc_bad_input.py',)


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: os.path.basename(str(item.fspath)) in RUN_LAST)


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, 'report_' + report.when, report)


@pytest.fixture
def browser(request):
    name = request.node.name.replace('test_', '', 1)
    started = time.time()
    walker = Browser(name, ARTIFACTS, SCREENSHOTS)
    try:
        yield walker
    finally:
        failed = getattr(request.node, 'report_call', None) is None or request.node.report_call.failed
        summary = walk_report(walker, started)
        summary['passed'] = not failed
        if failed:
            summary['artifacts'] = walker.save_failure()
        walker.quit()
        REPORTS.append(summary)


def pytest_terminal_summary(terminalreporter):
    if not REPORTS:
        return
    terminalreporter.section('browser walks')
    for report in REPORTS:
        terminalreporter.write_line(
            'walk %(walk)s: %(result)s in %(seconds).1f s, %(steps)d steps, %(console_errors)d '
            'console errors (%(console_entries)d console entries)' % dict(
                report, result='passed' if report['passed'] else 'FAILED'))
        if 'artifacts' in report:
            terminalreporter.write_line('  screenshot and console log kept in %s' % report['artifacts'])
