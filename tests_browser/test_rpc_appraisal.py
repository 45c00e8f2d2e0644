"""Over the real XML-RPC API (the demo data, served with --workers=2 by make test's
run_rpc_tests, before test_rpc_matrix.py adds appraisals of its own): a salesperson reads their own
appraisal, and is refused another salesperson's, whose id they know (record rules, not hidden
buttons)."""
import os
import xmlrpc.client

import pytest

URL = os.environ.get('SALES_PROCESS_WALK_URL', 'http://127.0.0.1:8069')
DB = os.environ.get('SALES_PROCESS_WALK_DB', 'sales_process')


def login(name):
    """(uid, object proxy, password) of a demo user (login = password)."""
    uid = xmlrpc.client.ServerProxy(URL + '/xmlrpc/2/common').authenticate(DB, name, name, {})
    assert uid, 'the demo user %s logs in' % name
    return uid, xmlrpc.client.ServerProxy(URL + '/xmlrpc/2/object'), name


def call(user, model, method, *args, **kwargs):
    uid, models, password = user
    return models.execute_kw(DB, uid, password, model, method, list(args), kwargs)


def test_a_salesperson_is_refused_another_salespersons_appraisal():
    hu_bo = login('sales_east2')
    li_wei = login('salesperson')
    # Hu Bo's appraisal of last quarter, waiting for the sales director: his to read
    his = call(hu_bo, 'sales.appraisal', 'search_read', [], fields=['user_id', 'score'])
    assert len(his) == 1 and his[0]['user_id'][1].startswith('Hu Bo')
    # Li Wei sees his own only, and reading Hu Bo's by its id is refused
    mine = call(li_wei, 'sales.appraisal', 'search_read', [], fields=['user_id'])
    assert [row['user_id'][1] for row in mine] == ['Li Wei (李伟)']
    with pytest.raises(xmlrpc.client.Fault) as refused:
        call(li_wei, 'sales.appraisal', 'read', [his[0]['id']], fields=['score'])
    # Odoo's AccessError over XML-RPC: fault 4, the document type and the operation refused
    assert refused.value.faultCode == 4
    assert '(Document type: sales.appraisal, Operation: read)' in refused.value.faultString
    with pytest.raises(xmlrpc.client.Fault) as refused:
        call(li_wei, 'sales.appraisal', 'write', [his[0]['id']], {'rating': 'A'})
    assert refused.value.faultCode == 4
