from odoo.exceptions import AccessError

from odoo.addons.sales_process.tests.common import SalesProcessCase


class TestRegionRule(SalesProcessCase):
    """The region rule every regional document declares, on a test document."""

    @classmethod
    def setUpClass(cls):
        super(TestRegionRule, cls).setUpClass()
        Document = cls.env['sales.process.test.document']
        cls.doc_a = Document.create({'name': 'A1', 'region_id': cls.region_a.id})
        cls.doc_b = Document.create({'name': 'B1', 'region_id': cls.region_b.id})
        cls.both = cls.doc_a | cls.doc_b

    def visible(self, user):
        return self.env['sales.process.test.document'].sudo(user).search([('id', 'in', self.both.ids)])

    def test_salesperson_sees_their_region_only(self):
        self.assertEqual(self.visible(self.salesperson), self.doc_a)
        with self.assertRaises(AccessError):
            self.doc_b.sudo(self.salesperson).read(['name'])
        with self.assertRaises(AccessError):
            self.doc_b.sudo(self.salesperson).write({'name': 'changed'})
        self.assertEqual(self.doc_b.name, 'B1')

    def test_regional_manager_sees_their_region_only(self):
        self.assertEqual(self.visible(self.manager_a), self.doc_a)
        self.assertEqual(self.visible(self.manager_b), self.doc_b)
        with self.assertRaises(AccessError):
            self.doc_a.sudo(self.manager_b).read(['name'])

    def test_salesperson_cannot_create_in_another_region(self):
        with self.assertRaises(AccessError):
            self.env['sales.process.test.document'].sudo(self.salesperson).create(
                {'name': 'A2', 'region_id': self.region_b.id})

    def test_new_documents_default_to_the_users_region(self):
        document = self.env['sales.process.test.document'].sudo(self.salesperson).create({'name': 'A3'})
        self.assertEqual(document.region_id, self.region_a)
        self.assertEqual(document.region_manager_id, self.manager_a)

    def test_head_office_roles_see_all(self):
        for role in ('marketing_assistant', 'marketing_manager', 'sales_hq', 'sales_director',
                     'general_manager', 'customer_service', 'quality', 'warehouse'):
            self.assertEqual(self.visible(self.users[role]), self.both, role)

    def test_joining_a_region_changes_what_a_user_sees(self):
        self.assertEqual(self.visible(self.salesperson_b), self.doc_b)
        self.salesperson_b.sale_team_id = self.region_a
        self.assertEqual(self.visible(self.salesperson_b), self.doc_a)
        self.region_b.user_id = self.manager_a
        self.assertEqual(self.visible(self.manager_a), self.both)

    def test_user_of_another_company_sees_nothing(self):
        self.assertFalse(self.visible(self.other_company_user))
        with self.assertRaises(AccessError):
            self.doc_a.sudo(self.other_company_user).read(['name'])

    def test_plain_internal_user_has_no_access(self):
        user = self.env['res.users'].create({
            'name': 'Plain employee', 'login': 'sp_test_plain',
            'groups_id': [(6, 0, [self.env.ref('base.group_user').id])]})
        with self.assertRaises(AccessError):
            self.env['sales.process.test.document'].sudo(user).search([])

    def test_region_company_must_match_document_company(self):
        with self.assertRaises(Exception) as raised:
            self.env['sales.process.test.document'].create({
                'name': 'X', 'region_id': self.region_a.id, 'company_id': self.other_company.id})
        self.assertIn('belongs to the company', str(raised.exception))
