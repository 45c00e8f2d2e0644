"""Over the real XML-RPC API (the demo data, served with --workers=2 by make test's
run_rpc_tests): every report the module reads from a PostgreSQL view is searched and read by an
administrator and by a salesperson. XML-RPC carries 32-bit signed integers only ("int exceeds
XML-RPC limits" otherwise): every row id of every view must stay below 2**31.

SQL_VIEW_MODELS is checked against the registry by sales_process/tests/test_sql_view_ids.py,
so that a new SQL view cannot be left out of this file."""
import xmlrpc.client

import pytest

from odoo_browser import DB, URL, Admin

SQL_VIEW_MODELS = (
    'sales.aftersales.case.report',
    'sales.aftersales.defect.report',
    'sales.budget.analysis',
    'sales.market.survey.analysis',
    'sales.plan.analysis',
    'sales.promotion.analysis',
    'sales.receivable.collection.report',
    'sales.receivable.report',
    'sales.stock.check',
)
# their ids used to be composed (region and product, case and product) and above 2**31
FORMERLY_WIDE = ('sales.stock.check', 'sales.aftersales.case.report')
SALESPERSON = 'salesperson'  # Li Wei, East China (demo login = password)


@pytest.fixture(scope='module')
def admin():
    return Admin()


@pytest.fixture(scope='module')
def salesperson():
    uid = xmlrpc.client.ServerProxy(URL + '/xmlrpc/2/common').authenticate(
        DB, SALESPERSON, SALESPERSON, {})
    assert uid, 'the demo salesperson logs in'
    return uid, xmlrpc.client.ServerProxy(URL + '/xmlrpc/2/object', allow_none=True), SALESPERSON


def call(user, model, method, *args, **kwargs):
    uid, models, password = user
    return models.execute_kw(DB, uid, password, model, method, list(args), kwargs)


def list_fields(caller, model):
    """The fields the report's list view shows, as the web client reads them."""
    return list(caller(model, 'fields_view_get', view_type='tree')['fields'])


def check_rows(caller, model):
    """Search every row of `model` over XML-RPC, read the list's fields of the newest and the
    highest ids, group them as the pivot does: the number of rows seen."""
    ids = caller(model, 'search', [])
    assert len(ids) == len(set(ids)), '%s: an id is repeated' % model
    assert caller(model, 'search_count', []) == len(ids), model
    if not ids:
        return 0
    assert max(ids) < 2 ** 31 and min(ids) > 0, model
    top = caller(model, 'search', [], order='id desc', limit=1)
    assert top == [max(ids)], model
    fields = list_fields(caller, model)
    rows = caller(model, 'search_read', [], fields=fields, limit=80)
    assert rows and all(row['id'] < 2 ** 31 for row in rows), model
    again = caller(model, 'read', [rows[0]['id'], max(ids)], fields=fields)
    assert {row['id'] for row in again} == {rows[0]['id'], max(ids)}, model
    # the pivot's first grouping (its count), over the same rows
    groups = caller(model, 'read_group', [], ['company_id'], ['company_id'])
    assert sum(group['company_id_count'] for group in groups) == len(ids), model
    return len(ids)


def test_every_sql_view_is_searched_and_read_by_the_administrator(admin):
    counts = {model: check_rows(admin.call, model) for model in SQL_VIEW_MODELS}
    for model in FORMERLY_WIDE:
        assert counts[model], '%s: the demo has rows of it' % model
    # the demo fills most reports: an empty one would prove nothing
    assert sum(1 for count in counts.values() if count) >= 7, counts


def test_every_sql_view_is_searched_and_read_by_a_salesperson(salesperson):
    readable = []
    for model in SQL_VIEW_MODELS:
        if call(salesperson, model, 'check_access_rights', 'read', raise_exception=False):
            readable.append(model)
            check_rows(lambda *args, **kwargs: call(salesperson, *args, **kwargs), model)
        else:
            with pytest.raises(xmlrpc.client.Fault) as refused:
                call(salesperson, model, 'search', [])
            assert refused.value.faultCode == 4, model  # Odoo's AccessError over XML-RPC
    # a salesperson checks their region's stock and follows their receivables and targets
    for model in ('sales.stock.check', 'sales.receivable.report', 'sales.plan.analysis'):
        assert model in readable, readable
