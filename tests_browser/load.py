"""Several Odoo servers, one database, under load: the load driver (issue 13).

Run against servers that runtime/devtool.py starts (`serve_load`: two prefork servers,
`--workers=2`, crons enabled on both, on a copy of the demo database): by `make test`
(tests_browser/test_load.py, a short run) and by `make bench` (bench/bench_load.py, 20 clients
for 60 s). Standard library only: it runs in the walks' virtualenv and in Odoo's.

`run(urls, db, clients, seconds)`: `clients` threads, spread over the servers, play the
processes' stories for `seconds`, each step as the demo role whose step it is (a salesperson
creates and submits, the approvers decide, ...). Where two people may decide the same step, the
story makes them race, each through another server: one must win, the other be told (a
refusal, counted apart from errors). Meanwhile administrators trigger the module's scheduled
actions on both servers at the same instant (and the servers' own cron workers run them: they
are due every minute). Every acknowledged write is logged on the client side, every call timed
by kind.

`check(result)` then compares the log with the database (as the administrator): every
acknowledged record is there, with the name it was given and the approval state its last
acknowledged step left; every acknowledged decision has its history line; no step of a
submission decided twice; names unique per model; nothing the scheduled actions create
duplicated (one activity per record, type and user; one escalation per submission; one draft
stock-check proposal per region and product; one alert per product and root cause; plans
closed once).
"""
import calendar
import collections
import datetime
import itertools
import socket
import statistics
import threading
import time
import xmlrpc.client

from rpc_client import User, outcome_of

# The module's scheduled actions, run by both servers' cron workers and triggered by the
# administrators' clients
CRONS = ('sales_process.ir_cron_stock_transfer_check_stock',
         'sales_process.ir_cron_close_ended_plans',
         'sales_process.ir_cron_escalate_overdue_approvals',
         'sales_process.ir_cron_receivables_collection',
         'sales_process.ir_cron_raise_repeat_defects')
# the activities the scheduled actions give, at most one per record, type and user
CRON_ACTIVITY_TYPES = ('sales_process.mail_activity_type_collection',
                       'sales_process.mail_activity_type_transfer_review',
                       'sales_process.mail_activity_type_approval_overdue',
                       'sales_process.mail_activity_type_repeat_defect')
# the documents whose names come from a sequence (a plan's name is its region and period)
SEQUENCED = ('stock.transfer.request', 'sales.market.survey', 'sales.aftersales.case')
CRON_EVERY = 1.0  # seconds between two simultaneous triggers of a scheduled action
# Refusals that are no user's fault but a clash of concurrent transactions Odoo did not resolve
# (still refused after its retries): counted apart ("conflicts"), neither refused nor a server
# error
CONFLICTS = ('could not serialize access', 'could not obtain lock')
# A unique key met after Odoo's retry: a bug, counted as an error (a create retried subscribed
# its creator twice before sales_process/models/mail_thread.py)
CLASHES = ('a partner cannot follow twice the same object',)
CALL_TIMEOUT = 120  # seconds: a call not answered by then is an error (Odoo's limit_time_real)


class TimeoutTransport(xmlrpc.client.Transport):
    def make_connection(self, host):
        connection = super(TimeoutTransport, self).make_connection(host)
        connection.timeout = CALL_TIMEOUT
        return connection


class Client(User):
    def __init__(self, login, url, db):
        super(Client, self).__init__(login, url, db)
        self.models = xmlrpc.client.ServerProxy(url + '/xmlrpc/2/object', allow_none=True,
                                                transport=TimeoutTransport())


class Log:
    """What the clients saw: latencies per call kind, refusals, errors, acknowledged writes."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = collections.defaultdict(list)
        self.refused = collections.Counter()
        self.conflicts = collections.Counter()
        self.errors = collections.Counter()
        self.error_samples = {}
        self.records = {}  # (model, id): {'name': ..., 'expect': {field: allowed values}}
        self.decisions = []  # (model, id, decision, uid)
        self.races = []  # (model, id, [outcome of each contender])

    def call(self, kind, seconds, outcome, detail=None):
        with self.lock:
            self.latencies[kind].append(seconds)
            if outcome in ('access', 'user'):
                self.refused[kind] += 1
                self.error_samples.setdefault('refused: %s' % kind, detail)
            elif outcome == 'conflict':
                self.conflicts[kind] += 1
                self.error_samples.setdefault('conflict: %s' % kind, detail)
            elif outcome != 'ok':
                self.errors[kind] += 1
                self.error_samples.setdefault(kind, detail)

    def created(self, model, record_id, name):
        with self.lock:
            self.records[(model, record_id)] = {'name': name, 'expect': {}}

    def expect(self, model, record_id, **fields):
        with self.lock:
            self.records[(model, record_id)]['expect'].update(
                {key: value if isinstance(value, tuple) else (value,)
                 for key, value in fields.items()})

    def decided(self, model, record_id, decision, uid):
        with self.lock:
            self.decisions.append((model, record_id, decision, uid))


class Refused(Exception):
    """A call the server refused for a reason it gives (access, a user error): the story
    stops."""


class Failed(Exception):
    """A call that failed (a server error, a timeout): counted, the story stops."""


class Shared:
    """What every client draws from: unique numbers, the demo's delivered units (one per
    after-sales case), the demo records' ids."""

    def __init__(self, admin):
        self.lock = threading.Lock()
        self.counter = itertools.count(1)
        ref = lambda xmlid: admin.call('ir.model.data', 'xmlid_to_res_id', xmlid, True)  # noqa
        self.east = ref('sales_process.region_east')
        self.kettle = ref('sales_process.product_kettle')
        self.uid = {login: ref('sales_process.user_%s' % login) for login in (
            'salesperson', 'regional_manager', 'marketing_assistant', 'marketing_manager',
            'sales_director', 'general_manager', 'sales_hq', 'customer_service')}
        lines = admin.call('sale.order.line', 'search_read', [
            ('order_id.team_id', '=', self.east), ('order_id.state', '=', 'sale'),
            ('qty_delivered', '>=', 2), ('product_id.tracking', '=', 'none')],
            fields=['order_id', 'product_id', 'qty_delivered'])
        partners = {order['id']: order['partner_id'][0] for order in admin.read(
            'sale.order', sorted({line['order_id'][0] for line in lines}), ['partner_id'])}
        self.units = [(partners[line['order_id'][0]], line['order_id'][0], line['product_id'][0],
                       line['id']) for line in lines for _ in range(int(line['qty_delivered']) - 1)]
        invoices = admin.call('account.invoice', 'search_read', [
            ('type', '=', 'out_invoice'), ('state', '=', 'open'),
            ('user_id', '=', self.uid['salesperson'])], fields=['id'], limit=20)
        self.invoices = [invoice['id'] for invoice in invoices]
        self.root_cause = admin.call('sales.aftersales.root.cause', 'search', [], limit=1)[0]

    def number(self):
        with self.lock:
            return next(self.counter)

    def unit(self):
        with self.lock:
            return self.units.pop() if self.units else None


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


class Player(threading.Thread):
    """One client: plays the stories in turn (starting at its own), on its server; a race's
    other contender goes through the next server."""

    def __init__(self, index, urls, db, log, shared, deadline):
        super(Player, self).__init__(name='load-client-%d' % index, daemon=True)
        self.index, self.urls, self.db = index, urls, db
        self.log, self.shared, self.deadline = log, shared, deadline
        self.users = {}

    def user(self, login, other=False):
        server = (self.index + (1 if other else 0)) % len(self.urls)
        if (login, server) not in self.users:
            self.users[(login, server)] = self.timed(
                'login', lambda: Client(login, self.urls[server], self.db))
        return self.users[(login, server)]

    def timed(self, kind, function):
        started = time.time()
        try:
            result = function()
        except xmlrpc.client.Fault as fault:
            if any(text in fault.faultString for text in CONFLICTS):
                self.log.call(kind, time.time() - started, 'conflict', fault.faultString[-300:])
                raise Failed(fault.faultString)
            if any(text in fault.faultString for text in CLASHES):
                self.log.call(kind, time.time() - started, 'error', fault.faultString[-600:])
                raise Failed(fault.faultString)
            try:
                outcome = outcome_of(fault)
            except AssertionError as error:
                self.log.call(kind, time.time() - started, 'error', str(error)[-600:])
                raise Failed(str(error))
            self.log.call(kind, time.time() - started, outcome, fault.faultString[-300:])
            raise Refused(fault.faultString)
        except (OSError, xmlrpc.client.ProtocolError, socket.timeout) as error:
            self.log.call(kind, time.time() - started, 'error', repr(error))
            raise Failed(repr(error))
        self.log.call(kind, time.time() - started, 'ok')
        return result

    def time_left(self):
        return time.time() < self.deadline

    # the steps

    def create(self, login, model, values):
        user = self.user(login)
        record_id = self.timed('create', lambda: user.create(model, values))
        name = self.timed('read', lambda: user.read(model, record_id, ['name']))[0]['name']
        self.log.created(model, record_id, name)
        return record_id

    def submit(self, login, model, record_id):
        user = self.user(login)
        self.timed('submit', lambda: user.act(model, record_id, 'action_approval_submit'))
        self.log.decided(model, record_id, 'submitted', user.uid)
        self.log.expect(model, record_id, approval_state='pending')

    def decide(self, login, model, record_id, approve, final=False, other=False, step=None):
        """Approve or reject the document's current step; `step`: the step the decider's screen
        shows (the form's buttons send it: a step decided meanwhile is refused)."""
        user = self.user(login, other)
        context = {'approval_expected_step_id': step} if step else {}
        if approve:
            self.timed('approve', lambda: user.call(model, 'action_approval_approve', [record_id],
                                                    context=context))
        else:
            self.timed('reject', lambda: user.call(model, 'action_approval_reject', [record_id],
                                                   'Rejected under load', context=context))
        self.log.decided(model, record_id, 'approved' if approve else 'rejected', user.uid)
        self.log.expect(model, record_id, approval_state=(
            'rejected' if not approve else 'approved' if final else 'pending'))

    def race(self, model, record_id, approver, rejecter, final):
        """`approver` approves and `rejecter` rejects the same step at the same instant, each
        through another server: exactly one of them may win. Returns True when the approval
        won."""
        reader = self.user(approver)
        step = self.timed('read', lambda: reader.read(model, record_id, ['approval_step_id']))[0][
            'approval_step_id'][0]
        barrier = threading.Barrier(2)
        outcomes = [None, None]

        def contend(slot, login, approve, other):
            try:
                self.user(login, other)  # logged in before the start
            finally:
                barrier.wait()
            try:
                self.decide(login, model, record_id, approve, final, other, step)
                outcomes[slot] = 'ok'
            except Refused:
                outcomes[slot] = 'refused'
            except Failed:
                outcomes[slot] = 'failed'
        threads = [threading.Thread(target=contend, args=(0, approver, True, False)),
                   threading.Thread(target=contend, args=(1, rejecter, False, True))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with self.log.lock:
            self.log.races.append((model, record_id, list(outcomes)))
        if outcomes.count('ok') != 1:  # reported by check()
            raise Failed('race on %s %s: %s' % (model, record_id, outcomes))
        return outcomes[0] == 'ok'

    def category(self):
        """A product category of its own: a plan's targets and a promotion's products must not
        meet another open one's."""
        admin = self.user('admin')
        return self.timed('create', lambda: admin.create(
            'product.category', {'name': 'Load %d' % self.shared.number()}))

    # the stories

    def story_plan(self):
        """A monthly plan: the salesperson drafts and submits it; the marketing assistant's
        approval races the marketing manager's rejection; the general manager approves."""
        month = self.shared.number() % 12 + 1
        plan = self.create('salesperson', 'sales.plan', plan_values(
            self.shared.east, self.category(), 2041 + self.shared.number() % 50, month))
        self.submit('salesperson', 'sales.plan', plan)
        if self.race('sales.plan', plan, 'marketing_assistant', 'marketing_manager', False):
            self.decide('general_manager', 'sales.plan', plan, True, final=True)

    def story_plan_to_close(self):
        """Last month's plan approved, sent to the region and accepted: the scheduled action
        closes it (its period is over), once."""
        last = datetime.date.today().replace(day=1) - datetime.timedelta(days=1)
        plan = self.create('salesperson', 'sales.plan', plan_values(
            self.shared.east, self.category(), last.year, last.month))
        self.submit('salesperson', 'sales.plan', plan)
        self.decide('marketing_assistant', 'sales.plan', plan, True)
        self.decide('general_manager', 'sales.plan', plan, True, final=True)
        director = self.user('sales_director')
        self.timed('act', lambda: director.act('sales.plan', plan, 'action_propose'))
        self.log.expect('sales.plan', plan, state='to_accept')
        manager = self.user('regional_manager')
        self.timed('act', lambda: manager.act('sales.plan', plan, 'action_accept'))
        self.log.expect('sales.plan', plan, state=('execution', 'closed'))

    def story_transfer(self):
        """A transfer request of the salesperson: the regional manager approves; at
        headquarters the sales HQ's approval races the sales director's rejection."""
        request = self.create('salesperson', 'stock.transfer.request', {
            'region_id': self.shared.east,
            'line_ids': [(0, 0, {'product_id': self.shared.kettle, 'product_qty': 1.0})]})
        self.submit('salesperson', 'stock.transfer.request', request)
        self.decide('regional_manager', 'stock.transfer.request', request, True)
        self.race('stock.transfer.request', request, 'sales_hq', 'sales_director', True)

    def story_promotion(self):
        """The marketing manager's promotion: the sales director's approval races the general
        manager's rejection; the president (general manager) approves."""
        number = self.shared.number()
        promotion = self.create('marketing_manager', 'sales.promotion', {
            'name': 'Load promotion %d' % number,
            'date_start': datetime.date.today().isoformat(),
            'date_end': (datetime.date.today() + datetime.timedelta(days=30)).isoformat(),
            'region_ids': [(6, 0, [self.shared.east])],
            'user_id': self.shared.uid['marketing_manager'],
            'line_ids': [(0, 0, {'categ_id': self.category(), 'discount': 10.0})]})
        self.submit('marketing_manager', 'sales.promotion', promotion)
        if self.race('sales.promotion', promotion, 'sales_director', 'general_manager', False):
            self.decide('general_manager', 'sales.promotion', promotion, True, final=True)

    def story_survey(self):
        """The salesperson's market survey: the marketing manager's review races the sales
        director's sending it back."""
        survey = self.create('salesperson', 'sales.market.survey', {
            'region_id': self.shared.east, 'date_from': '2040-01-01', 'date_to': '2040-03-31',
            'summary': 'Surveyed under load',
            'line_ids': [(0, 0, {'kind': 'own', 'product_id': self.shared.kettle,
                                 'price': 199.0, 'volume': 100.0})]})
        self.submit('salesperson', 'sales.market.survey', survey)
        self.race('sales.market.survey', survey, 'marketing_manager', 'sales_director', True)

    def story_case(self):
        """Customer service files a complaint about a delivered unit and reports it to
        marketing; the quality department assesses it (its root cause raises the repeat-defect
        alert once the product's cases with that cause reach the threshold: concurrent
        assessments and the scheduled check compete to raise it); the salesperson records a
        promise to pay on an open invoice."""
        unit = self.shared.unit()
        if unit:
            partner, order, product, line = unit
            case = self.create('customer_service', 'sales.aftersales.case', {
                'partner_id': partner, 'sale_order_id': order,
                'description': 'Reported under load', 'kind_proposed': 'exchange',
                'line_ids': [(0, 0, {'product_id': product, 'sale_line_id': line,
                                     'quantity': 1.0})]})
            service = self.user('customer_service')
            self.timed('act', lambda: service.act('sales.aftersales.case', case, 'action_report'))
            self.log.expect('sales.aftersales.case', case, state='reported')
            quality = self.user('quality')
            self.timed('write', lambda: quality.write('sales.aftersales.case', case, {
                'root_cause_id': self.shared.root_cause, 'assessment_analysis': 'Under load',
                'proposed_solution': 'Exchange it'}))
            self.log.expect('sales.aftersales.case', case, root_cause_id=self.shared.root_cause)
            self.timed('act', lambda: quality.act('sales.aftersales.case', case, 'action_assess'))
            self.log.expect('sales.aftersales.case', case, state='to_decide')
        if self.shared.invoices:
            invoice = self.shared.invoices[self.shared.number() % len(self.shared.invoices)]
            salesperson = self.user('salesperson')
            promise = self.timed('create', lambda: salesperson.create('sales.payment.promise', {
                'invoice_id': invoice, 'amount': 1.0,
                'date': (datetime.date.today() + datetime.timedelta(days=10)).isoformat()}))
            self.log.created('sales.payment.promise', promise, None)
            self.log.expect('sales.payment.promise', promise, invoice_id=invoice)

    STORIES = ('story_plan', 'story_transfer', 'story_promotion', 'story_survey', 'story_case',
               'story_plan_to_close')

    def run(self):
        for turn in itertools.count(self.index):
            if not self.time_left():
                return
            try:
                getattr(self, self.STORIES[turn % len(self.STORIES)])()
            except (Refused, Failed):
                continue


class CronTrigger(threading.Thread):
    """An administrator on each server triggers the same scheduled action at the same instant
    (ir.cron's "Run Manually"), one action after the other, every CRON_EVERY seconds."""

    def __init__(self, urls, db, log, deadline):
        super(CronTrigger, self).__init__(name='load-crons', daemon=True)
        self.urls, self.db, self.log, self.deadline = urls, db, log, deadline

    def run(self):
        admins = [Client('admin', url, self.db) for url in self.urls]
        crons = [admins[0].call('ir.model.data', 'xmlid_to_res_id', xmlid, True) for xmlid in CRONS]
        for turn in itertools.count():
            if time.time() >= self.deadline:
                return
            cron = crons[turn % len(crons)]
            barrier = threading.Barrier(len(admins))
            threads = [threading.Thread(target=self.trigger, args=(admin, cron, barrier))
                       for admin in admins]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            time.sleep(CRON_EVERY)

    def trigger(self, admin, cron, barrier):
        barrier.wait()
        started = time.time()
        try:
            admin.act('ir.cron', cron, 'method_direct_trigger')
            outcome, detail = 'ok', None
        except xmlrpc.client.Fault as fault:
            outcome, detail = 'error', fault.faultString[-600:]
        except (OSError, xmlrpc.client.ProtocolError) as error:
            outcome, detail = 'error', repr(error)
        self.log.call('cron trigger', time.time() - started, outcome, detail)


def plan_values(region, category, year, month):
    return {'region_id': region, 'period_type': 'month',
            'date_start': '%d-%02d-01' % (year, month),
            'date_end': '%d-%02d-%02d' % (year, month, calendar.monthrange(year, month)[1]),
            'line_ids': [(0, 0, {'region_id': region, 'categ_id': category,
                                 'target_amount': 12000.0, 'target_qty': 120.0})]}


def run(urls, db, clients, seconds):
    """Play the stories with `clients` clients for `seconds` on the servers at `urls`; return
    the result (the log, the run's start and length) for check() and report()."""
    log = Log()
    shared = Shared(Client('admin', urls[0], db))
    started = time.time()
    deadline = started + seconds
    threads = [Player(index, urls, db, log, shared, deadline) for index in range(clients)]
    threads.append(CronTrigger(urls, db, log, deadline))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 2 * CALL_TIMEOUT)
    return {'log': log, 'urls': urls, 'db': db, 'clients': clients, 'seconds': seconds,
            'started': started, 'elapsed': time.time() - started,
            'stuck': [thread.name for thread in threads if thread.is_alive()]}


# ---------------------------------------------------------------------------------------------
# Afterwards: the log against the database
# ---------------------------------------------------------------------------------------------

def check(result):
    """Compare the clients' log with the database; return {'lost': [...], 'duplicated': [...],
    'double decisions': [...]}, each a list of sentences (empty: none)."""
    log = result['log']
    admin = Client('admin', result['urls'][0], result['db'])
    lost, duplicated, double = [], [], []
    by_model = collections.defaultdict(list)
    for (model, record_id) in log.records:
        by_model[model].append(record_id)
    for model, ids in by_model.items():
        entries = [entry for (other, _id), entry in log.records.items() if other == model]
        fields = sorted({field for entry in entries for field in entry['expect']}
                        | ({'name'} if any(entry['name'] for entry in entries) else set()))
        found = {row['id']: row for row in admin.call(model, 'read', ids, fields)}
        for record_id in ids:
            entry = log.records[(model, record_id)]
            row = found.get(record_id)
            if not row:
                lost.append('%s %s (%s) acknowledged, not in the database'
                            % (model, record_id, entry['name'] or ''))
                continue
            if entry['name'] is not None and row['name'] != entry['name']:
                lost.append('%s %s named %r, acknowledged as %r'
                            % (model, record_id, row['name'], entry['name']))
            for field, allowed in entry['expect'].items():
                value = row[field][0] if isinstance(row[field], list) else row[field]
                if value not in allowed:
                    lost.append('%s %s (%s): %s is %r, the last acknowledged step left %s'
                                % (model, record_id, entry['name'] or '', field, value,
                                   ' or '.join(map(repr, allowed))))
    # the decisions: each acknowledged one recorded, none twice
    history = []
    for model, ids in by_model.items():
        history += admin.call('sales.approval.history', 'search_read', [
            ('res_model', '=', model), ('res_id', 'in', ids)],
            fields=['res_model', 'res_id', 'cycle', 'step_id', 'decision', 'user_id'])
    recorded = collections.Counter((line['res_model'], line['res_id'], line['decision'],
                                    line['user_id'][0]) for line in history)
    for model, record_id, decision, uid in log.decisions:
        if not recorded[(model, record_id, decision, uid)]:
            lost.append('%s %s: the %s acknowledged to user %s has no history line'
                        % (model, record_id, decision, uid))
    steps = collections.Counter((line['res_model'], line['res_id'], line['cycle'],
                                 line['step_id'] and line['step_id'][0])
                                for line in history if line['decision'] in ('approved', 'rejected'))
    double += ['%s %s: step %s of submission %s decided %d times' % (key[0], key[1], key[3],
                                                                     key[2], count)
               for key, count in steps.items() if count > 1]
    escalated = collections.Counter(
        (line['res_model'], line['res_id'], line['cycle'], line['step_id'] and line['step_id'][0])
        for line in admin.call('sales.approval.history', 'search_read',
                               [('decision', '=', 'escalated')],
                               fields=['res_model', 'res_id', 'cycle', 'step_id']))
    duplicated += ['%s %s: step %s of submission %s escalated %d times' % (
        key[0], key[1], key[3], key[2], count) for key, count in escalated.items() if count > 1]
    # names unique per model
    for model in SEQUENCED:
        for group in admin.call(model, 'read_group', [], ['name'], ['name'], lazy=False):
            if group['__count'] > 1:
                duplicated.append('%s: %d records named %r' % (model, group['__count'],
                                                               group['name']))
    double += ['%s %s: approval and rejection both acknowledged' % (model, record_id)
               for model, record_id, outcomes in log.races if outcomes.count('ok') > 1]
    duplicated += cron_duplicates(admin, result)
    return {'lost': lost, 'duplicated': duplicated, 'double decisions': double}


def cron_duplicates(admin, result):
    """What two runs of a scheduled action at the same moment would each have created."""
    found = []
    ref = lambda xmlid: admin.call('ir.model.data', 'xmlid_to_res_id', xmlid, True)  # noqa
    types = [ref(xmlid) for xmlid in CRON_ACTIVITY_TYPES]
    activities = admin.call('mail.activity', 'search_read', [('activity_type_id', 'in', types)],
                            fields=['res_model', 'res_id', 'activity_type_id', 'user_id'])
    counts = collections.Counter((item['res_model'], item['res_id'], item['activity_type_id'][0],
                                  item['user_id'] and item['user_id'][0]) for item in activities)
    found += ['%s %s: %d activities of type %s for user %s' % (
        key[0], key[1], count, key[2], key[3]) for key, count in counts.items() if count > 1]
    requests = admin.call('stock.transfer.request', 'search_read', [
        ('origin_type', '=', 'stock_check'), ('state', '=', 'draft')], fields=['region_id'])
    per_region = collections.Counter(request['region_id'][0] for request in requests)
    found += ['region %s: %d draft stock-check proposals' % (region, count)
              for region, count in per_region.items() if count > 1]
    lines = admin.call('stock.transfer.request.line', 'search_read', [
        ('request_id', 'in', [request['id'] for request in requests])],
        fields=['request_id', 'product_id'])
    region_of = {request['id']: request['region_id'][0] for request in requests}
    per_product = collections.Counter((region_of[line['request_id'][0]], line['product_id'][0])
                                      for line in lines)
    found += ['region %s: product %s proposed %d times by the stock check' % (
        key[0], key[1], count) for key, count in per_product.items() if count > 1]
    # the load database starts without alerts (runtime/devtool.py, prepare_load_db): one per
    # product and root cause within the window
    alerts = admin.call('sales.aftersales.alert', 'search_read', [],
                        fields=['company_id', 'product_id', 'root_cause_id'])
    per_cause = collections.Counter((alert['company_id'][0], alert['product_id'][0],
                                     alert['root_cause_id'][0]) for alert in alerts)
    found += ['product %s, root cause %s: %d repeat-defect alerts' % (key[1], key[2], count)
              for key, count in per_cause.items() if count > 1]
    closed = admin.call('sales.plan', 'search', [('state', '=', 'closed'),
                                                 ('closed_date', '>=', datetime.date.fromtimestamp(
                                                     result['started']).isoformat())])
    messages = admin.call('mail.message', 'search_read', [
        ('model', '=', 'sales.plan'), ('res_id', 'in', closed), '|',
        ('body', 'ilike', 'Closed: '), ('body', 'ilike', '已关闭：')], fields=['res_id'])
    per_plan = collections.Counter(message['res_id'] for message in messages)
    found += ['sales.plan %s closed %d times' % (plan, count)
              for plan, count in per_plan.items() if count > 1]
    return found


def figures(result):
    """Per call kind: (kind, calls, refused, errors, p50, p95, max) in seconds; and the totals."""
    log = result['log']
    rows = []
    for kind in sorted(log.latencies):
        values = log.latencies[kind]
        rows.append((kind, len(values), log.refused[kind], log.errors[kind],
                     statistics.median(values), percentile(values, 0.95), max(values)))
    return rows


def report(result, checked):
    """The figures as printed by the bench and the test."""
    log = result['log']
    lines = ['%d clients on %d servers for %.0f s (ran %.1f s): %d calls, %d acknowledged '
             'records, %d acknowledged decisions, %d races'
             % (result['clients'], len(result['urls']), result['seconds'], result['elapsed'],
                sum(len(values) for values in log.latencies.values()), len(log.records),
                len(log.decisions), len(log.races)),
             '  %-14s %6s %8s %9s %7s %8s %8s %8s' % (
                 'call kind', 'calls', 'refused', 'conflicts', 'errors', 'p50 ms', 'p95 ms',
                 'max ms')]
    for kind, calls, refused, errors, p50, p95, top in figures(result):
        lines.append('  %-14s %6d %8d %9d %7d %8.0f %8.0f %8.0f'
                     % (kind, calls, refused, log.conflicts[kind], errors, p50 * 1000,
                        p95 * 1000, top * 1000))
    races = collections.Counter(tuple(sorted(outcomes)) for _model, _id, outcomes in log.races)
    lines.append('  races (approve vs reject, two servers): %s' % (', '.join(
        '%d x %s' % (count, ' + '.join(outcome or 'none' for outcome in key))
        for key, count in sorted(races.items())) or 'none'))
    for name in ('lost', 'duplicated', 'double decisions'):
        lines.append('  %s: %d' % (name, len(checked[name])))
        lines += ['    %s' % item for item in checked[name][:20]]
    for kind, sample in sorted(log.error_samples.items()):
        lines.append('  %s: %s' % (kind, ' '.join((sample or '').split())[-300:]))
    if result['stuck']:
        lines.append('  still running at the end: %s' % ', '.join(result['stuck']))
    return '\n'.join(lines)
