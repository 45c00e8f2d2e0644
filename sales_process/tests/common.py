"""One world for every test class: two regions with warehouses, and a user per role, and the
helpers every process's tests act with (approving, the activities of a record, printing).

Nothing here relies on demo data: the fixture builds its own regions, warehouses and users
with exactly the groups of their role, so each test acts as that role would.
"""
import base64
import contextlib
import re
import subprocess
import tempfile
import threading
import unittest
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest.mock import patch

import odoo
from odoo.tests.common import SavepointCase, at_install, post_install

ROLE_GROUPS = {
    'salesperson': 'sales_process.group_salesperson',
    'regional_manager': 'sales_process.group_regional_manager',
    'marketing_assistant': 'sales_process.group_marketing_assistant',
    'marketing_manager': 'sales_process.group_marketing_manager',
    'customer_service': 'sales_process.group_customer_service',
    'quality': 'sales_process.group_quality',
    'warehouse': 'sales_process.group_warehouse',
    'sales_hq': 'sales_process.group_sales_hq',
    'sales_director': 'sales_process.group_sales_director',
    'general_manager': 'sales_process.group_general_manager',
}


def without_spaces(text):
    return re.sub(r'\s+', '', text)


def after_loading(test):
    """Odoo's own runner (--test-enable) runs `test`, a test class or method, once every module
    of the run is loaded (post-install), rather than right after the module's data is loaded
    while the module is installed or updated (at install): for tests that need what exists only
    then, such as the module in state 'installed' (Odoo exports the terms of installed modules
    only), the nested sets of trees (parent_left, deferred while modules load) or Odoo's HTTP
    server answering (it waits for the loading to end). pytest-odoo runs them as any other."""
    return at_install(False)(post_install(True)(test))


class SalesProcessCase(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(SalesProcessCase, cls).setUpClass()
        # unittest calls no tearDownClass when a setUpClass fails (this one or a subclass's): the
        # class's transaction would stay open with its locks, and the next test class of Odoo's
        # runner would wait for them forever. A class clean-up runs whatever happened.
        cls.addClassCleanup(cls._release_cursor)
        cls.env = cls.env(context=dict(cls.env.context, mail_create_nosubscribe=True,
                                       no_reset_password=True))
        cls.company = cls.env.ref('base.main_company')
        cls.head_office_warehouse = cls.env['stock.warehouse'].search(
            [('company_id', '=', cls.company.id)], limit=1, order='id')
        cls.warehouse_a = cls._create_warehouse('Region A Warehouse', 'TWA')
        cls.warehouse_b = cls._create_warehouse('Region B Warehouse', 'TWB')
        cls.region_a = cls.env['crm.team'].create({
            'name': 'Region A', 'region_code': 'TRA', 'warehouse_id': cls.warehouse_a.id,
            'company_id': cls.company.id})
        cls.region_b = cls.env['crm.team'].create({
            'name': 'Region B', 'region_code': 'TRB', 'warehouse_id': cls.warehouse_b.id,
            'company_id': cls.company.id})

        # one user per role; regional roles work in region A, head office in no region
        cls.users = {}
        for role, group in ROLE_GROUPS.items():
            region = cls.region_a if role in ('salesperson', 'regional_manager') else None
            cls.users[role] = cls._create_user('sp_test_' + role, group, region)
        cls.salesperson = cls.users['salesperson']
        cls.manager_a = cls.users['regional_manager']
        cls.region_a.user_id = cls.manager_a
        cls.salesperson_b = cls._create_user('sp_test_salesperson_b', ROLE_GROUPS['salesperson'],
                                             cls.region_b)
        cls.manager_b = cls._create_user('sp_test_manager_b', ROLE_GROUPS['regional_manager'],
                                         cls.region_b)
        cls.region_b.user_id = cls.manager_b

        cls.other_company = cls.env['res.company'].create({'name': 'Other Company (test)'})
        cls.other_company_user = cls._create_user(
            'sp_test_other_company', ROLE_GROUPS['general_manager'], company=cls.other_company)

    @classmethod
    def _release_cursor(cls):
        """Odoo's tearDownClass (roll back, close the cursor) unless it ran."""
        if not cls.cr.closed:
            SavepointCase.tearDownClass.__func__(cls)

    @classmethod
    def _create_warehouse(cls, name, code, company=None):
        return cls.env['stock.warehouse'].create({
            'name': name, 'code': code, 'company_id': (company or cls.company).id})

    @classmethod
    def _create_user(cls, login, group_xmlid, region=None, company=None):
        company = company or cls.company
        return cls.env['res.users'].create({
            'name': login.replace('_', ' ').title(),
            'login': login,
            'email': '%s@example.com' % login,
            'company_id': company.id,
            'company_ids': [(6, 0, [company.id])],
            'sale_team_id': region.id if region else False,
            'groups_id': [(6, 0, [cls.env.ref('base.group_user').id,
                                  cls.env.ref(group_xmlid).id])],
        })

    @classmethod
    def _create_service(cls, name, categ, price):
        """A service sold and invoiced on order: sold and measured like goods, without
        deliveries to process."""
        return cls.env['product.product'].create({
            'name': name, 'type': 'service', 'categ_id': categ.id, 'list_price': price,
            'invoice_policy': 'order'})

    # Acting as the roles

    def as_approver(self, document, user):
        """The document as the approver of its current step sees it on screen (the engine
        checks the step)."""
        return document.sudo(user).with_context(approval_expected_step_id=document.approval_step_id.id)

    def approve(self, document, user):
        self.as_approver(document, user).action_approval_approve()

    def activities(self, record, activity_xmlid=None):
        domain = [('res_model', '=', record._name), ('res_id', '=', record.id)]
        if activity_xmlid:
            domain.append(('activity_type_id', '=', self.env.ref(activity_xmlid).id))
        return self.env['mail.activity'].search(domain)

    # Printing, as the reader

    def as_reader(self, records, user):
        """`records` in the environment of a web request of `user`: their session's context
        (language, time zone), as Odoo's report controllers have it."""
        context = self.env['res.users'].sudo(user).context_get()
        return records.with_env(self.env(user=user.id, context=context))

    def printed_pdf(self, report_xmlid, records, user):
        """The report printed by `user` as a real PDF (its style sheets served, see
        serve_report_styles): (the PDF, its text)."""
        report = self.as_reader(self.env.ref(report_xmlid), user)
        self.env['ir.config_parameter'].set_param(
            'report.url', self.serve_report_styles(report.render_qweb_html(records.ids)[0].decode()))
        # Odoo renders HTML instead of PDF in test mode, unless told where to keep test reports
        with tempfile.TemporaryDirectory() as folder, \
                patch.dict(odoo.tools.config.options, {'test_report_directory': folder}):
            pdf, kind = report.render_qweb_pdf(records.ids)
        self.assertEqual(kind, 'pdf')
        text = subprocess.run(['pdftotext', '-enc', 'UTF-8', '-', '-'], input=pdf,
                              capture_output=True, check=True).stdout.decode()
        return pdf, text

    def serve_report_styles(self, html):
        """Serve the report's style sheets over HTTP, as Odoo's server does for wkhtmltopdf
        (tests run none), and return the address to print from. Without them wkhtmltopdf
        prints Odoo 11's header (its <base> comes before <!DOCTYPE>) as an empty page."""
        styles = {}
        for url in set(re.findall(r'href="(/web/content/[^"]+\.css)"', html)):
            attachment = self.env['ir.attachment'].sudo().search([('url', '=', url)], limit=1)
            self.assertTrue(attachment, url)
            styles[url] = base64.b64decode(attachment.datas)

        class Styles(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802  (the standard library's name)
                body = styles.get(self.path)
                self.send_response(200 if body is not None else 404)
                self.send_header('Content-Type', 'text/css')
                self.end_headers()
                self.wfile.write(body or b'')

            def log_message(self, *args):
                pass

        # threads: wkhtmltopdf opens connections it sends nothing on before it asks
        server = ThreadingHTTPServer(('127.0.0.1', 0), Styles)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        return 'http://127.0.0.1:%d' % server.server_address[1]


@after_loading  # the other server's connection, and Odoo's RPC layer, need a loaded registry
class TwoServersCase(unittest.TestCase):
    """Tests of work that two servers do at the same moment: two connections to the test
    database, each in its own transaction (what they make is committed, so they clean up
    after themselves)."""

    @classmethod
    def setUpClass(cls):
        super(TwoServersCase, cls).setUpClass()
        cls.registry = odoo.registry(odoo.tools.config['db_name'])

    @staticmethod
    def unique_name(base):
        """`base` with a suffix no earlier run took, for the logins and region codes these tests
        commit: archived afterwards, a user keeps its login and a region its code."""
        return '%s_%s' % (base, uuid.uuid4().hex[:8])

    @contextlib.contextmanager
    def two_connections(self):
        """(cr_a, cr_b): two cursors, both closed on leaving (what was not committed is lost)."""
        cr_a, cr_b = self.registry.cursor(), self.registry.cursor()
        try:
            yield cr_a, cr_b
        finally:
            cr_a.close()
            cr_b.close()
