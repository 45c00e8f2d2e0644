"""Over the real XML-RPC API of the walks' server (the demo data): a user of the demo's second
company (My Company, Chicago) reads nothing of the first company (Shanghai Meichu, where every
demo document is) in any model of the module, and is refused its records by id.

The module's models are read from ir.model (those the module alone defines), so that a new
model is checked without changing this test. The administrator only prepares: the Chicago
user, with the strongest role (general manager: every region of their company), is made
through the API as a person would in Settings > Users."""
import xmlrpc.client

import pytest

from odoo_browser import DB, URL, Admin

LOGIN = 'chicago_general_manager'


@pytest.fixture(scope='module')
def admin():
    return Admin()


@pytest.fixture(scope='module')
def companies(admin):
    first = admin.call('ir.model.data', 'xmlid_to_res_id', 'base.main_company')
    second = admin.call('ir.model.data', 'xmlid_to_res_id', 'stock.res_company_1')
    assert first and second, 'the demo has two companies'
    return first, second


@pytest.fixture(scope='module')
def chicago_user(admin, companies):
    """(uid, object proxy, password) of the second company's general manager."""
    _first, second = companies
    if not admin.call('res.users', 'search', [('login', '=', LOGIN)]):
        groups = [admin.call('ir.model.data', 'xmlid_to_res_id', xmlid)
                  for xmlid in ('base.group_user', 'sales_process.group_general_manager')]
        admin.call('res.users', 'create', {
            'name': 'Chicago General Manager', 'login': LOGIN, 'password': LOGIN,
            'company_id': second, 'company_ids': [(6, 0, [second])],
            'groups_id': [(6, 0, groups)]})
    uid = xmlrpc.client.ServerProxy(URL + '/xmlrpc/2/common').authenticate(DB, LOGIN, LOGIN, {})
    assert uid, 'the second company\'s user logs in'
    return uid, xmlrpc.client.ServerProxy(URL + '/xmlrpc/2/object', allow_none=True), LOGIN


def call(user, model, method, *args, **kwargs):
    uid, models, password = user
    return models.execute_kw(DB, uid, password, model, method, list(args), kwargs)


def module_models(admin):
    """The module's own models with a company (with records: not transient, not abstract):
    every document, line, report and setting that belongs to a company."""
    model_ids = admin.call('ir.model.data', 'search_read',
                           [('module', '=', 'sales_process'), ('model', '=', 'ir.model')],
                           fields=['res_id'])
    models = admin.call('ir.model', 'search_read',
                        [('id', 'in', [row['res_id'] for row in model_ids]),
                         ('transient', '=', False)], fields=['model', 'modules'])
    # with access rights: the abstract layers (the document, the engine's mixin) have none
    granted = {row['model_id'][0] for row in admin.call(
        'ir.model.access', 'search_read', [('model_id', 'in', [row['id'] for row in models])],
        fields=['model_id'])}
    own = [row['model'] for row in models
           if row['modules'].strip() == 'sales_process' and row['id'] in granted]
    with_company = admin.call('ir.model.fields', 'search_read',
                              [('model', 'in', own), ('name', '=', 'company_id'),
                               ('store', '=', True)], fields=['model'])
    return sorted(row['model'] for row in with_company)


def test_the_second_company_reads_nothing_of_the_first(admin, companies, chicago_user):
    first, second = companies
    models = module_models(admin)
    # the documents, their lines and reports of every process (a floor: more come with new
    # models, never fewer)
    for expected in ('sales.plan', 'sales.plan.line', 'stock.transfer.request', 'sales.demand',
                     'sales.promotion', 'sales.aftersales.case', 'sales.market.survey',
                     'sales.payment.promise', 'sales.appraisal', 'sales.approval.history',
                     'sales.approval.step', 'sales.plan.analysis', 'sales.receivable.report'):
        assert expected in models
    checked = []
    for model in models:
        assert call(chicago_user, model, 'search_count', [
            ('company_id', '!=', False), ('company_id', '!=', second)]) == 0, \
            '%s: the second company\'s user finds another company\'s records' % model
        seen = call(chicago_user, model, 'search_read', [], fields=['company_id'])
        assert all(not row['company_id'] or row['company_id'][0] == second for row in seen), \
            '%s: the second company\'s user reads the first company\'s records' % model
        theirs = admin.call(model, 'search', [('company_id', '=', first)], limit=1)
        if not theirs:
            continue  # the demo has none of these in the first company
        checked.append(model)
        assert call(chicago_user, model, 'search', [('id', 'in', theirs)]) == []
        with pytest.raises(xmlrpc.client.Fault) as refused:
            call(chicago_user, model, 'read', theirs, fields=['display_name'])
        assert refused.value.faultCode == 4, model  # Odoo's AccessError over XML-RPC
        with pytest.raises(xmlrpc.client.Fault) as refused:
            call(chicago_user, model, 'unlink', theirs)
        assert refused.value.faultCode in (2, 4), model  # AccessError, or UserError (locked)
    # the demo's documents are all in the first company: most models had records to refuse
    assert len(checked) >= 20, checked
