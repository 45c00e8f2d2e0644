from odoo.exceptions import AccessError

from .common import ROLE_GROUPS, SalesProcessCase

# role -> roles it includes (transitively, through implied_ids)
INCLUDED_ROLES = {
    'salesperson': set(),
    'regional_manager': {'salesperson'},
    'marketing_assistant': set(),
    'marketing_manager': {'marketing_assistant'},
    'customer_service': set(),
    'quality': set(),
    'warehouse': set(),
    'sales_hq': {'regional_manager', 'salesperson'},
    'sales_director': {'sales_hq', 'regional_manager', 'salesperson', 'marketing_manager',
                       'marketing_assistant'},
    'general_manager': {'sales_director', 'sales_hq', 'regional_manager', 'salesperson',
                        'marketing_manager', 'marketing_assistant'},
}
# role -> Odoo groups the role needs for its everyday work in sales, CRM and inventory
ODOO_GROUPS = {
    'salesperson': {'sales_team.group_sale_salesman'},
    'regional_manager': {'sales_team.group_sale_salesman_all_leads'},
    'marketing_assistant': {'sales_team.group_sale_salesman_all_leads'},
    'marketing_manager': {'sales_team.group_sale_salesman_all_leads'},
    'customer_service': {'sales_team.group_sale_salesman_all_leads'},
    'quality': {'stock.group_stock_user'},
    'warehouse': {'stock.group_stock_user', 'stock.group_stock_multi_locations'},
    'sales_hq': {'sales_team.group_sale_salesman_all_leads', 'stock.group_stock_user'},
    'sales_director': {'sales_team.group_sale_manager', 'stock.group_stock_user'},
    'general_manager': {'sales_team.group_sale_manager', 'stock.group_stock_user'},
}
# what each role may do (True) or is refused (False) on standard Odoo documents
ACCESS = [
    ('salesperson', 'sale.order', 'create', True),
    ('salesperson', 'sale.order', 'unlink', False),
    ('salesperson', 'crm.team', 'read', True),
    ('salesperson', 'crm.team', 'create', False),
    ('salesperson', 'stock.warehouse', 'create', False),
    ('regional_manager', 'sale.order', 'create', True),
    ('regional_manager', 'crm.team', 'write', False),
    ('marketing_assistant', 'sale.order', 'read', True),
    ('marketing_assistant', 'crm.team', 'create', False),
    ('marketing_manager', 'sale.order', 'read', True),
    ('marketing_manager', 'crm.team', 'write', False),
    ('customer_service', 'sale.order', 'read', True),
    ('customer_service', 'stock.warehouse', 'create', False),
    ('customer_service', 'crm.team', 'create', False),
    ('quality', 'stock.picking', 'read', True),
    ('quality', 'sale.order', 'create', False),
    ('warehouse', 'stock.picking', 'write', True),
    ('warehouse', 'sale.order', 'create', False),
    ('warehouse', 'crm.team', 'write', False),
    ('sales_hq', 'stock.picking', 'read', True),
    ('sales_hq', 'crm.team', 'create', False),
    ('sales_director', 'crm.team', 'create', True),
    ('sales_director', 'sale.order', 'unlink', True),
    ('general_manager', 'crm.team', 'write', True),
] + [(role, 'res.users', 'create', False) for role in ROLE_GROUPS]


class TestRoles(SalesProcessCase):

    def test_every_role_group_exists_in_one_category(self):
        category = self.env.ref('sales_process.module_category_sales_process')
        groups = self.env['res.groups'].search([('category_id', '=', category.id)])
        self.assertEqual(set(groups.mapped(lambda g: g.get_external_id()[g.id])),
                         set(ROLE_GROUPS.values()))

    def test_roles_include_exactly_the_intended_roles(self):
        role_of = {self.env.ref(xmlid): role for role, xmlid in ROLE_GROUPS.items()}
        for role, xmlid in ROLE_GROUPS.items():
            implied = self.env.ref(xmlid).trans_implied_ids
            included = {role_of[group] for group in implied if group in role_of}
            self.assertEqual(included, INCLUDED_ROLES[role], role)

    def test_roles_grant_the_odoo_groups_of_their_everyday_work(self):
        for role, xmlids in ODOO_GROUPS.items():
            implied = self.env.ref(ROLE_GROUPS[role]).trans_implied_ids
            for xmlid in xmlids:
                self.assertIn(self.env.ref(xmlid), implied, '%s lacks %s' % (role, xmlid))
        # the warehouse and quality roles are not salespeople
        salesman = self.env.ref('sales_team.group_sale_salesman')
        for role in ('warehouse', 'quality'):
            self.assertNotIn(salesman, self.env.ref(ROLE_GROUPS[role]).trans_implied_ids)

    def test_admin_holds_no_business_role(self):
        # installing the module does not make the administrator a general manager, quality,
        # warehouse or customer service user: they would receive those roles' activities
        admin = self.env.ref('base.user_root')
        for role, group in ROLE_GROUPS.items():
            self.assertNotIn(admin, self.env.ref(group).users, role)
        # ... but they configure the module
        self.assertTrue(self.env['sales.approval.step'].sudo(admin).check_access_rights(
            'write', raise_exception=False))

    def test_access_rights_per_role(self):
        for role, model, operation, allowed in ACCESS:
            records = self.env[model].sudo(self.users[role])
            if allowed:
                self.assertTrue(records.check_access_rights(operation), (role, model, operation))
            else:
                with self.assertRaises(AccessError, msg='%s may not %s %s' % (role, operation, model)):
                    records.check_access_rights(operation)

    def test_salesperson_sells_but_cannot_reorganise_regions(self):
        customer = self.env['res.partner'].create({'name': 'Customer of region A', 'customer': True})
        order = self.env['sale.order'].sudo(self.salesperson).create({'partner_id': customer.id})
        self.assertEqual(order.user_id, self.salesperson)
        self.assertEqual(order.team_id, self.region_a)
        with self.assertRaises(AccessError):
            self.env['crm.team'].sudo(self.salesperson).create({'name': 'Self-made region'})
        with self.assertRaises(AccessError):
            self.region_a.sudo(self.manager_a).write({'warehouse_id': self.warehouse_b.id})
        self.assertEqual(self.region_a.warehouse_id, self.warehouse_a)

    def test_sales_director_maintains_regions(self):
        region = self.env['crm.team'].sudo(self.users['sales_director']).create({
            'name': 'Region C', 'warehouse_id': self.warehouse_b.id})
        self.assertTrue(region.is_sales_region)


class TestRegions(SalesProcessCase):

    def test_users_regions_are_the_teams_they_belong_to_or_lead(self):
        self.assertEqual(self.salesperson.sales_region_ids, self.region_a)
        self.assertEqual(self.manager_a.sales_region_ids, self.region_a)
        self.assertFalse(self.users['sales_director'].sales_region_ids & (self.region_a | self.region_b))
        # leading a second region adds it
        self.region_b.user_id = self.manager_a
        self.manager_a.invalidate_cache()
        self.assertEqual(self.manager_a.sales_region_ids, self.region_a | self.region_b)

    def test_a_channel_that_is_not_a_region_is_nobodys_region(self):
        self.region_b.is_sales_region = False
        self.assertFalse(self.manager_b.sales_region_ids)

    def test_regional_warehouse_of_another_company_is_refused(self):
        foreign_warehouse = self._create_warehouse('Foreign', 'TWF', company=self.other_company)
        with self.assertRaises(Exception) as raised:
            self.region_a.warehouse_id = foreign_warehouse
        self.assertIn('belongs to another company', str(raised.exception))


class TestDemoData(SalesProcessCase):
    """The demo database's story: a user per role, regions with warehouses, a year of sales."""

    def setUp(self):
        super(TestDemoData, self).setUp()
        if not self.env.ref('sales_process.user_salesperson', raise_if_not_found=False):
            self.skipTest('database without demo data')

    def test_one_demo_user_per_role_login_is_the_role(self):
        for role, xmlid in ROLE_GROUPS.items():
            user = self.env['res.users'].search([('login', '=', role)])
            self.assertEqual(len(user), 1, role)
            self.assertTrue(user.has_group(xmlid), role)

    def test_regions_have_managers_members_and_warehouses(self):
        regions = self.env['crm.team'].search([('is_sales_region', '=', True),
                                               ('region_code', 'in', ['EC', 'SC', 'NC'])])
        self.assertEqual(len(regions), 3)
        for region in regions:
            self.assertTrue(region.user_id.has_group('sales_process.group_regional_manager'))
            self.assertTrue(region.member_ids)
            self.assertTrue(region.warehouse_id)
            self.assertNotEqual(region.warehouse_id, self.head_office_warehouse)

    def test_a_year_of_confirmed_orders_in_every_region(self):
        groups = self.env['sale.order'].read_group(
            [('state', 'in', ['sale', 'done']), ('team_id.region_code', 'in', ['EC', 'SC', 'NC'])],
            ['team_id'], ['team_id'])
        self.assertEqual(len(groups), 3)
        for group in groups:
            self.assertGreaterEqual(group['team_id_count'], 12)
