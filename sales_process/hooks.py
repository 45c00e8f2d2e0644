from odoo.exceptions import UserError, ValidationError
from odoo.service import wsgi_server


def post_init_hook(cr, registry):
    """Sales teams that exist before the module are regions, except website/other channels."""
    cr.execute("UPDATE crm_team SET is_sales_region = false WHERE team_type IS DISTINCT FROM 'sales'")


def post_load():
    """Scripts over XML-RPC read a refused input as the web client's users do: Odoo 11 answers a
    ValidationError (a constraint of the data) with its whole traceback, fault 1, where it answers
    a UserError with fault 2 and the message alone. Both are answered as a UserError is, as from
    Odoo 13 on, where ValidationError is a UserError. Server-wide, once per process."""
    for name in ('xmlrpc_handle_exception_int', 'xmlrpc_handle_exception_string'):
        handler = getattr(wsgi_server, name)
        if not getattr(handler, 'validation_error_readable', False):
            setattr(wsgi_server, name, _validation_error_as_user_error(handler))


def _validation_error_as_user_error(handler):
    def handle(error):
        if isinstance(error, ValidationError):
            error = UserError(error.name)
        return handler(error)
    handle.validation_error_readable = True
    return handle
