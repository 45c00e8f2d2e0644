"""A demo user over XML-RPC, shared by the XML-RPC tests (test_rpc_matrix.py) and the load
driver (load.py). Standard library only: the load driver also runs in Odoo's virtualenv
(bench/bench_load.py)."""
import os
import xmlrpc.client

URL = os.environ.get('SALES_PROCESS_WALK_URL', 'http://127.0.0.1:8069')
DB = os.environ.get('SALES_PROCESS_WALK_DB', 'sales_process')


class User:
    """A demo user over XML-RPC (the password is the login), on the server at `url`.

    One per thread: a ServerProxy keeps its connection and is not shared between threads."""

    def __init__(self, login, url=None, db=None):
        self.login = login
        self.url, self.db = url or URL, db or DB
        self.uid = xmlrpc.client.ServerProxy(self.url + '/xmlrpc/2/common').authenticate(
            self.db, login, login, {})
        assert self.uid, 'the demo user %s logs in' % login
        self.models = xmlrpc.client.ServerProxy(self.url + '/xmlrpc/2/object', allow_none=True)

    def call(self, model, method, *args, **kwargs):
        return self.models.execute_kw(self.db, self.uid, self.login, model, method, list(args),
                                      kwargs)

    def create(self, model, values, **context):
        return self.call(model, 'create', values, context=context or {})

    def write(self, model, ids, values):
        return self.call(model, 'write', ids if isinstance(ids, list) else [ids], values)

    def act(self, model, ids, method, *args):
        return self.call(model, method, ids if isinstance(ids, list) else [ids], *args)

    def read(self, model, ids, fields):
        return self.call(model, 'read', ids if isinstance(ids, list) else [ids], fields)


def outcome_of(fault):
    """'access' or 'user' for the refusals Odoo sends over XML-RPC; any other fault is an error
    of the server, raised."""
    if fault.faultCode == 4:  # AccessError
        return 'access'
    if fault.faultCode == 2 and 'does not exist or has been deleted' not in fault.faultString:
        return 'user'  # UserError
    if fault.faultCode == 1 and 'odoo.exceptions.ValidationError' in fault.faultString:
        return 'user'  # a data rule (Odoo 11 sends it as an application error)
    raise AssertionError('the server failed: %s' % fault.faultString[-2000:])
