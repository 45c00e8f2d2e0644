"""Who may do what, over the real XML-RPC API: every role of the demo data against every
action of every document.

`make test` serves a copy of the walks' database (demo data, Simplified Chinese) in prefork mode
(`--workers=2`: every call in a worker process, as in production) and runs this file against it
(runtime/devtool.py, run_rpc_tests). Each cell of MATRIX logs in as the role's demo user and
makes one call (or the few calls of one button: a wizard and its confirmation) on a record
prepared beforehand by the roles who own it, never by the administrator acting in a role's place
(another company's records excepted: nobody of the demo works there). A cell that succeeds acts
on a record of its own; the cells refused share one, since each proves that it left it as it
was. Outcomes: `ok` the call succeeds; `access` Odoo refuses it with an access error (access
rights or record rules); `user` the module refuses it with a message for the user (UserError, or
a ValidationError of a data rule). A refused call must leave nothing written: every field of its
record (its chatter and activities included), the newest record of its model and the newest
chatter message are compared before and after it.

The last column is a customer's buyer with portal access (the demo's portal_customer): besides
their own company's after-sales cases they read nothing, and every action is refused.

MATRIX is the table of the README's roles section: a test checks that the README shows it as it
is here. When a cell changes, the run writes the table it observed to
.runtime/rpc-matrix-observed.md (the same layout), to compare with MATRIX. To observe a new
row, run it with SALES_PROCESS_MATRIX_DISCOVER=1: every cell then acts on a record of its own.
"""
import calendar
import datetime
import itertools
import os
import re
import xmlrpc.client

import pytest

# the demo user over XML-RPC (User), shared with the load driver (load.py)
from rpc_client import User, outcome_of

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
README = os.path.join(ROOT, 'README.md')
OBSERVED = os.path.join(ROOT, '.runtime', 'rpc-matrix-observed.md')

# The columns: the demo login of each role (see the README's demo logins). East China's
# salesperson and regional manager; the others work at head office.
ROLES = {
    'SP': 'salesperson',
    'RM': 'regional_manager',
    'MA': 'marketing_assistant',
    'MM': 'marketing_manager',
    'SD': 'sales_director',
    'GM': 'general_manager',
    'HQ': 'sales_hq',
    'WH': 'warehouse',
    'QA': 'quality',
    'CS': 'customer_service',
    'PU': 'portal_customer',
}

# Rows: "document: action (the state it is in)". A document of East China, the salesperson's
# and regional manager's region, unless the row says otherwise.
MATRIX = """\
| document: action | SP | RM | MA | MM | SD | GM | HQ | WH | QA | CS | PU |
|---|---|---|---|---|---|---|---|---|---|---|---|
| plan: create | ok | ok | access | access | ok | ok | ok | access | access | access | access |
| plan: write (draft) | ok | ok | access | access | ok | ok | ok | access | access | access | access |
| plan: write (approved) | user | user | user | user | user | user | user | access | access | access | access |
| plan: submit | ok | ok | access | access | ok | ok | ok | access | access | access | access |
| plan: approve the review | user | user | ok | ok | ok | user | user | access | access | access | access |
| plan: reject the review | user | user | ok | ok | ok | ok | user | access | access | access | access |
| plan: approve (general manager step) | user | user | user | user | user | ok | user | access | access | access | access |
| plan: withdraw (submitted) | ok | user | user | user | user | user | user | access | access | access | access |
| plan: decompose (approved) | user | user | user | user | ok | ok | user | user | user | user | user |
| plan: send to the region (approved) | user | user | user | user | ok | ok | user | user | user | user | user |
| plan: accept (to accept) | user | ok | user | user | user | user | user | access | access | access | access |
| plan: refuse (to accept) | user | ok | user | user | user | user | user | access | access | access | access |
| plan: revise (in execution) | ok | ok | access | access | ok | ok | ok | access | access | access | access |
| plan: close (in execution, period over) | user | user | user | user | ok | ok | user | user | user | user | user |
| plan: cancel (draft) | user | user | user | user | ok | ok | user | user | user | user | user |
| plan: delete (draft) | access | access | access | access | ok | ok | access | access | access | access | access |
| plan: delete (approved) | access | access | access | access | user | user | access | access | access | access | access |
| plan: read (North China) | access | access | ok | ok | ok | ok | ok | access | access | access | access |
| plan: read (another company) | access | access | access | access | access | access | access | access | access | access | access |
| plan target: create (draft plan) | ok | ok | access | access | ok | ok | ok | access | access | access | access |
| plan target: write (draft plan) | ok | ok | access | access | ok | ok | ok | access | access | access | access |
| plan target: write (submitted plan) | user | user | user | user | user | user | user | access | access | access | access |
| plan target: delete (draft plan) | ok | ok | access | access | ok | ok | ok | access | access | access | access |
| plan target: delete (submitted plan) | user | user | user | user | user | user | user | access | access | access | access |
| plan target: read (North China) | access | access | ok | ok | ok | ok | ok | access | access | access | access |
| expense budget: create (draft plan) | ok | ok | access | access | ok | ok | ok | access | access | access | access |
| expense budget: write (draft plan) | ok | ok | access | access | ok | ok | ok | access | access | access | access |
| expense budget: write (submitted plan) | user | user | user | user | user | user | user | access | access | access | access |
| expense budget: delete (draft plan) | ok | ok | access | access | ok | ok | ok | access | access | access | access |
| expense budget: delete (submitted plan) | user | user | user | user | user | user | user | access | access | access | access |
| expense budget: read (North China) | access | access | ok | ok | ok | ok | ok | access | access | access | access |
| strategy: create | access | access | access | access | access | ok | access | access | access | access | access |
| strategy: write | access | access | access | access | access | ok | access | access | access | access | access |
| strategy: schedule a sales meeting | ok | ok | ok | ok | ok | ok | ok | access | access | access | access |
| strategy: delete | access | access | access | access | access | ok | access | access | access | access | access |
| demand: create | ok | ok | access | access | ok | ok | ok | access | access | access | access |
| demand: write (open) | ok | ok | access | access | ok | ok | ok | access | access | access | access |
| demand: write (cancelled) | user | user | access | access | user | user | user | user | access | access | access |
| demand: request a transfer (open) | ok | ok | access | access | ok | ok | ok | access | access | access | access |
| demand: mark covered (open) | ok | ok | access | access | ok | ok | ok | access | access | access | access |
| demand: cancel (open) | ok | ok | access | access | ok | ok | ok | access | access | access | access |
| demand: reopen (cancelled) | ok | ok | access | access | ok | ok | ok | access | access | access | access |
| demand: delete (open) | access | access | access | access | access | access | access | access | access | access | access |
| demand: delete (cancelled) | access | access | access | access | access | access | access | access | access | access | access |
| demand: read (North China) | access | access | access | access | ok | ok | ok | ok | access | access | access |
| transfer request: create | ok | ok | access | access | ok | ok | ok | access | access | access | access |
| transfer request: write (draft) | ok | ok | access | access | ok | ok | ok | access | access | access | access |
| transfer request: write (waiting for approval) | user | user | access | access | user | user | user | user | access | access | access |
| transfer request: submit (draft) | ok | ok | access | access | ok | ok | ok | access | access | access | access |
| transfer request: approve (regional manager step) | user | ok | access | access | user | user | user | user | access | access | access |
| transfer request: approve (headquarters step) | user | user | access | access | ok | ok | ok | user | access | access | access |
| transfer request: reject (headquarters step) | user | user | access | access | ok | ok | ok | user | access | access | access |
| transfer request: re-check stock (rejected) | ok | ok | access | access | ok | ok | ok | access | access | access | access |
| transfer request: cancel (draft) | ok | ok | access | access | ok | ok | ok | access | access | access | access |
| transfer request: check stock (propose requests) | ok | ok | access | access | ok | ok | ok | access | access | access | access |
| transfer request: delete (draft) | access | access | access | access | access | access | access | access | access | access | access |
| transfer request: delete (waiting for approval) | user | user | access | access | user | user | user | user | access | access | access |
| transfer request: read (North China) | access | access | access | access | ok | ok | ok | ok | access | access | access |
| transfer order: validate (Li Wei's approved request) | access | access | access | access | access | access | access | ok | access | access | access |
| transfer order: cancel (Li Wei's approved request) | access | access | access | access | access | access | access | ok | access | access | access |
| survey: create | ok | ok | access | access | ok | ok | ok | access | access | access | access |
| survey: write (draft) | ok | access | access | access | access | access | access | access | access | access | access |
| survey: submit (draft) | ok | user | user | user | user | user | user | user | user | user | access |
| survey: review (submitted) | user | user | user | ok | ok | ok | user | user | user | user | access |
| survey: send back (submitted) | user | user | user | ok | ok | ok | user | user | user | user | access |
| survey: withdraw (submitted) | ok | user | user | user | user | user | user | user | user | user | access |
| survey: write (submitted) | user | user | user | user | user | user | user | user | user | user | access |
| survey: delete (draft) | access | access | access | access | access | access | access | access | access | access | access |
| survey: delete (submitted) | user | user | user | user | user | user | user | user | user | user | access |
| survey: read (North China) | access | access | ok | ok | ok | ok | ok | ok | ok | ok | access |
| appraisal: generate (East China) | user | ok | user | user | ok | ok | ok | user | user | user | user |
| appraisal: write (draft) | access | ok | access | access | ok | ok | ok | access | access | access | access |
| appraisal: refresh the scorecard (draft) | access | ok | access | access | ok | ok | ok | access | access | access | access |
| appraisal: apply the suggested rating (draft) | access | ok | access | access | ok | ok | ok | access | access | access | access |
| appraisal: submit (rated draft) | access | ok | access | access | ok | ok | ok | access | access | access | access |
| appraisal: approve (sales director step) | user | user | access | access | ok | ok | user | access | access | access | access |
| appraisal: reject (sales director step) | user | user | access | access | ok | ok | user | access | access | access | access |
| appraisal: delete (draft) | access | access | access | access | ok | ok | ok | access | access | access | access |
| appraisal: write (submitted) | user | user | access | access | user | user | user | access | access | access | access |
| appraisal: delete (submitted) | user | user | access | access | user | user | user | access | access | access | access |
| appraisal: read (Li Wei's, draft) | access | ok | access | access | ok | ok | ok | access | access | access | access |
| appraisal: read (North China) | access | access | access | access | ok | ok | ok | access | access | access | access |
| promotion: create | access | access | ok | ok | ok | ok | access | access | access | access | access |
| promotion: write (draft) | access | access | ok | ok | ok | ok | access | access | access | access | access |
| promotion: write (official) | user | user | user | user | user | user | user | user | user | user | access |
| promotion: submit (draft) | user | user | ok | ok | ok | ok | user | user | user | user | access |
| promotion: approve (sales director step) | user | user | user | user | ok | user | user | user | user | user | access |
| promotion: reject (sales director step) | user | user | user | user | ok | ok | user | user | user | user | access |
| promotion: approve (president step) | user | user | user | user | user | ok | user | user | user | user | access |
| promotion: reject (president step) | user | user | user | user | user | ok | user | user | user | user | access |
| promotion: start (official) | user | user | ok | ok | ok | ok | user | user | user | user | access |
| promotion: revise (official) | user | user | ok | ok | ok | ok | user | user | user | user | access |
| promotion: end (running) | user | user | ok | ok | ok | ok | user | user | user | user | access |
| promotion: cancel (draft) | user | user | ok | ok | ok | ok | user | user | user | user | access |
| promotion: cancel (running) | user | user | ok | ok | ok | ok | user | user | user | user | access |
| promotion: close (evaluation report approved) | user | user | ok | ok | ok | ok | user | user | user | user | access |
| promotion: delete (draft) | access | access | ok | ok | ok | ok | access | access | access | access | access |
| promotion: delete (official) | user | user | user | user | user | user | user | user | user | user | access |
| promotion task: mark done (customer service's, official promotion) | user | user | ok | ok | ok | ok | user | user | user | ok | access |
| promotion: read (North China's) | access | access | ok | ok | ok | ok | ok | ok | ok | ok | access |
| incident: record (running promotion) | ok | access | ok | ok | ok | ok | access | access | access | access | access |
| incident: solve on site (open) | ok | access | ok | ok | ok | ok | access | access | access | access | access |
| incident: escalate (open) | ok | user | ok | ok | ok | ok | user | user | user | user | access |
| incident: assign the contingency plan (escalated) | user | user | user | ok | ok | ok | user | user | user | user | user |
| incident: write (open) | ok | access | ok | ok | ok | ok | access | access | access | access | access |
| incident: solve (with the responsible person) | user | user | user | ok | ok | ok | user | user | user | user | access |
| incident: escalate to marketing (with the responsible person) | user | user | user | ok | ok | ok | user | user | user | user | access |
| incident: mark handled (contingency plan assigned to Li Wei) | ok | user | user | ok | ok | ok | user | user | user | user | access |
| incident: delete (open) | access | access | access | access | access | access | access | access | access | access | access |
| incident: read (North China's promotion) | access | access | ok | ok | ok | ok | ok | ok | ok | ok | access |
| summary report: file (promotion in evaluation) | ok | user | user | ok | user | user | user | user | user | user | access |
| evaluation report: open (promotion in evaluation) | user | user | user | ok | user | user | user | user | user | user | access |
| evaluation report: write (draft) | access | access | access | ok | access | access | access | access | access | access | access |
| evaluation report: submit (draft) | user | user | user | ok | user | user | user | user | user | user | access |
| evaluation report: approve (sales director step) | user | user | user | user | ok | user | user | user | user | user | access |
| evaluation report: reject (sales director step) | user | user | user | user | ok | ok | user | user | user | user | access |
| evaluation report: approve (president step) | user | user | user | user | user | ok | user | user | user | user | access |
| evaluation report: delete (draft) | access | access | access | access | access | access | access | access | access | access | access |
| evaluation report: delete (submitted) | user | user | user | user | user | user | user | user | user | user | access |
| after-sales case: create | ok | ok | access | access | ok | ok | ok | access | access | ok | access |
| after-sales case: write (intake) | ok | ok | access | access | ok | ok | ok | access | user | ok | access |
| after-sales case: report to marketing (intake) | ok | ok | user | user | ok | ok | ok | user | user | ok | access |
| after-sales case: write the assessment (reported) | user | user | access | access | user | user | user | access | ok | user | access |
| after-sales case: assessment done (reported, assessed) | user | user | user | user | user | user | user | user | ok | user | user |
| after-sales case: decide an exchange (assessed) | user | user | user | ok | ok | ok | user | user | user | user | access |
| after-sales case: reject as not a quality problem (assessed) | user | user | user | ok | ok | ok | user | user | user | user | access |
| after-sales case: ship the replacement before the goods are back (exchange decided) | user | user | user | ok | ok | ok | user | user | user | user | user |
| goods returned to the factory: validate the return (exchange decided, reserved) | access | access | access | access | access | access | access | ok | access | access | access |
| after-sales case: request the exchange (goods back) | ok | ok | user | user | ok | ok | ok | user | user | ok | user |
| after-sales case: approve the exchange (sales director step) | user | user | user | user | ok | ok | user | user | user | user | access |
| after-sales case: reject the exchange (sales director step) | user | user | user | user | ok | ok | user | user | user | user | access |
| replacement: validate the delivery (exchange approved) | access | access | access | access | access | access | access | ok | access | access | access |
| after-sales case: record the feedback (replacement delivered) | ok | ok | access | access | ok | ok | ok | access | user | ok | access |
| after-sales case: close (feedback recorded) | ok | ok | user | user | ok | ok | ok | user | user | ok | user |
| after-sales case: cancel (intake) | ok | ok | user | user | ok | ok | ok | user | user | ok | user |
| after-sales case: delete (intake) | access | access | access | access | access | access | access | access | access | access | access |
| after-sales case: delete (reported) | user | user | user | user | user | user | user | user | user | user | access |
| after-sales case: read (North China) | access | access | ok | ok | ok | ok | ok | ok | ok | ok | access |
| after-sales case: read (the portal customer's own) | ok | ok | ok | ok | ok | ok | ok | ok | ok | ok | ok |
| promise to pay: record (Li Wei's invoice) | ok | ok | access | access | ok | ok | ok | access | access | access | access |
| promise to pay: write | ok | ok | access | access | ok | ok | ok | access | access | access | access |
| promise to pay: delete | access | access | access | access | access | access | access | access | access | access | access |
| promise to pay: read (North China's) | access | access | ok | ok | ok | ok | ok | ok | ok | ok | access |
| receivables aging: read (North China's) | access | access | ok | ok | ok | ok | ok | ok | ok | ok | access |
| receivables collection: read (North China's) | access | access | ok | ok | ok | ok | ok | ok | ok | ok | access |
| demand: read (another company) | access | access | access | access | access | access | access | access | access | access | access |
| survey: read (another company) | access | access | access | access | access | access | access | access | access | access | access |
| promotion: read (another company) | access | access | access | access | access | access | access | access | access | access | access |
"""

OUTCOMES = ('ok', 'access', 'user')
CELL = re.compile(r'^\| (?P<row>[^|]+?) \|(?P<cells>( [a-z]+ \|)+)$')


def parse_matrix(text):
    """{row: {role: outcome}} from the table's text, in its order."""
    lines = text.strip().splitlines()
    header = [name.strip() for name in lines[0].strip('|').split('|')][1:]
    assert header == list(ROLES), 'the columns are the roles, in ROLES\'s order'
    table = {}
    for line in lines[2:]:
        match = CELL.match(line)
        assert match, 'not a row of the matrix: %r' % line
        cells = [cell.strip() for cell in match.group('cells').strip(' |').split('|')]
        assert len(cells) == len(ROLES) and set(cells) <= set(OUTCOMES), line
        assert match.group('row') not in table, 'row %s twice' % match.group('row')
        table[match.group('row')] = dict(zip(ROLES, cells))
    return table


EXPECTED = parse_matrix(MATRIX)


def format_matrix(table):
    lines = ['| document: action | %s |' % ' | '.join(ROLES),
             '|---|%s' % ('---|' * len(ROLES))]
    lines += ['| %s | %s |' % (row, ' | '.join(cells[role] for role in ROLES))
              for row, cells in table.items()]
    return '\n'.join(lines) + '\n'


# ---------------------------------------------------------------------------------------------
# The world: the demo data's records, and records made for each cell
# ---------------------------------------------------------------------------------------------

class World:
    """The demo records the cells start from, and a counter for unique names."""

    def __init__(self):
        self.admin = User('admin')
        self.users = {}
        self.counter = itertools.count(1)
        self.quarters = itertools.count(0)
        self.strategy_years = itertools.count(2050)
        ref = self.ref
        self.company = ref('base.main_company')
        self.east = ref('sales_process.region_east')
        self.north = ref('sales_process.region_north')
        self.uid = {login: ref('sales_process.user_%s' % login)
                    for login in list(ROLES.values()) + ['sales_north', 'manager_north']}
        self.kettle = ref('sales_process.product_kettle')
        self.rice_cooker = ref('sales_process.product_rice_cooker')
        self._other_company = None
        self.deliveries = {}

    def ref(self, xmlid):
        return self.admin.call('ir.model.data', 'xmlid_to_res_id', xmlid, True)

    def user(self, login):
        if login not in self.users:
            self.users[login] = User(login)
        return self.users[login]

    def today(self, days=0):
        return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()

    def unique(self, prefix):
        return 'RPC matrix %s %d' % (prefix, next(self.counter))

    def category(self):
        """A product category of its own: a plan's targets are unique per region, period,
        salesperson and category, and every cell has its own plan."""
        return self.admin.create('product.category', {'name': self.unique('category')})

    def other_company(self):
        """Another company with a region of its own, which none of the roles belongs to."""
        if not self._other_company:
            company = self.admin.create('res.company', {'name': self.unique('company'),
                                                        'currency_id': self.admin.read(
                                                            'res.company', self.company,
                                                            ['currency_id'])[0]['currency_id'][0]})
            region = self.admin.create('crm.team', {'name': self.unique('region'),
                                                    'company_id': company,
                                                    'is_sales_region': True})
            self._other_company = (company, region)
        return self._other_company

    def snapshot(self, model, record_id):
        """What a refused call must not change: every field of its record (its chatter and
        activities included), the newest record of its model, the newest chatter message."""
        admin = self.admin
        records = admin.call(model, 'read', [record_id]) if record_id else None
        for record in records or ():
            # the time of reading for the SQL views' rows (write_date compares the others')
            record.pop('__last_update', None)
        return {
            'record': records,
            'newest': admin.call(model, 'search', [], limit=1, order='id desc',
                                 context={'active_test': False}),
            'message': admin.call('mail.message', 'search', [], limit=1, order='id desc'),
        }


@pytest.fixture(scope='module')
def world():
    return World()


# ---------------------------------------------------------------------------------------------
# Rows: how each is prepared and acted
# ---------------------------------------------------------------------------------------------

ROWS = {}


def row(name, prepare):
    """Register the action of a row. `prepare(world, count)` returns `count` fresh targets,
    one per cell, each (model, id or None, values for the action)."""
    def register(action):
        ROWS[name] = (prepare, action)
        return action
    return register


# Sales plans ---------------------------------------------------------------------------------

def plan_values(world, period='month', start=None):
    start = start or '2040-01-01'
    year, month = int(start[:4]), int(start[5:7])
    end = ('%d-12-31' % year if period == 'year'
           else '%d-%02d-%02d' % (year, month, calendar.monthrange(year, month)[1]))
    return {'region_id': world.east, 'period_type': period, 'date_start': start, 'date_end': end,
            'line_ids': [(0, 0, {'region_id': world.east, 'categ_id': world.category(),
                                 'target_amount': 12000.0, 'target_qty': 120.0})]}


def other_company_plan(world):
    company, region = world.other_company()
    return {'company_id': company, 'region_id': region, 'period_type': 'month',
            'date_start': '2040-01-01', 'date_end': '2040-01-31', 'name': world.unique('plan')}


def plans(state, period='month', start=None, region='east'):
    """Prepare plans in `state` (East China's by default), each moved there by the roles of
    the process."""
    def prepare(world, count):
        sp = world.user({'east': 'salesperson', 'north': 'sales_north'}[region])
        values = [plan_values(world, period, start) for _ in range(count)]
        for value in values:
            value['region_id'] = value['line_ids'][0][2]['region_id'] = getattr(world, region)
        ids = [sp.create('sales.plan', value) for value in values]
        if state == 'draft':
            return [('sales.plan', plan_id, {}) for plan_id in ids]
        sp.act('sales.plan', ids, 'action_approval_submit')
        if state in ('approved', 'to_accept', 'execution', 'review approved'):
            world.user('marketing_assistant').act('sales.plan', ids, 'action_approval_approve')
        if state in ('approved', 'to_accept', 'execution'):
            world.user('general_manager').act('sales.plan', ids, 'action_approval_approve')
        if state in ('to_accept', 'execution'):
            world.user('sales_director').act('sales.plan', ids, 'action_propose')
        if state == 'execution':
            world.user('regional_manager').act('sales.plan', ids, 'action_accept')
        return [('sales.plan', plan_id, {}) for plan_id in ids]
    return prepare


def fresh(model):
    """For the rows that create: no record, the model whose records are watched."""
    return lambda _world, count: [(model, None, {})] * count


@row('plan: create', lambda world, count: [('sales.plan', None, plan_values(world))
                                           for _ in range(count)])
def plan_create(user, _world, _model, _record, values):
    user.create('sales.plan', values)


@row('plan: write (draft)', plans('draft'))
def plan_write_draft(user, _world, model, record, _values):
    user.write(model, record, {'description': '<p>Changed by the matrix</p>'})


@row('plan: write (approved)', plans('approved'))
def plan_write_approved(user, _world, model, record, _values):
    user.write(model, record, {'description': '<p>Changed by the matrix</p>'})


@row('plan: submit', plans('draft'))
def plan_submit(user, _world, model, record, _values):
    user.act(model, record, 'action_approval_submit')


@row('plan: approve the review', plans('submitted'))
def plan_approve_review(user, _world, model, record, _values):
    user.act(model, record, 'action_approval_approve', 'Reviewed by the matrix')


@row('plan: reject the review', plans('submitted'))
def plan_reject_review(user, _world, model, record, _values):
    user.act(model, record, 'action_approval_reject', 'Rejected by the matrix')


@row('plan: approve (general manager step)', plans('review approved'))
def plan_approve_final(user, _world, model, record, _values):
    user.act(model, record, 'action_approval_approve')


@row('plan: withdraw (submitted)', plans('submitted'))
def plan_withdraw(user, _world, model, record, _values):
    user.act(model, record, 'action_approval_reset')


@row('plan: decompose (approved)', plans('approved', period='year', start='2041-01-01'))
def plan_decompose(user, _world, model, record, _values):
    user.act(model, record, 'action_decompose_wizard')
    wizard = user.create('sales.plan.decompose.wizard', {
        'plan_id': record, 'split': 'quarter', 'method': 'even'})
    user.act('sales.plan.decompose.wizard', wizard, 'action_decompose')


@row('plan: send to the region (approved)', plans('approved'))
def plan_propose(user, _world, model, record, _values):
    user.act(model, record, 'action_propose')


@row('plan: accept (to accept)', plans('to_accept'))
def plan_accept(user, _world, model, record, _values):
    user.act(model, record, 'action_accept')


@row('plan: refuse (to accept)', plans('to_accept'))
def plan_refuse(user, _world, model, record, _values):
    user.act(model, record, 'action_refuse_wizard')
    wizard = user.create('sales.plan.refuse.wizard', {'plan_id': record,
                                                      'reason': 'Refused by the matrix'})
    user.act('sales.plan.refuse.wizard', wizard, 'action_refuse')


@row('plan: revise (in execution)', plans('execution'))
def plan_revise(user, _world, model, record, _values):
    user.act(model, record, 'action_revise')


@row('plan: close (in execution, period over)', plans('execution', start='2001-01-01'))
def plan_close(user, _world, model, record, _values):
    user.act(model, record, 'action_close')


@row('plan: cancel (draft)', plans('draft'))
def plan_cancel(user, _world, model, record, _values):
    user.act(model, record, 'action_cancel')


@row('plan: delete (draft)', plans('draft'))
def plan_unlink_draft(user, _world, model, record, _values):
    user.act(model, record, 'unlink')


@row('plan: delete (approved)', plans('approved'))
def plan_unlink_approved(user, _world, model, record, _values):
    user.act(model, record, 'unlink')


@row('plan: read (North China)', plans('draft', region='north'))
def plan_read_north(user, _world, model, record, _values):
    user.read(model, record, ['name', 'state'])


@row('plan: read (another company)', lambda world, count: [
    ('sales.plan', world.admin.create('sales.plan', other_company_plan(world)), {})] * count)
def plan_read_other_company(user, _world, model, record, _values):
    user.read(model, record, ['name', 'state'])


# Plan targets -------------------------------------------------------------------------------

def plan_lines(state, region='east'):
    def prepare(world, count):
        return [('sales.plan.line', world.admin.read(model, plan_id, ['line_ids'])[0]['line_ids'][0],
                 {'plan_id': plan_id})
                for model, plan_id, _values in plans(state, region=region)(world, count)]
    return prepare


@row('plan target: create (draft plan)', plan_lines('draft'))
def plan_line_create(user, world, model, _record, values):
    user.create(model, {'plan_id': values['plan_id'], 'region_id': world.east,
                        'categ_id': world.category(), 'target_amount': 100.0})


@row('plan target: write (draft plan)', plan_lines('draft'))
def plan_line_write_draft(user, _world, model, record, _values):
    user.write(model, record, {'target_amount': 13000.0})


@row('plan target: write (submitted plan)', plan_lines('submitted'))
def plan_line_write_submitted(user, _world, model, record, _values):
    user.write(model, record, {'target_amount': 13000.0})


@row('plan target: delete (draft plan)', plan_lines('draft'))
def plan_line_unlink(user, _world, model, record, _values):
    user.act(model, record, 'unlink')


@row('plan target: delete (submitted plan)', plan_lines('submitted'))
def plan_line_unlink_submitted(user, _world, model, record, _values):
    user.act(model, record, 'unlink')


@row('plan target: read (North China)', plan_lines('draft', region='north'))
def plan_line_read_north(user, _world, model, record, _values):
    user.read(model, record, ['target_amount'])


# Expense budgets (lines of a plan) ----------------------------------------------------------

def budget_lines(state, region='east'):
    def prepare(world, count):
        kind = world.admin.call('account.budget.post', 'search',
                                [('sales_expense_kind', '!=', False)], limit=1)[0]
        author = world.user({'east': 'salesperson', 'north': 'sales_north'}[region])
        targets = []
        for model, plan_id, _values in plans('draft', region=region)(world, count):
            line = author.create('sales.budget.line', {
                'plan_id': plan_id, 'kind_id': kind, 'amount_planned': 500.0})
            targets.append(('sales.budget.line', line, {'plan_id': plan_id, 'kind_id': kind}))
        if state != 'draft':
            plan_ids = [values['plan_id'] for _model, _line, values in targets]
            author.act('sales.plan', plan_ids, 'action_approval_submit')
        return targets
    return prepare


@row('expense budget: create (draft plan)', budget_lines('draft'))
def budget_create(user, _world, model, _record, values):
    user.create(model, {'plan_id': values['plan_id'], 'kind_id': values['kind_id'],
                        'amount_planned': 100.0})


@row('expense budget: write (draft plan)', budget_lines('draft'))
def budget_write_draft(user, _world, model, record, _values):
    user.write(model, record, {'amount_planned': 600.0})


@row('expense budget: write (submitted plan)', budget_lines('submitted'))
def budget_write_submitted(user, _world, model, record, _values):
    user.write(model, record, {'amount_planned': 600.0})


@row('expense budget: delete (draft plan)', budget_lines('draft'))
def budget_unlink(user, _world, model, record, _values):
    user.act(model, record, 'unlink')


@row('expense budget: delete (submitted plan)', budget_lines('submitted'))
def budget_unlink_submitted(user, _world, model, record, _values):
    user.act(model, record, 'unlink')


@row('expense budget: read (North China)', budget_lines('draft', region='north'))
def budget_read_north(user, _world, model, record, _values):
    user.read(model, record, ['amount_planned'])


# Sales strategy ------------------------------------------------------------------------------

def strategies(world, count):
    """Strategies set by the general manager, each for a year of its own (one a year)."""
    gm = world.user('general_manager')
    return [('sales.strategy', gm.create('sales.strategy', {
        'name': world.unique('strategy'), 'year': next(world.strategy_years),
        'total_target': 1000000.0}), {}) for _ in range(count)]


@row('strategy: create', fresh('sales.strategy'))
def strategy_create(user, world, _model, _record, _values):
    user.create('sales.strategy', {'name': world.unique('strategy'),
                                   'year': next(world.strategy_years)})


@row('strategy: write', strategies)
def strategy_write(user, _world, model, record, _values):
    user.write(model, record, {'goals': '<p>Grow by the matrix</p>'})


@row('strategy: schedule a sales meeting', strategies)
def strategy_meeting(user, _world, model, record, _values):
    user.act(model, record, 'action_schedule_meeting')


@row('strategy: delete', strategies)
def strategy_unlink(user, _world, model, record, _values):
    user.act(model, record, 'unlink')


# Market demand -------------------------------------------------------------------------------

def demands(state, region='east'):
    def prepare(world, count):
        sp = world.user({'east': 'salesperson', 'north': 'sales_north'}[region])
        ids = [sp.create('sales.demand', {'product_id': world.kettle, 'product_qty': 3.0,
                                          'region_id': getattr(world, region)})
               for _ in range(count)]
        if state == 'cancel':
            sp.act('sales.demand', ids, 'action_cancel')
        return [('sales.demand', demand, {}) for demand in ids]
    return prepare


@row('demand: create', fresh('sales.demand'))
def demand_create(user, world, model, _record, _values):
    user.create(model, {'product_id': world.kettle, 'product_qty': 2.0, 'region_id': world.east})


@row('demand: write (open)', demands('open'))
def demand_write(user, _world, model, record, _values):
    user.write(model, record, {'product_qty': 5.0})


@row('demand: write (cancelled)', demands('cancel'))
def demand_write_cancelled(user, _world, model, record, _values):
    user.write(model, record, {'product_qty': 5.0})


@row('demand: request a transfer (open)', demands('open'))
def demand_request(user, _world, model, record, _values):
    user.act(model, record, 'action_request_transfer')
    wizard = user.create('sales.demand.transfer.wizard', {},
                         active_model=model, active_ids=[record])
    user.act('sales.demand.transfer.wizard', wizard, 'action_create_requests')


@row('demand: mark covered (open)', demands('open'))
def demand_covered(user, _world, model, record, _values):
    user.act(model, record, 'action_mark_covered')


@row('demand: cancel (open)', demands('open'))
def demand_cancel(user, _world, model, record, _values):
    user.act(model, record, 'action_cancel')


@row('demand: reopen (cancelled)', demands('cancel'))
def demand_reopen(user, _world, model, record, _values):
    user.act(model, record, 'action_reopen')


@row('demand: delete (open)', demands('open'))
def demand_unlink(user, _world, model, record, _values):
    user.act(model, record, 'unlink')


@row('demand: delete (cancelled)', demands('cancel'))
def demand_unlink_cancelled(user, _world, model, record, _values):
    user.act(model, record, 'unlink')


@row('demand: read (North China)', demands('open', region='north'))
def demand_read_north(user, _world, model, record, _values):
    user.read(model, record, ['product_qty', 'state'])


# Stock transfer requests ---------------------------------------------------------------------

def requests(state, region='east'):
    """Requests of `state`: draft, to_approve (waiting for headquarters: the regional manager's
    own submission approves the first step), rm_step (a salesperson's, waiting for the regional
    manager), recheck (rejected by headquarters), transfer (approved)."""
    def prepare(world, count):
        login = {'east': 'salesperson', 'north': 'sales_north'}[region]
        if state in ('to_approve', 'recheck', 'transfer'):
            login = {'east': 'regional_manager', 'north': 'manager_north'}[region]
        owner = world.user(login)
        ids = [owner.create('stock.transfer.request', {
            'region_id': getattr(world, region),
            'line_ids': [(0, 0, {'product_id': world.kettle, 'product_qty': 1.0})]})
            for _ in range(count)]
        if state != 'draft':
            owner.act('stock.transfer.request', ids, 'action_approval_submit')
        if state == 'recheck':
            world.user('sales_hq').act('stock.transfer.request', ids, 'action_approval_reject',
                                       'Rejected by the matrix')
        if state == 'transfer':
            world.user('sales_hq').act('stock.transfer.request', ids, 'action_approval_approve')
        return [('stock.transfer.request', request, {}) for request in ids]
    return prepare


@row('transfer request: create', fresh('stock.transfer.request'))
def request_create(user, world, model, _record, _values):
    user.create(model, {'region_id': world.east, 'line_ids': [
        (0, 0, {'product_id': world.kettle, 'product_qty': 1.0})]})


@row('transfer request: write (draft)', requests('draft'))
def request_write_draft(user, _world, model, record, _values):
    user.write(model, record, {'date_needed': '2040-06-30'})


@row('transfer request: write (waiting for approval)', requests('to_approve'))
def request_write_pending(user, _world, model, record, _values):
    user.write(model, record, {'date_needed': '2040-06-30'})


@row('transfer request: submit (draft)', requests('draft'))
def request_submit(user, _world, model, record, _values):
    user.act(model, record, 'action_approval_submit')


@row('transfer request: approve (regional manager step)', requests('rm_step'))
def request_approve_rm(user, _world, model, record, _values):
    user.act(model, record, 'action_approval_approve')


@row('transfer request: approve (headquarters step)', requests('to_approve'))
def request_approve_hq(user, _world, model, record, _values):
    user.act(model, record, 'action_approval_approve')


@row('transfer request: reject (headquarters step)', requests('to_approve'))
def request_reject_hq(user, _world, model, record, _values):
    user.act(model, record, 'action_approval_reject', 'Rejected by the matrix')


@row('transfer request: re-check stock (rejected)', requests('recheck'))
def request_recheck(user, _world, model, record, _values):
    user.act(model, record, 'action_refresh_figures')


@row('transfer request: cancel (draft)', requests('draft'))
def request_cancel(user, _world, model, record, _values):
    user.act(model, record, 'action_cancel')


@row('transfer request: check stock (propose requests)', fresh('stock.transfer.request'))
def request_check_stock(user, _world, _model, _record, _values):
    user.call('stock.transfer.request', 'action_check_stock')


@row('transfer request: delete (draft)', requests('draft'))
def request_unlink(user, _world, model, record, _values):
    user.act(model, record, 'unlink')


@row('transfer request: delete (waiting for approval)', requests('to_approve'))
def request_unlink_pending(user, _world, model, record, _values):
    user.act(model, record, 'unlink')


def transfer_orders(world, count):
    """The transfer orders (stock.picking) of Li Wei's own requests, approved by his regional
    manager then headquarters: what the warehouse processes."""
    sp = world.user('salesperson')
    ids = [sp.create('stock.transfer.request', {
        'region_id': world.east,
        'line_ids': [(0, 0, {'product_id': world.kettle, 'product_qty': 1.0})]})
        for _ in range(count)]
    sp.act('stock.transfer.request', ids, 'action_approval_submit')
    world.user('regional_manager').act('stock.transfer.request', ids, 'action_approval_approve')
    world.user('sales_hq').act('stock.transfer.request', ids, 'action_approval_approve')
    return [('stock.picking', request['picking_ids'][0], {})
            for request in world.admin.read('stock.transfer.request', ids, ['picking_ids'])]


def validate_picking(user, picking):
    """The Validate button of a picking: Odoo's immediate transfer wizard when nothing was
    counted (every reserved quantity done), then the transfer."""
    result = user.act('stock.picking', picking, 'button_validate')
    if isinstance(result, dict) and result.get('res_model') == 'stock.immediate.transfer':
        user.act('stock.immediate.transfer', result['res_id'], 'process')
    state = user.read('stock.picking', picking, ['state'])[0]['state']
    assert state == 'done', 'the picking is validated (it is %s)' % state


@row('transfer order: validate (Li Wei\'s approved request)', transfer_orders)
def transfer_order_validate(user, _world, model, record, _values):
    validate_picking(user, record)


@row('transfer order: cancel (Li Wei\'s approved request)', transfer_orders)
def transfer_order_cancel(user, _world, model, record, _values):
    user.act(model, record, 'action_cancel')


@row('transfer request: read (North China)', requests('draft', region='north'))
def request_read_north(user, _world, model, record, _values):
    user.read(model, record, ['name', 'state'])


# Market surveys ------------------------------------------------------------------------------

def survey_values(world, region='east'):
    return {'region_id': getattr(world, region), 'date_from': '2040-01-01',
            'date_to': '2040-03-31', 'summary': 'Surveyed by the matrix',
            'line_ids': [(0, 0, {'kind': 'own', 'product_id': world.kettle, 'price': 199.0,
                                 'volume': 100.0})]}


def surveys(state, region='east'):
    """Surveys filed by East China's salesperson (North China's: sales_north), in `state`:
    draft or submitted (waiting for the marketing manager's review)."""
    def prepare(world, count):
        author = world.user({'east': 'salesperson', 'north': 'sales_north'}[region])
        ids = [author.create('sales.market.survey', survey_values(world, region))
               for _ in range(count)]
        if state == 'submitted':
            author.act('sales.market.survey', ids, 'action_approval_submit')
        return [('sales.market.survey', survey, {}) for survey in ids]
    return prepare


@row('survey: create', fresh('sales.market.survey'))
def survey_create(user, world, model, _record, _values):
    user.create(model, survey_values(world))


@row('survey: write (draft)', surveys('draft'))
def survey_write(user, _world, model, record, _values):
    user.write(model, record, {'summary': 'Changed by the matrix'})


@row('survey: submit (draft)', surveys('draft'))
def survey_submit(user, _world, model, record, _values):
    user.act(model, record, 'action_approval_submit')


@row('survey: review (submitted)', surveys('submitted'))
def survey_review(user, _world, model, record, _values):
    user.act(model, record, 'action_review', 'Reviewed by the matrix')


@row('survey: send back (submitted)', surveys('submitted'))
def survey_send_back(user, _world, model, record, _values):
    user.act(model, record, 'action_send_back', 'Sent back by the matrix')


@row('survey: withdraw (submitted)', surveys('submitted'))
def survey_withdraw(user, _world, model, record, _values):
    user.act(model, record, 'action_approval_reset')


@row('survey: write (submitted)', surveys('submitted'))
def survey_write_submitted(user, _world, model, record, _values):
    user.write(model, record, {'summary': 'Changed by the matrix'})


@row('survey: delete (draft)', surveys('draft'))
def survey_unlink(user, _world, model, record, _values):
    user.act(model, record, 'unlink')


@row('survey: delete (submitted)', surveys('submitted'))
def survey_unlink_submitted(user, _world, model, record, _values):
    user.act(model, record, 'unlink')


@row('survey: read (North China)', surveys('draft', region='north'))
def survey_read_north(user, _world, model, record, _values):
    user.read(model, record, ['name', 'state'])


# Appraisals ----------------------------------------------------------------------------------

def appraisal_period(world):
    """A quarter of its own, from 2001 on (one appraisal per salesperson and period; the demo's
    are of last quarter)."""
    number = next(world.quarters)
    return {'period_type': 'quarter', 'year': 2001 + number // 4, 'quarter': str(number % 4 + 1)}


def appraisals(state, region='east'):
    """Li Wei's appraisals (North China's: sales_north's), each of a quarter of its own,
    generated by his regional manager: draft, rated (a draft with the manager's rating and
    comments), or submitted (waiting for the sales director)."""
    def prepare(world, count):
        manager = world.user({'east': 'regional_manager', 'north': 'manager_north'}[region])
        appraised = {'east': 'salesperson', 'north': 'sales_north'}[region]
        ids = []
        for _ in range(count):
            wizard = manager.create('sales.appraisal.generate', dict(
                appraisal_period(world), region_ids=[(6, 0, [getattr(world, region)])]))
            domain = manager.act('sales.appraisal.generate', wizard, 'action_generate')['domain']
            ids += manager.call('sales.appraisal', 'search', domain + [
                ('user_id', '=', world.uid[appraised])])
        if state in ('rated', 'submitted'):
            manager.write('sales.appraisal', ids, {'rating': 'B', 'manager_comments': 'By the matrix'})
        if state == 'submitted':
            manager.act('sales.appraisal', ids, 'action_approval_submit')
        return [('sales.appraisal', appraisal, {}) for appraisal in ids]
    return prepare


@row('appraisal: generate (East China)', fresh('sales.appraisal'))
def appraisal_generate(user, world, model, _record, _values):
    wizard = user.create('sales.appraisal.generate', dict(
        appraisal_period(world), region_ids=[(6, 0, [world.east])]))
    user.act('sales.appraisal.generate', wizard, 'action_generate')


@row('appraisal: write (draft)', appraisals('draft'))
def appraisal_write(user, _world, model, record, _values):
    user.write(model, record, {'rating': 'A', 'manager_comments': 'Changed by the matrix'})


@row('appraisal: refresh the scorecard (draft)', appraisals('draft'))
def appraisal_refresh(user, _world, model, record, _values):
    user.act(model, record, 'action_refresh_scorecard')


@row('appraisal: apply the suggested rating (draft)', appraisals('draft'))
def appraisal_apply_rating(user, _world, model, record, _values):
    user.act(model, record, 'action_apply_suggested_rating')


@row('appraisal: submit (rated draft)', appraisals('rated'))
def appraisal_submit(user, _world, model, record, _values):
    user.act(model, record, 'action_approval_submit')


@row('appraisal: approve (sales director step)', appraisals('submitted'))
def appraisal_approve(user, _world, model, record, _values):
    user.act(model, record, 'action_approval_approve')


@row('appraisal: reject (sales director step)', appraisals('submitted'))
def appraisal_reject(user, _world, model, record, _values):
    user.act(model, record, 'action_approval_reject', 'Rejected by the matrix')


@row('appraisal: delete (draft)', appraisals('draft'))
def appraisal_unlink(user, _world, model, record, _values):
    user.act(model, record, 'unlink')


@row('appraisal: write (submitted)', appraisals('submitted'))
def appraisal_write_submitted(user, _world, model, record, _values):
    user.write(model, record, {'manager_comments': 'Changed by the matrix'})


@row('appraisal: delete (submitted)', appraisals('submitted'))
def appraisal_unlink_submitted(user, _world, model, record, _values):
    user.act(model, record, 'unlink')


@row('appraisal: read (North China)', appraisals('draft', region='north'))
def appraisal_read_north(user, _world, model, record, _values):
    user.read(model, record, ['score', 'rating'])


@row('appraisal: read (Li Wei\'s, draft)', appraisals('draft'))
def appraisal_read_draft(user, _world, model, record, _values):
    user.read(model, record, ['score', 'rating'])


# Promotions ----------------------------------------------------------------------------------

def promotion_values(world, region='east'):
    """A promotion of East China run by the marketing manager with Li Wei as its helper, on a
    product category of its own (official promotions may not overlap on a product)."""
    return {'name': world.unique('promotion'), 'date_start': world.today(-1),
            'date_end': world.today(30), 'region_ids': [(6, 0, [getattr(world, region)])],
            'user_id': world.uid['marketing_manager'],
            'helper_id': world.uid['salesperson'] if region == 'east' else False,
            'line_ids': [(0, 0, {'categ_id': world.category(), 'discount': 10.0})]}


PROMOTION_STEPS = ('draft', 'to_approve', 'president', 'official', 'running', 'evaluation',
                   'evaluated')


def promotions(state, region='east'):
    """Promotions moved to `state` by the roles of the process: drafted and submitted by the
    marketing manager, approved by the sales director then the president, started and ended by
    the marketing manager ('president': waiting for the president's step)."""
    def prepare(world, count):
        mm = world.user('marketing_manager')
        ids = [mm.create('sales.promotion', promotion_values(world, region)) for _ in range(count)]
        steps = PROMOTION_STEPS[:PROMOTION_STEPS.index(state) + 1]
        if 'to_approve' in steps:
            mm.act('sales.promotion', ids, 'action_approval_submit')
        if 'president' in steps:
            world.user('sales_director').act('sales.promotion', ids, 'action_approval_approve')
        if 'official' in steps:
            world.user('general_manager').act('sales.promotion', ids, 'action_approval_approve')
        if 'running' in steps:
            mm.act('sales.promotion', ids, 'action_start')
        if 'evaluation' in steps:
            mm.act('sales.promotion', ids, 'action_end')
        if 'evaluated' in steps:  # every summary report filed, the evaluation report approved
            for promotion in ids:
                for login in ('marketing_manager', 'salesperson'):
                    world.user(login).create('sales.promotion.report', {
                        'promotion_id': promotion, 'text': 'By the matrix'})
                evaluation = mm.act('sales.promotion', promotion, 'action_evaluation')['res_id']
                mm.write('sales.promotion.evaluation', evaluation,
                         {'conclusions': 'Concluded by the matrix'})
                mm.act('sales.promotion.evaluation', evaluation, 'action_approval_submit')
                world.user('sales_director').act('sales.promotion.evaluation', evaluation,
                                                 'action_approval_approve')
                world.user('general_manager').act('sales.promotion.evaluation', evaluation,
                                                  'action_approval_approve')
        return [('sales.promotion', promotion, {}) for promotion in ids]
    return prepare


@row('promotion: create', fresh('sales.promotion'))
def promotion_create(user, world, model, _record, _values):
    user.create(model, promotion_values(world))


@row('promotion: write (draft)', promotions('draft'))
def promotion_write_draft(user, _world, model, record, _values):
    user.write(model, record, {'objectives': 'Changed by the matrix'})


@row('promotion: write (official)', promotions('official'))
def promotion_write_official(user, _world, model, record, _values):
    user.write(model, record, {'objectives': 'Changed by the matrix'})


@row('promotion: submit (draft)', promotions('draft'))
def promotion_submit(user, _world, model, record, _values):
    user.act(model, record, 'action_approval_submit')


@row('promotion: approve (sales director step)', promotions('to_approve'))
def promotion_approve_director(user, _world, model, record, _values):
    user.act(model, record, 'action_approval_approve')


@row('promotion: reject (sales director step)', promotions('to_approve'))
def promotion_reject_director(user, _world, model, record, _values):
    user.act(model, record, 'action_approval_reject', 'Rejected by the matrix')


@row('promotion: approve (president step)', promotions('president'))
def promotion_approve_president(user, _world, model, record, _values):
    user.act(model, record, 'action_approval_approve')


@row('promotion: reject (president step)', promotions('president'))
def promotion_reject_president(user, _world, model, record, _values):
    user.act(model, record, 'action_approval_reject', 'Rejected by the matrix')


@row('promotion: start (official)', promotions('official'))
def promotion_start(user, _world, model, record, _values):
    user.act(model, record, 'action_start')


@row('promotion: revise (official)', promotions('official'))
def promotion_revise(user, _world, model, record, _values):
    user.act(model, record, 'action_revise')


@row('promotion: end (running)', promotions('running'))
def promotion_end(user, _world, model, record, _values):
    user.act(model, record, 'action_end')


@row('promotion: cancel (draft)', promotions('draft'))
def promotion_cancel(user, _world, model, record, _values):
    user.act(model, record, 'action_cancel')


@row('promotion: cancel (running)', promotions('running'))
def promotion_cancel_running(user, _world, model, record, _values):
    user.act(model, record, 'action_cancel')


@row('promotion: close (evaluation report approved)', promotions('evaluated'))
def promotion_close(user, _world, model, record, _values):
    user.act(model, record, 'action_close_wizard')


@row('promotion: delete (draft)', promotions('draft'))
def promotion_unlink(user, _world, model, record, _values):
    user.act(model, record, 'unlink')


def promotion_tasks(world, count):
    """The preparation tasks of official promotions, each owned by customer service (a to-do
    scheduled when the promotion became official)."""
    mm = world.user('marketing_manager')
    targets = []
    for _model, promotion, _values in promotions('draft')(world, count):
        mm.write('sales.promotion', promotion, {'task_ids': [(0, 0, {
            'name': world.unique('task'), 'user_id': world.uid['customer_service']})]})
        targets.append(promotion)
    mm.act('sales.promotion', targets, 'action_approval_submit')
    world.user('sales_director').act('sales.promotion', targets, 'action_approval_approve')
    world.user('general_manager').act('sales.promotion', targets, 'action_approval_approve')
    return [('sales.promotion.task', promotion['task_ids'][0], {})
            for promotion in world.admin.read('sales.promotion', targets, ['task_ids'])]


@row('promotion task: mark done (customer service\'s, official promotion)', promotion_tasks)
def promotion_task_done(user, _world, model, record, _values):
    user.act(model, record, 'action_done')


@row('promotion: delete (official)', promotions('official'))
def promotion_unlink_official(user, _world, model, record, _values):
    user.act(model, record, 'unlink')


@row('promotion: read (North China\'s)', promotions('draft', region='north'))
def promotion_read_north(user, _world, model, record, _values):
    user.read(model, record, ['name', 'state'])


# Promotion incidents -------------------------------------------------------------------------

def incidents(state, region='east'):
    """Incidents of running promotions, recorded by the helper Li Wei (North China's: by the
    marketing manager): open, with the responsible person (escalated once), escalated to the
    marketing department (with its contingency plan to assign), or assigned (to Li Wei)."""
    def prepare(world, count):
        sp = world.user('salesperson' if region == 'east' else 'marketing_manager')
        mm = world.user('marketing_manager')
        targets = []
        for _model, promotion, _values in promotions('running', region=region)(world, count):
            incident = sp.create('sales.promotion.incident', {
                'promotion_id': promotion, 'name': world.unique('incident'),
                'severity': 'minor'})
            targets.append(('sales.promotion.incident', incident, {'promotion_id': promotion}))
        ids = [target[1] for target in targets]
        if state in ('responsible', 'marketing', 'assigned'):
            sp.act('sales.promotion.incident', ids, 'action_escalate')
        if state in ('marketing', 'assigned'):
            mm.act('sales.promotion.incident', ids, 'action_escalate')
            mm.write('sales.promotion.incident', ids, {
                'contingency_plan': 'Planned by the matrix',
                'assigned_user_ids': [(6, 0, [world.uid['salesperson']])]})
        if state == 'assigned':
            mm.act('sales.promotion.incident', ids, 'action_assign')
        if state in ('responsible', 'assigned'):
            mm.write('sales.promotion.incident', ids, {'resolution': 'Solved by the matrix'})
        return targets
    return prepare


@row('incident: record (running promotion)', incidents('open'))
def incident_create(user, world, model, _record, values):
    user.create(model, {'promotion_id': values['promotion_id'], 'name': world.unique('incident')})


@row('incident: solve on site (open)', incidents('open'))
def incident_solve(user, _world, model, record, _values):
    user.write(model, record, {'resolution': 'Solved by the matrix'})
    user.act(model, record, 'action_solve')


@row('incident: escalate (open)', incidents('open'))
def incident_escalate(user, _world, model, record, _values):
    user.act(model, record, 'action_escalate')


@row('incident: assign the contingency plan (escalated)', incidents('marketing'))
def incident_assign(user, _world, model, record, _values):
    user.act(model, record, 'action_assign')


@row('incident: write (open)', incidents('open'))
def incident_write(user, _world, model, record, _values):
    user.write(model, record, {'description': 'Described by the matrix'})


@row('incident: solve (with the responsible person)', incidents('responsible'))
def incident_solve_responsible(user, _world, model, record, _values):
    user.act(model, record, 'action_solve')


@row('incident: escalate to marketing (with the responsible person)', incidents('responsible'))
def incident_escalate_marketing(user, _world, model, record, _values):
    user.act(model, record, 'action_escalate')


@row('incident: mark handled (contingency plan assigned to Li Wei)', incidents('assigned'))
def incident_solve_assigned(user, _world, model, record, _values):
    user.act(model, record, 'action_solve')


@row('incident: delete (open)', incidents('open'))
def incident_unlink(user, _world, model, record, _values):
    user.act(model, record, 'unlink')


@row('incident: read (North China\'s promotion)', incidents('open', region='north'))
def incident_read_north(user, _world, model, record, _values):
    user.read(model, record, ['name', 'state'])


# Summary reports and the evaluation report ---------------------------------------------------

@row('summary report: file (promotion in evaluation)', promotions('evaluation'))
def report_create(user, _world, _model, record, _values):
    user.create('sales.promotion.report', {'promotion_id': record, 'text': 'By the matrix'})


def evaluations(state):
    """The evaluation reports of ended promotions, opened by their responsible person (the
    marketing manager): draft, or submitted (waiting for the sales director)."""
    def prepare(world, count):
        mm = world.user('marketing_manager')
        targets = []
        for _model, promotion, _values in promotions('evaluation')(world, count):
            evaluation = mm.act('sales.promotion', promotion, 'action_evaluation')['res_id']
            targets.append(('sales.promotion.evaluation', evaluation, {'promotion_id': promotion}))
        ids = [target[1] for target in targets]
        mm.write('sales.promotion.evaluation', ids, {'conclusions': 'Concluded by the matrix'})
        if state in ('submitted', 'president'):
            mm.act('sales.promotion.evaluation', ids, 'action_approval_submit')
        if state == 'president':
            world.user('sales_director').act('sales.promotion.evaluation', ids,
                                             'action_approval_approve')
        return targets
    return prepare


@row('evaluation report: open (promotion in evaluation)', promotions('evaluation'))
def evaluation_open(user, _world, _model, record, _values):
    user.act('sales.promotion', record, 'action_evaluation')


@row('evaluation report: write (draft)', evaluations('draft'))
def evaluation_write(user, _world, model, record, _values):
    user.write(model, record, {'conclusions': 'Changed by the matrix'})


@row('evaluation report: submit (draft)', evaluations('draft'))
def evaluation_submit(user, _world, model, record, _values):
    user.act(model, record, 'action_approval_submit')


@row('evaluation report: approve (sales director step)', evaluations('submitted'))
def evaluation_approve(user, _world, model, record, _values):
    user.act(model, record, 'action_approval_approve')


@row('evaluation report: reject (sales director step)', evaluations('submitted'))
def evaluation_reject(user, _world, model, record, _values):
    user.act(model, record, 'action_approval_reject', 'Rejected by the matrix')


@row('evaluation report: approve (president step)', evaluations('president'))
def evaluation_approve_president(user, _world, model, record, _values):
    user.act(model, record, 'action_approval_approve')


@row('evaluation report: delete (draft)', evaluations('draft'))
def evaluation_unlink(user, _world, model, record, _values):
    user.act(model, record, 'unlink')


@row('evaluation report: delete (submitted)', evaluations('submitted'))
def evaluation_unlink_submitted(user, _world, model, record, _values):
    user.act(model, record, 'unlink')


# After-sales cases ---------------------------------------------------------------------------

def case_values(world, region='east'):
    """A complaint about one unit of a delivered order line of the region (each case its own
    unit: what can still come back is checked against the order), of another customer than the
    portal user's."""
    if region not in world.deliveries:
        # not of the portal user's company: the cases it may read are those of its own row
        portal_company = world.admin.read('res.users', world.uid['portal_customer'], [
            'commercial_partner_id'])[0]['commercial_partner_id'][0]
        lines = world.admin.call('sale.order.line', 'search_read', [
            ('order_id.team_id', '=', getattr(world, region)), ('order_id.state', '=', 'sale'),
            ('qty_delivered', '>=', 2), ('product_id.tracking', '=', 'none'),
            ('order_id.partner_id.commercial_partner_id', '!=', portal_company)],
            fields=['order_id', 'product_id', 'qty_delivered'], order='qty_delivered desc')
        world.deliveries[region] = [[line, int(line['qty_delivered']) - 1] for line in lines]
    delivery = next(item for item in world.deliveries[region] if item[1] > 0)
    delivery[1] -= 1
    line = delivery[0]
    order = world.admin.read('sale.order', line['order_id'][0], ['partner_id'])[0]
    return {'partner_id': order['partner_id'][0], 'sale_order_id': line['order_id'][0],
            'description': 'Reported by the matrix', 'kind_proposed': 'exchange',
            'line_ids': [(0, 0, {'product_id': line['product_id'][0], 'sale_line_id': line['id'],
                                 'quantity': 1.0})]}


# the steps of an exchange, in order (see cases)
CASE_STEPS = ('draft', 'reported', 'assessed', 'to_decide', 'goods_back', 'replacement',
              'exchange_requested', 'exchange_approved', 'feedback', 'feedback collected')


def cases(state, region='east'):
    """Cases filed by the region's salesperson: draft (intake), reported (waiting for the
    quality assessment), assessed (reported, the assessment written by quality), to_decide
    (assessment done, waiting for the marketing manager)."""
    def prepare(world, count):
        author = world.user({'east': 'salesperson', 'north': 'sales_north'}[region])
        ids = [author.create('sales.aftersales.case', case_values(world, region))
               for _ in range(count)]
        if state != 'draft':
            author.act('sales.aftersales.case', ids, 'action_report')
        if state not in ('draft', 'reported'):
            quality = world.user('quality')
            cause = quality.call('sales.aftersales.root.cause', 'search', [], limit=1)[0]
            quality.write('sales.aftersales.case', ids, {
                'root_cause_id': cause, 'assessment_analysis': 'Analysed by the matrix',
                'proposed_solution': 'Exchange it'})
        if state in CASE_STEPS[CASE_STEPS.index('to_decide'):]:
            quality.act('sales.aftersales.case', ids, 'action_assess')
        if state in CASE_STEPS[CASE_STEPS.index('goods_back'):]:
            world.user('marketing_manager').act('sales.aftersales.case', ids, 'action_decide',
                                                'exchange', 'Decided by the matrix')
        if state in CASE_STEPS[CASE_STEPS.index('goods_back'):]:
            for case in ids:  # the warehouse checks the return's availability (reserves it)
                world.user('warehouse').act('stock.picking', world.admin.read(
                    'sales.aftersales.case', case, ['return_picking_id'])[0]['return_picking_id'][0],
                    'action_assign')
        if state in CASE_STEPS[CASE_STEPS.index('replacement'):]:
            for case in ids:
                validate_picking(world.user('warehouse'), world.admin.read(
                    'sales.aftersales.case', case, ['return_picking_id'])[0]['return_picking_id'][0])
        if state in CASE_STEPS[CASE_STEPS.index('exchange_requested'):]:
            author.act('sales.aftersales.case', ids, 'action_request_exchange')
        if state in CASE_STEPS[CASE_STEPS.index('exchange_approved'):]:
            world.user('sales_director').act('sales.aftersales.case', ids,
                                             'action_approval_approve')
        if state in CASE_STEPS[CASE_STEPS.index('feedback'):]:
            for case in ids:
                validate_picking(world.user('warehouse'), world.admin.read(
                    'sales.aftersales.case', case,
                    ['replacement_picking_id'])[0]['replacement_picking_id'][0])
        if state == 'feedback collected':
            author.write('sales.aftersales.case', ids, {'feedback_satisfaction': '4',
                                                        'feedback_comment': 'By the matrix'})
        return [('sales.aftersales.case', case, {}) for case in ids]
    return prepare


@row('after-sales case: create', fresh('sales.aftersales.case'))
def case_create(user, world, model, _record, _values):
    user.create(model, case_values(world))


@row('after-sales case: write (intake)', cases('draft'))
def case_write(user, _world, model, record, _values):
    user.write(model, record, {'description': 'Changed by the matrix'})


@row('after-sales case: report to marketing (intake)', cases('draft'))
def case_report(user, _world, model, record, _values):
    user.act(model, record, 'action_report')


@row('after-sales case: write the assessment (reported)', cases('reported'))
def case_write_assessment(user, _world, model, record, _values):
    user.write(model, record, {'assessment_analysis': 'Analysed by the matrix'})


@row('after-sales case: assessment done (reported, assessed)', cases('assessed'))
def case_assess(user, _world, model, record, _values):
    user.act(model, record, 'action_assess')


@row('after-sales case: decide an exchange (assessed)', cases('to_decide'))
def case_decide(user, _world, model, record, _values):
    user.act(model, record, 'action_decide', 'exchange', 'Decided by the matrix')


@row('after-sales case: reject as not a quality problem (assessed)', cases('to_decide'))
def case_reject(user, _world, model, record, _values):
    user.act(model, record, 'action_decide', 'reject', 'Not a quality problem (the matrix)')


@row('after-sales case: ship the replacement before the goods are back (exchange decided)',
     cases('goods_back'))
def case_ship_before_return(user, _world, model, record, _values):
    user.act(model, record, 'action_ship_before_return')


@row('goods returned to the factory: validate the return (exchange decided, reserved)', lambda world, count: [
    ('stock.picking', world.admin.read(model, case, ['return_picking_id'])[0]['return_picking_id'][0], {})
    for model, case, _values in cases('goods_back')(world, count)])
def case_return_validate(user, _world, model, record, _values):
    validate_picking(user, record)


@row('after-sales case: request the exchange (goods back)', cases('replacement'))
def case_request_exchange(user, _world, model, record, _values):
    user.act(model, record, 'action_request_exchange')


@row('after-sales case: approve the exchange (sales director step)', cases('exchange_requested'))
def case_approve_exchange(user, _world, model, record, _values):
    user.act(model, record, 'action_approval_approve')


@row('after-sales case: reject the exchange (sales director step)', cases('exchange_requested'))
def case_reject_exchange(user, _world, model, record, _values):
    user.act(model, record, 'action_approval_reject', 'Rejected by the matrix')


@row('replacement: validate the delivery (exchange approved)', lambda world, count: [
    ('stock.picking', world.admin.read(model, case, ['replacement_picking_id'])[0][
        'replacement_picking_id'][0], {})
    for model, case, _values in cases('exchange_approved')(world, count)])
def case_replacement_validate(user, _world, model, record, _values):
    validate_picking(user, record)


@row('after-sales case: record the feedback (replacement delivered)', cases('feedback'))
def case_feedback(user, _world, model, record, _values):
    user.write(model, record, {'feedback_satisfaction': '4', 'feedback_comment': 'By the matrix'})


@row('after-sales case: close (feedback recorded)', cases('feedback collected'))
def case_close(user, _world, model, record, _values):
    user.act(model, record, 'action_close')


@row('after-sales case: cancel (intake)', cases('draft'))
def case_cancel(user, _world, model, record, _values):
    user.act(model, record, 'action_cancel')


@row('after-sales case: delete (intake)', cases('draft'))
def case_unlink(user, _world, model, record, _values):
    user.act(model, record, 'unlink')


@row('after-sales case: delete (reported)', cases('reported'))
def case_unlink_reported(user, _world, model, record, _values):
    user.act(model, record, 'unlink')


@row('after-sales case: read (North China)', cases('draft', region='north'))
def case_read_north(user, _world, model, record, _values):
    user.read(model, record, ['name', 'state'])


@row('after-sales case: read (the portal customer\'s own)', lambda world, count: [
    ('sales.aftersales.case', world.admin.call('sales.aftersales.case', 'search', [
        ('partner_id', 'child_of', world.admin.read(
            'res.users', world.uid['portal_customer'], ['commercial_partner_id'])[0][
            'commercial_partner_id'][0])], limit=1, order='id')[0], {})] * count)
def case_read_portal(user, _world, model, record, _values):
    user.read(model, record, ['name', 'state'])


# Promises to pay -----------------------------------------------------------------------------

def open_invoice(world, salesperson):
    invoices = world.admin.call('account.invoice', 'search_read', [
        ('type', '=', 'out_invoice'), ('state', '=', 'open'),
        ('user_id', '=', world.uid[salesperson])], fields=['residual'], limit=1,
        order='residual desc')
    assert invoices, 'the demo data has an open invoice of %s' % salesperson
    return invoices[0]['id']


def promises(salesperson='salesperson'):
    """Promises to pay recorded by the salesperson on an open invoice of theirs."""
    def prepare(world, count):
        invoice = open_invoice(world, salesperson)
        author = world.user(salesperson)
        return [('sales.payment.promise', author.create('sales.payment.promise', {
            'invoice_id': invoice, 'date': world.today(10), 'amount': 1.0}), {})
            for _ in range(count)]
    return prepare


@row('promise to pay: record (Li Wei\'s invoice)', fresh('sales.payment.promise'))
def promise_create(user, world, model, _record, _values):
    user.create(model, {'invoice_id': open_invoice(world, 'salesperson'),
                        'date': world.today(10), 'amount': 1.0})


@row('promise to pay: write', promises())
def promise_write(user, world, model, record, _values):
    user.write(model, record, {'date': world.today(12)})


@row('promise to pay: delete', promises())
def promise_unlink(user, _world, model, record, _values):
    user.act(model, record, 'unlink')


@row('promise to pay: read (North China\'s)', promises('sales_north'))
def promise_read_north(user, _world, model, record, _values):
    user.read(model, record, ['amount', 'state'])


def north_rows(model):
    """A row of a receivables report of North China's salesperson (SQL views: read only)."""
    def prepare(world, count):
        ids = world.admin.call(model, 'search', [('user_id', '=', world.uid['sales_north'])],
                               limit=1)
        assert ids, 'the demo data has receivables of North China'
        return [(model, ids[0], {})] * count
    return prepare


@row('receivables aging: read (North China\'s)', north_rows('sales.receivable.report'))
def receivable_read_north(user, _world, model, record, _values):
    user.read(model, record, ['open_amount'])


@row('receivables collection: read (North China\'s)',
     north_rows('sales.receivable.collection.report'))
def collection_read_north(user, _world, model, record, _values):
    user.read(model, record, ['due_amount'])


# Another company's documents -----------------------------------------------------------------

def other_company_records(model, values):
    """One record of another company (made by the administrator: none of the roles works
    there), read by every cell."""
    def prepare(world, count):
        company, region = world.other_company()
        record = world.admin.create(model, dict(values(world, region), company_id=company))
        return [(model, record, {})] * count
    return prepare


def read_name_and_state(user, _world, model, record, _values):
    user.read(model, record, ['display_name', 'state'])


for _model, _label, _values in [
        ('sales.demand', 'demand', lambda world, region: {
            'region_id': region, 'product_id': world.kettle, 'product_qty': 1.0}),
        ('sales.market.survey', 'survey', lambda world, region: {
            'region_id': region, 'date_from': '2040-01-01', 'date_to': '2040-03-31'}),
        ('sales.promotion', 'promotion', lambda world, region: {
            'region_ids': [(6, 0, [region])], 'name': world.unique('promotion'),
            'date_start': '2040-01-01', 'date_end': '2040-01-31',
            'user_id': world.uid['marketing_manager']})]:
    row('%s: read (another company)' % _label,
        other_company_records(_model, _values))(read_name_and_state)


# ---------------------------------------------------------------------------------------------
# The cells
# ---------------------------------------------------------------------------------------------

OBSERVED_CELLS = {}


# SALES_PROCESS_MATRIX_DISCOVER=1: every cell acts on a target of its own, whatever MATRIX
# expects (to observe a new row's cells; the observed table is written as below)
DISCOVER = bool(os.environ.get('SALES_PROCESS_MATRIX_DISCOVER'))


def target_index(row_name, role):
    """Which of its row's prepared targets a cell acts on: its own for a cell that succeeds;
    one shared by the cells refused (each proves it left the target as it was)."""
    if DISCOVER:
        return list(ROLES).index(role)
    succeeding = [name for name in ROLES if EXPECTED[row_name][name] == 'ok']
    return succeeding.index(role) if role in succeeding else len(succeeding)


def target_count(row_name):
    if DISCOVER:
        return len(ROLES)
    cells = EXPECTED[row_name].values()
    return sum(1 for cell in cells if cell == 'ok') + (1 if any(cell != 'ok' for cell in cells) else 0)


@pytest.fixture(scope='module')
def prepared(world):
    """The targets of each row, prepared when its first cell runs (see target_index)."""
    cache = {}

    def targets(row_name):
        if row_name not in cache:
            try:
                cache[row_name] = ROWS[row_name][0](world, target_count(row_name))
            except xmlrpc.client.Fault as fault:  # prepared once: the row's cells all fail
                cache[row_name] = AssertionError('preparing %s failed: %s' % (
                    row_name, fault.faultString.strip().splitlines()[-1][:500]))
        if isinstance(cache[row_name], Exception):
            raise cache[row_name]
        return cache[row_name]
    yield targets
    observed = {name: dict(EXPECTED[name], **OBSERVED_CELLS.get(name, {})) for name in EXPECTED}
    if observed != EXPECTED:
        with open(OBSERVED, 'w') as handle:
            handle.write(format_matrix(observed))


def cell_id(cell):
    return '%s / %s' % cell


CELLS = [(row_name, role) for row_name in EXPECTED for role in ROLES]


@pytest.mark.parametrize('row_name,role', CELLS, ids=[cell_id(cell) for cell in CELLS])
def test_cell(world, prepared, row_name, role):
    expected = EXPECTED[row_name][role]
    model, record, values = prepared(row_name)[target_index(row_name, role)]
    user = world.user(ROLES[role])
    before = world.snapshot(model, record) if expected != 'ok' else None
    try:
        ROWS[row_name][1](user, world, model, record, values)
        observed = 'ok'
    except xmlrpc.client.Fault as fault:
        observed = outcome_of(fault)
        message = fault.faultString.strip().splitlines()[-1][:300]
    OBSERVED_CELLS.setdefault(row_name, {})[role] = observed
    if os.environ.get('SALES_PROCESS_MATRIX_LOG'):  # each cell as it runs, to follow a long run
        with open(os.environ['SALES_PROCESS_MATRIX_LOG'], 'a') as log:
            log.write('%s | %s | %s | %s\n' % (row_name, role, observed,
                                               '' if observed == 'ok' else message))
    assert observed == expected, '%s as %s: %s, expected %s%s' % (
        row_name, ROLES[role], observed, expected,
        '' if observed == 'ok' else ' (%s)' % message)
    if before is not None:
        assert world.snapshot(model, record) == before, (
            '%s as %s was refused but wrote something' % (row_name, ROLES[role]))


def test_every_row_has_its_action():
    assert set(EXPECTED) == set(ROWS)


# ---------------------------------------------------------------------------------------------
# The README shows the matrix
# ---------------------------------------------------------------------------------------------

README_START = '<!-- rpc-matrix: generated from tests_browser/test_rpc_matrix.py, MATRIX -->\n'
README_END = '<!-- /rpc-matrix -->\n'


def readme_with_matrix(text):
    start, end = text.index(README_START) + len(README_START), text.index(README_END)
    return text[:start] + MATRIX + text[end:]


def test_readme_shows_the_matrix():
    """The README's roles section shows MATRIX as it is here (`.runtime/browser-venv/bin/python
    tests_browser/test_rpc_matrix.py` writes it there: the walks' virtualenv has pytest)."""
    with open(README) as handle:
        text = handle.read()
    assert README_START in text and README_END in text, 'the README has the matrix\'s markers'
    assert readme_with_matrix(text) == text, (
        'the README\'s matrix differs from MATRIX: run .runtime/browser-venv/bin/python '
        'tests_browser/test_rpc_matrix.py')


if __name__ == '__main__':
    with open(README) as source:
        current = source.read()
    with open(README, 'w') as target:
        target.write(readme_with_matrix(current))
