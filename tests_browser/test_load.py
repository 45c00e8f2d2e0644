"""Several servers, one database, under load, in short (issue 13; the full run is `make bench
ARGS=bench/bench_load.py`: 20 clients for 60 s).

`make test` serves a copy of the demo database on two prefork servers with their cron workers
(runtime/devtool.py, run_load_tests) and runs this file against them: a few clients play every
process's stories for 10 s, through both servers, while the module's scheduled actions run on
both at the same instant (tests_browser/load.py). Afterwards nothing acknowledged is missing,
nothing is duplicated, no step is decided twice; the figures (latency per call kind) are
printed, not asserted (the bench checks the goal).
"""
import os

import pytest

import load

URLS = os.environ.get('SALES_PROCESS_LOAD_URLS')
DB = os.environ.get('SALES_PROCESS_LOAD_DB')
CLIENTS = int(os.environ.get('SALES_PROCESS_LOAD_CLIENTS', '6'))
SECONDS = float(os.environ.get('SALES_PROCESS_LOAD_SECONDS', '10'))


@pytest.mark.skipif(not URLS, reason='needs the two servers of make test (run_load_tests)')
def test_two_servers_one_database_under_load(capsys):
    result = load.run(URLS.split(','), DB, CLIENTS, SECONDS)
    checked = load.check(result)
    with capsys.disabled():
        print('\n' + load.report(result, checked))
    log = result['log']
    assert not result['stuck'], 'clients still waiting for an answer: %s' % result['stuck']
    assert not checked['lost'], 'acknowledged, then lost: %s' % checked['lost']
    assert not checked['duplicated'], 'duplicated: %s' % checked['duplicated']
    assert not checked['double decisions'], 'decided twice: %s' % checked['double decisions']
    assert not log.errors, 'calls failed: %s (%s)' % (dict(log.errors), log.error_samples)
    # every story ran, and the races had one winner each
    assert {model for model, _id in log.records} >= {
        'sales.plan', 'stock.transfer.request', 'sales.promotion', 'sales.market.survey',
        'sales.payment.promise'}
    assert log.races and all(outcomes.count('ok') == 1 for _m, _i, outcomes in log.races)
    assert log.latencies['cron trigger'], 'the scheduled actions were triggered'
