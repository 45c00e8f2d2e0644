"""The customer portal of after-sales cases, over HTTP as a portal user: the entry on /my, the
complaint form on a delivered order of their company (product quantities, description, photos),
the case landing at intake for the region's staff, the list and the case page with its outcome;
another customer's order and bad quantities refused with nothing written.

pytest-odoo serves no HTTP and skips every HttpCase (its --odoo-http option cannot serve with
Odoo 11, whose server stops at once when not running tests itself): these tests start Odoo's
threaded HTTP server on the test configuration's port (TEST_PORT) once, and put the registry in
test mode as HttpCase does, using HttpCase's own url_open. Their world is built on the
registry's test cursor, the one the server's requests use (Odoo 11's HttpCase reads and
authenticates on a cursor of its own, which cannot see it).
"""
import base64
import re
import time

import requests

import odoo
from odoo import SUPERUSER_ID, api
from odoo.service import security
from odoo.tests.common import HOST, PORT, HttpCase, TransactionCase

from .common import after_loading

CASE = 'sales.aftersales.case'
PORTAL_COMPLAINT = 'sales_process.mail_activity_type_portal_complaint'
# a 1x1 PNG
PHOTO = base64.b64decode(
    b'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==')
_SERVER = []
# the first request of a run loads every addon's controllers and compiles the portal's assets
# (LESS): long on a busy machine
TIMEOUT = 120


def serve_http():
    """Odoo's threaded HTTP server on the configured port, once per test run; under Odoo's own
    runner (--test-enable) Odoo serves it already."""
    if _SERVER or odoo.service.server.server:
        return
    server = odoo.service.server.ThreadedServer(odoo.service.wsgi_server.application)
    server.http_spawn()
    _SERVER.append(server)
    import socket
    for _attempt in range(100):
        try:
            socket.create_connection((HOST, PORT), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError('the HTTP server did not start on port %s' % PORT)


@after_loading  # Odoo's HTTP server answers once the modules are loaded
class TestAftersalesPortal(TransactionCase):

    # HttpCase's requests, on a session of their own (see the module's docstring)
    url_open = HttpCase.url_open

    def setUp(self):
        super(TestAftersalesPortal, self).setUp()
        serve_http()
        self.registry.enter_test_mode()
        self.addCleanup(self.registry.leave_test_mode)
        self.session = odoo.http.root.session_store.new()
        self.session.db = self.cr.dbname
        odoo.http.root.session_store.save(self.session)
        self.opener = requests.Session()
        self.opener.cookies['session_id'] = self.session.sid
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {'mail_create_nosubscribe': True,
                                                     'no_reset_password': True})
            ids = self._build(env)
        self.ids = ids

    def _build(self, env):
        """Region, staff, a customer company with a portal contact, delivered orders."""
        company = env.ref('base.main_company')
        warehouse = env['stock.warehouse'].create({'name': 'Portal Test Warehouse',
                                                   'code': 'PTW', 'company_id': company.id})
        region = env['crm.team'].create({'name': 'Portal Test Region', 'region_code': 'PTR',
                                         'warehouse_id': warehouse.id, 'company_id': company.id})

        def user(login, groups, **values):
            values.update({'name': login.replace('_', ' ').title(), 'login': login,
                           'email': login + '@example.com', 'password': login,
                           'groups_id': [(6, 0, [env.ref(group).id for group in groups])]})
            return env['res.users'].create(values)
        manager = user('pt_manager', ['base.group_user', 'sales_process.group_regional_manager'],
                       sale_team_id=region.id)
        salesperson = user('pt_salesperson', ['base.group_user', 'sales_process.group_salesperson'],
                           sale_team_id=region.id)
        other_staff = user('pt_other_staff', ['base.group_user', 'sales_process.group_salesperson'])
        region.user_id = manager
        customer = env['res.partner'].create({'name': 'Portal Test Customer', 'is_company': True,
                                              'customer': True, 'team_id': region.id})
        contact = env['res.partner'].create({'name': 'Portal Test Buyer', 'parent_id': customer.id,
                                             'email': 'pt_portal@example.com'})
        portal = user('pt_portal', ['base.group_portal'], partner_id=contact.id)
        other_customer = env['res.partner'].create({'name': 'Portal Test Other Customer',
                                                    'customer': True, 'team_id': region.id})
        unit = env.ref('product.product_uom_unit')
        kettle, fryer = [env['product.product'].create({
            'name': name, 'type': 'product', 'uom_id': unit.id, 'uom_po_id': unit.id,
            'list_price': 100.0}) for name in ('Portal Test Kettle', 'Portal Test Fryer')]

        def order(partner, deliver=True):
            for product in (kettle, fryer):
                env['stock.quant']._update_available_quantity(product, warehouse.lot_stock_id, 10)
            sale = env['sale.order'].create({
                'partner_id': partner.id, 'team_id': region.id, 'user_id': salesperson.id,
                'warehouse_id': warehouse.id,
                'order_line': [(0, 0, {'product_id': product.id, 'product_uom_qty': quantity,
                                       'product_uom': unit.id, 'price_unit': 100.0})
                               for product, quantity in ((kettle, 5), (fryer, 2))]})
            sale.action_confirm()
            if deliver:
                for picking in sale.picking_ids:
                    picking.action_assign()
                    for move in picking.move_lines:
                        move.quantity_done = move.product_uom_qty
                    picking.action_done()
            return sale
        return {
            'manager': manager.id, 'salesperson': salesperson.id, 'other_staff': other_staff.id,
            'portal': portal.id, 'customer': customer.id, 'kettle': kettle.id, 'fryer': fryer.id,
            'order': order(customer).id, 'undelivered': order(customer, deliver=False).id,
            'other_order': order(other_customer).id}

    # Helpers

    def authenticate(self, login, password):
        """Log the session in, as HttpCase.authenticate does, on the test cursor."""
        with self.registry.cursor() as cr:
            uid = self.registry['res.users'].authenticate(cr.dbname, login, password, None)
            env = api.Environment(cr, uid, {})
            self.session.db, self.session.uid, self.session.login = cr.dbname, uid, login
            self.session.session_token = security.compute_session_token(self.session, env)
            self.session.context = dict(env['res.users'].context_get(), uid=uid)
        odoo.http.root.session_store.save(self.session)

    def env_(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {})

    def cases(self):
        with self.registry.cursor() as cr:
            return self.env_(cr)[CASE].search([('partner_id', 'child_of', self.ids['customer'])]).ids

    def get(self, url):
        response = self.url_open(url, timeout=TIMEOUT)
        self.assertEqual(response.status_code, 200, url)
        return response

    def post_complaint(self, order_id, data, files=None):
        form = self.get('/my/orders/%d/complaint' % order_id).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        data = dict(data, csrf_token=token)
        return self.opener.post('http://%s:%s/my/orders/%d/complaint' % (HOST, PORT, order_id),
                                data=data, files=files, timeout=TIMEOUT)

    def line_ids(self, order_id):
        with self.registry.cursor() as cr:
            lines = self.env_(cr)['sale.order'].browse(order_id).order_line
            return {line.product_id.id: line.id for line in lines}

    # Tests

    def test_portal_user_files_a_complaint_and_follows_it(self):
        self.authenticate('pt_portal', 'pt_portal')
        order_id = self.ids['order']
        self.assertIn('Report a Problem', self.get('/my/orders/%d' % order_id).text)
        lines = self.line_ids(order_id)
        response = self.post_complaint(order_id, {
            'quantity_%d' % lines[self.ids['kettle']]: '2',
            'quantity_%d' % lines[self.ids['fryer']]: '',
            'description': 'The kettle leaks at the base after a week.',
            'kind_proposed': 'return'}, files=[('photos', ('leak.png', PHOTO, 'image/png'))])
        self.assertEqual(response.status_code, 200)
        self.assertIn('your complaint was received', response.text)
        case_ids = self.cases()
        self.assertEqual(len(case_ids), 1)
        with self.registry.cursor() as cr:
            env = self.env_(cr)
            case = env[CASE].browse(case_ids)
            self.assertEqual((case.state, case.channel, case.kind_proposed), ('draft', 'portal', 'return'))
            self.assertEqual(case.sale_order_id.id, order_id)
            self.assertEqual(case.region_id.name, 'Portal Test Region')
            self.assertTrue(case.picking_id and case.picking_id.state == 'done')
            self.assertEqual([(line.product_id.id, line.quantity) for line in case.line_ids],
                             [(self.ids['kettle'], 2.0)])
            photos = env['ir.attachment'].search([('res_model', '=', CASE), ('res_id', '=', case.id)])
            self.assertEqual(photos.mapped('name'), ['leak.png'])
            activities = env['mail.activity'].search([
                ('res_model', '=', CASE), ('res_id', '=', case.id),
                ('activity_type_id', '=', env.ref(PORTAL_COMPLAINT).id)])
            self.assertEqual(sorted(activities.mapped('user_id').ids),
                             sorted([self.ids['manager'], self.ids['salesperson']]))
            self.assertIn('Portal Test Customer', activities[0].summary)
            self.assertEqual(activities[0].create_uid.id, self.ids['portal'])
            name = case.name
        # home, list and case page
        self.assertIn('/my/aftersales', self.get('/my/home').text)
        listing = self.get('/my/aftersales').text
        self.assertIn(name, listing)
        self.assertIn('Intake', listing)
        page = self.get('/my/aftersales/%d' % case_ids[0]).text
        self.assertIn('Being examined by our quality department.', page)
        self.assertIn('The kettle leaks at the base', page)
        # the outcome once decided
        with self.registry.cursor() as cr:
            self.env_(cr)[CASE].browse(case_ids)._workflow_write({'kind': 'return',
                                                                 'state': 'refund'})
        self.assertIn('Return agreed: the product will be refunded.',
                      self.get('/my/aftersales/%d' % case_ids[0]).text)

    def test_other_customers_order_and_bad_input_are_refused(self):
        self.authenticate('pt_portal', 'pt_portal')
        other = self.ids['other_order']
        # another customer's order: neither the form nor a forged post
        response = self.url_open('/my/orders/%d/complaint' % other, timeout=TIMEOUT)
        self.assertTrue(response.url.endswith('/my'), response.url)
        self.assertNotIn('o_aftersales_complaint', response.text)
        form = self.get('/my/orders/%d/complaint' % self.ids['order']).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        lines = self.line_ids(other)
        response = self.opener.post(
            'http://%s:%s/my/orders/%d/complaint' % (HOST, PORT, other), timeout=TIMEOUT, data={
                'csrf_token': token, 'quantity_%d' % lines[self.ids['kettle']]: '1',
                'description': 'Not mine'})
        self.assertTrue(response.url.endswith('/my'), response.url)
        # more than delivered, a product of another order, no description
        order_id = self.ids['order']
        lines = self.line_ids(order_id)
        response = self.post_complaint(order_id, {
            'quantity_%d' % lines[self.ids['kettle']]: '6', 'description': 'Too many'})
        self.assertIn('5.0 were delivered, you cannot report a problem with 6.0', response.text)
        response = self.post_complaint(order_id, {
            'quantity_%d' % lines[self.ids['kettle']]: '1', 'description': '  '})
        self.assertIn('Describe the problem you found.', response.text)
        response = self.post_complaint(order_id, {
            'quantity_%d' % lines[self.ids['kettle']]: '1', 'description': 'Broken'},
            files=[('photos', ('notes.txt', b'not a photo', 'text/plain'))])
        self.assertIn('notes.txt is not a photo', response.text)
        # an order not delivered yet
        undelivered = self.get('/my/orders/%d/complaint' % self.ids['undelivered']).text
        self.assertIn('has not been delivered yet', undelivered)
        self.assertEqual(self.cases(), [])
        with self.registry.cursor() as cr:
            self.assertFalse(self.env_(cr)['ir.attachment'].search([('res_model', '=', CASE)]))
        # another customer's case page is not shown
        with self.registry.cursor() as cr:
            env = self.env_(cr)
            order = env['sale.order'].browse(other)
            foreign = env[CASE]._workflow_create({
                'partner_id': order.partner_id.id, 'sale_order_id': order.id,
                'region_id': order.team_id.id, 'description': 'theirs',
                'line_ids': [(0, 0, {'product_id': self.ids['kettle'], 'quantity': 1})]})
            foreign_id = foreign.id
        response = self.url_open('/my/aftersales/%d' % foreign_id, timeout=TIMEOUT)
        self.assertNotIn('theirs', response.text)
        self.assertNotIn('/my/aftersales/%d' % foreign_id, self.get('/my/aftersales').text)
