"""`make test` fails when installing or updating the module logs an ERROR or WARNING."""
import os

import pytest

import devtool

LOGS = [path for path in os.environ.get('SALES_PROCESS_INSTALL_LOGS', '').split(os.pathsep) if path]


@pytest.mark.skipif(not LOGS, reason='run through `make test`, which installs the module first')
@pytest.mark.parametrize('log_path', LOGS, ids=os.path.basename)
def test_install_and_update_log_no_error_or_warning(log_path):
    with open(log_path) as handle:
        problems = devtool.log_problems(handle.read().splitlines())
    assert not problems, '\n\n'.join(problems)


def test_log_check_flags_errors_warnings_and_their_tracebacks():
    lines = [
        '2026-11-27 05:01:02,123 42 INFO db odoo.modules.loading: loading sales_process/x.xml',
        '2026-11-27 05:01:02,124 42 WARNING db odoo.modules.module: module test_exceptions: module not found',
        '2026-11-27 05:01:02,125 42 WARNING db odoo.models: sales.plan.x: unknown field',
        '2026-11-27 05:01:02,126 42 ERROR db odoo.sql_db: bad query',
        'Traceback (most recent call last):',
        '  File "x.py", line 1',
        '2026-11-27 05:01:02,127 42 INFO db odoo.modules.loading: done',
    ]
    problems = devtool.log_problems(lines)
    assert len(problems) == 2  # the known test_exceptions line is not one
    assert 'unknown field' in problems[0]
    assert problems[1].endswith('  File "x.py", line 1')


def test_only_the_known_line_is_tolerated():
    similar = ('2026-11-27 05:01:02,124 42 WARNING db odoo.modules.module: '
               'module sales_process: module not found')
    assert devtool.log_problems([similar])


def test_odoo_runs_without_the_racy_addon_preload():
    # see devtool.odoo_env: a request during the registry's loading must not import addons
    assert devtool.odoo_env()['ODOO_PRELOAD_ADDONS'] == 'no'
