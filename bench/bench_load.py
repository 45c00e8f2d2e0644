"""Several Odoo servers, one database, under load (issue 13).

Two Odoo servers (separate processes on two loopback ports, each --workers=2 with its cron
worker) on a copy of the bench database; CLIENTS concurrent XML-RPC clients for SECONDS,
spread over both, create, submit, approve and reject documents of every process while the
module's scheduled actions run on both servers at the same instant (tests_browser/load.py
drives them; runtime/devtool.py serves them). Afterwards the clients' log is compared with the
database. Prints the calls, what was lost, duplicated or decided twice, and p50/p95/max per
call kind. Goal: 0 lost, 0 duplicated, p95 under 1 s on a 2-core machine; the script exits 1
when it is not met.

Unlike the other benches it does not run Odoo in its own process (bench/common.py's run): the
servers are real ones, the clients talk to them over XML-RPC.
"""
import argparse
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [os.path.join(ROOT, 'runtime'), os.path.join(ROOT, 'tests_browser')]

import devtool  # noqa: E402 pylint: disable=import-error,wrong-import-position
import load  # noqa: E402 pylint: disable=import-error,wrong-import-position

P95_GOAL = 1.0  # seconds, every call kind


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--config')
    parser.add_argument('--database', required=True)
    parser.add_argument('--clients', type=int, default=20)
    parser.add_argument('--seconds', type=float, default=60)
    parser.add_argument('--load-port', type=int,
                        default=int(os.environ.get('BENCH_PORT', '8269')) + 50,
                        help='the first server\'s HTTP port (the second: + 2; long polling + 1, + 3)')
    args, _unknown = parser.parse_known_args(argv)
    params = devtool.ensure_postgres()
    dbname = args.database + '_load'
    devtool.copy_db(params, args.database, dbname)
    devtool.prepare_load_db(params, dbname)
    load_before = os.getloadavg()
    servers = devtool.serve_load(params, dbname, args.load_port)
    with servers as urls:
        result = load.run(urls, dbname, args.clients, args.seconds)
        load_after = os.getloadavg()
        checked = load.check(result)
    print(load.report(result, checked))
    print('  load average (1, 5, 15 min): %s before, %s at the end of the run'
          % ('/'.join('%.1f' % value for value in load_before),
             '/'.join('%.1f' % value for value in load_after)))
    problems, retried = servers.problems()
    print('  servers\' logs: %d concurrency conflicts retried by Odoo, %d other ERROR/WARNING '
          'lines' % (retried, len(problems)))
    for problem in problems[:10]:
        print('    ' + problem.replace('\n', '\n    ')[:2000])
    slow = [(kind, p95) for kind, _calls, _refused, _errors, _p50, p95, _max
            in load.figures(result) if p95 >= P95_GOAL]
    failed = sum(len(items) for items in checked.values()) + sum(result['log'].errors.values())
    over = ', '.join('%s %.0f ms' % (kind, p95 * 1000) for kind, p95 in slow)
    print('  goal (0 lost, 0 duplicated, no double decision, no failed call, p95 < %.0f s per '
          'call kind): %s' % (P95_GOAL, 'NOT met' if slow or failed else 'met')
          + ('; p95 over the goal: %s' % over if over else ''))
    return 1 if slow or failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
