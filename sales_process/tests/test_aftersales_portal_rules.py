"""Portal users read their own company's after-sales cases only, never write them; filing from
the portal refuses what is not theirs or not delivered, with nothing written."""
from odoo.exceptions import AccessError, UserError

from .aftersales_common import CASE, AftersalesMeasureCase


class TestAftersalesPortalRules(AftersalesMeasureCase):

    @classmethod
    def setUpClass(cls):
        super(TestAftersalesPortalRules, cls).setUpClass()
        portal = cls.env.ref('base.group_portal')
        cls.buyer = cls.env['res.partner'].create({'name': 'Test Buyer', 'parent_id': cls.customer.id})
        cls.colleague = cls.env['res.partner'].create({'name': 'Test Colleague',
                                                       'parent_id': cls.customer.id})
        cls.portal_user = cls.env['res.users'].create({
            'name': 'Test Buyer', 'login': 'sp_test_portal', 'partner_id': cls.buyer.id,
            'groups_id': [(6, 0, [portal.id])]})
        cls.order = cls._delivered_order(cls.customer, {cls.kettle: 5, cls.fryer: 2})
        cls.other_order = cls._delivered_order(cls.customer_b, {cls.kettle: 3}, region=cls.region_b)
        cls.undelivered = cls._delivered_order(cls.customer, {cls.kettle: 1}, deliver=False)
        cls.own = cls._case(cls.order, {cls.kettle: 1})
        cls.colleagues = cls._case(cls.order, {cls.fryer: 1}, partner_id=cls.colleague.id)
        cls.foreign = cls._case(cls.other_order, {cls.kettle: 1})

    def file(self, order, quantities, description='It does not heat', **kwargs):
        lines = {line.product_id: line.id for line in order.order_line}
        return self.env[CASE].sudo(self.portal_user)._portal_file(
            order, {lines.get(product, 0): quantity for product, quantity in quantities.items()},
            description, **kwargs)

    def test_portal_users_read_their_companys_cases_only(self):
        Case = self.env[CASE].sudo(self.portal_user)
        self.assertEqual(Case.search([]), self.own | self.colleagues)
        self.assertEqual(self.own.sudo(self.portal_user).line_ids.product_id, self.kettle)
        with self.assertRaises(AccessError):
            self.foreign.sudo(self.portal_user).read(['description'])
        with self.assertRaises(AccessError):
            self.own.sudo(self.portal_user).write({'description': 'changed'})
        with self.assertRaises(AccessError):
            Case.create({'partner_id': self.customer.id, 'sale_order_id': self.order.id,
                         'region_id': self.region_a.id, 'description': 'direct'})
        with self.assertRaises(AccessError):
            self.own.line_ids.sudo(self.portal_user).write({'quantity': 5})

    def test_filing_from_the_portal(self):
        case = self.file(self.order, {self.kettle: 2, self.fryer: 0}, kind='return',
                         photos=[('crack.jpg', 'image/jpeg', b'\xff\xd8\xff')])
        self.assertEqual((case.state, case.channel, case.kind_proposed), ('draft', 'portal', 'return'))
        case = case.sudo()
        self.assertEqual((case.partner_id, case.region_id, case.sale_order_id),
                         (self.customer, self.region_a, self.order))
        self.assertEqual(case.picking_id, self.order.picking_ids)
        self.assertEqual([(line.product_id, line.quantity) for line in case.line_ids],
                         [(self.kettle, 2.0)])
        activities = self.env['mail.activity'].search([('res_model', '=', CASE), ('res_id', '=', case.id)])
        # the order's salesperson (the administrator) is not in the region: its manager alone
        self.assertEqual(activities.mapped('user_id'), self.manager_a)

    def test_refusals_write_nothing(self):
        before = self.env[CASE].search_count([])
        refusals = [
            (lambda: self.file(self.other_order, {self.kettle: 1}), 'an order of your company'),
            (lambda: self.file(self.undelivered, {self.kettle: 1}), 'not been delivered yet'),
            (lambda: self.file(self.order, {self.kettle: 6}), 'were delivered'),
            (lambda: self.file(self.order, {self.cooker: 1}), 'not in the order'),
            (lambda: self.file(self.order, {self.kettle: 0}), 'quantity of each product'),
            (lambda: self.file(self.order, {self.kettle: 1}, description=' '), 'Describe the problem'),
            (lambda: self.file(self.order, {self.kettle: 1}, kind='refund'), 'exchange or a return'),
            (lambda: self.file(self.order, {self.kettle: 1}, photos=[('x.pdf', 'application/pdf', b'%PDF')]),
             'is not a photo'),
        ]
        for refusal, message in refusals:
            with self.assertRaises(UserError) as caught:
                refusal()
            self.assertIn(message, caught.exception.name)
        self.assertEqual(self.env[CASE].search_count([]), before)

    def test_demo_case_filed_from_the_portal(self):
        buyer = self.env.ref('sales_process.user_portal_customer', raise_if_not_found=False)
        if not buyer:
            self.skipTest('a database without demo data')
        cases = self.env[CASE].sudo(buyer).search([('channel', '=', 'portal')])
        self.assertEqual(len(cases), 1)
        self.assertEqual((cases.state, cases.partner_id),
                         ('draft', self.env.ref('sales_process.customer_east_1')))
