"""The bad-input catalogue (sales_process/tests/bad_input_catalogue.py) over the real XML-RPC API
of the walks' server (the demo data): each entry's role logs in with its demo login, makes the
same call as the in-process test, and gets a fault that carries the same readable message (no
traceback), with nothing written.

The world is the demo's, completed by the administrator the way Sales and Inventory would have
it (a delivered order, invoices): see `world`. The records the write and call entries act on are
built once, by their role, and stay (a refused call changes nothing).
"""
import importlib.util
import os
import re
import xmlrpc.client
from datetime import date, timedelta

import pytest

from odoo_browser import DB, URL, Admin

CATALOGUE_FILE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                              'sales_process', 'tests', 'bad_input_catalogue.py')
_spec = importlib.util.spec_from_file_location('bad_input_catalogue', CATALOGUE_FILE)
catalogue = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(catalogue)

WARNING = 2  # Odoo's XML-RPC fault code of a refused operation (a UserError)


class User:
    """A demo user over XML-RPC (login = password)."""

    def __init__(self, login):
        self.login = login
        self.uid = xmlrpc.client.ServerProxy(URL + '/xmlrpc/2/common').authenticate(
            DB, login, login, {})
        assert self.uid, 'the demo user %s logs in' % login
        self.models = xmlrpc.client.ServerProxy(URL + '/xmlrpc/2/object', allow_none=True)

    def call(self, model, method, *args, **kwargs):
        return self.models.execute_kw(DB, self.uid, self.login, model, method, list(args),
                                      kwargs)


def done(call):
    """Run a button's call whose method returns nothing (XML-RPC cannot send None back)."""
    try:
        return call()
    except xmlrpc.client.Fault as fault:
        if 'cannot marshal None' not in fault.faultString:
            raise
        return None


@pytest.fixture(scope='module')
def admin():
    return Admin()


@pytest.fixture(scope='module')
def users():
    return {}


def user(users, login):
    if login not in users:
        users[login] = User(login)
    return users[login]


def find_user(admin, login):
    return admin.call('res.users', 'search_read', [('login', '=', login)],
                      fields=['sale_team_id', 'company_id'])[0]


@pytest.fixture(scope='module')
def world(admin):
    """The demo's salesperson and region, and what the catalogue needs beside them."""
    salesperson = find_user(admin, 'salesperson')
    region = salesperson['sale_team_id'][0]
    company = salesperson['company_id'][0]
    others = admin.call('res.users', 'search_read', [
        ('login', 'in', ['sales_north', 'sales_south', 'sales_east2']),
        ('sale_team_id', '!=', region)], fields=['sale_team_id'], limit=1)
    warehouse = admin.call('crm.team', 'read', [region], fields=['warehouse_id'])[0]
    create = admin.call

    def product(name, kind):
        return create('product.product', 'create', {
            'name': name, 'type': kind, 'list_price': 100.0})

    def partner(name, **values):
        return create('res.partner', 'create', dict({'name': name, 'customer': True}, **values))

    storable = product('RPC Catalogue Kettle', 'product')
    customer = partner('RPC Catalogue Customer')
    # an order of the region, delivered in full (its quantities done, whatever the stock)
    order = create('sale.order', 'create', {
        'partner_id': customer, 'team_id': region, 'user_id': salesperson['id'],
        'warehouse_id': warehouse['warehouse_id'][0],
        'order_line': [(0, 0, {'product_id': storable, 'product_uom_qty': 10,
                               'price_unit': 100.0})]})
    create('sale.order', 'action_confirm', [order])
    pickings = create('sale.order', 'read', [order], fields=['picking_ids'])[0]['picking_ids']
    for move in create('stock.move', 'search_read', [('picking_id', 'in', pickings)],
                       fields=['product_uom_qty']):
        create('stock.move', 'write', [move['id']], {'quantity_done': move['product_uom_qty']})
    done(lambda: create('stock.picking', 'button_validate', pickings))
    assert {row['state'] for row in create('stock.picking', 'read', pickings,
                                           fields=['state'])} == {'done'}
    revenue = create('account.account', 'search', [
        ('company_id', '=', company),
        ('user_type_id', '=', create('ir.model.data', 'xmlid_to_res_id',
                                     'account.data_account_type_revenue'))], limit=1)[0]
    invoices = [create('account.invoice', 'create', {
        'partner_id': customer, 'type': 'out_invoice', 'team_id': region,
        'user_id': salesperson['id'],
        'invoice_line_ids': [(0, 0, {'name': 'Kettles', 'quantity': 1, 'price_unit': 500.0,
                                     'account_id': revenue})]}) for _number in range(2)]
    done(lambda: create('account.invoice', 'action_invoice_open', invoices[:1]))
    values = {
        'region': region,
        'other_region': others[0]['sale_team_id'][0],
        'region_warehouse': warehouse['warehouse_id'][0],
        'salesperson': salesperson['id'],
        'other_salesperson': others[0]['id'],
        'warehouse_user': find_user(admin, 'warehouse')['id'],
        'marketing_assistant': find_user(admin, 'marketing_assistant')['id'],
        'storable': storable,
        'storable2': product('RPC Catalogue Fryer', 'product'),
        'consumable': product('RPC Catalogue Posters', 'consu'),
        'service': product('RPC Catalogue Installation', 'service'),
        'competitor': partner('RPC Catalogue Rival', is_company=True, is_competitor=True),
        'customer': customer,
        'delivered_order': order,
        'delivered_product': storable,
        'other_customer': partner('RPC Catalogue Other Customer'),
        'expense_kind': create('account.budget.post', 'search', [
            ('company_id', '=', company), ('sales_expense_kind', '!=', False)], limit=1)[0],
        'open_invoice': invoices[0],
        'draft_invoice': invoices[1],
        'future': (date.today() + timedelta(days=30)).isoformat(),
        'scoring': create('sales.appraisal.scoring', 'search', [('company_id', '=', company)])[0],
        'this_year': date.today().year,
    }
    assert set(values) == set(catalogue.WORLD_KEYS)
    return values


@pytest.fixture(scope='module')
def setups():
    return {}


def build(name, model, world, users, setups):
    """The record a write or call entry acts on: (model, id), built once by its role."""
    if name.startswith('$'):
        return world[name[1:]]
    if name not in setups:
        setup = catalogue.SETUPS[name]
        record = user(users, setup.role).call(setup.model, 'create',
                                              catalogue.resolve(setup.values, world))
        for method in setup.then:
            acting = user(users, setup.then_role or setup.role)
            done(lambda: acting.call(setup.model, method, [record]))  # noqa: B023
        setups[name] = record
    return setups[name]


def counts(admin, models):
    return {model: admin.call(model, 'search_count', [], context={'active_test': False})
            for model in models}


@pytest.mark.parametrize('item', catalogue.CATALOGUE, ids=[item.id for item in catalogue.CATALOGUE])
def test_bad_input_over_xmlrpc(item, admin, world, users, setups):
    acting = user(users, item.role)
    ids = []
    model = item.model
    if item.setup:
        record = build(item.setup, item.model, world, users, setups)
        setup_model = (catalogue.SETUPS[item.setup].model if not item.setup.startswith('$')
                       else item.model)
        ids = [record]
        if item.target:
            ids = admin.call(setup_model, 'read', [record], fields=[item.target])[0][item.target]
            assert ids, 'the setup %s has %s' % (item.setup, item.target)
    fields = catalogue.watched_fields(item)

    def state():
        return (counts(admin, item.touched),
                admin.call(model, 'read', ids, fields=fields) if fields else None)

    before = state()
    with pytest.raises(xmlrpc.client.Fault) as refused:
        if item.op == 'create':
            acting.call(model, 'create', catalogue.resolve(item.values, world))
        elif item.op == 'write':
            acting.call(model, 'write', ids, catalogue.resolve(item.values, world))
        else:
            acting.call(model, item.method, ids, *catalogue.resolve(item.args, world))
    fault = refused.value
    assert 'Traceback' not in fault.faultString, fault.faultString
    assert fault.faultCode == WARNING, fault.faultString
    assert re.search(item.message, fault.faultString), fault.faultString
    assert state() == before
