"""One world for every test class: two regions with warehouses, and a user per role.

Nothing here relies on demo data: the fixture builds its own regions, warehouses and users
with exactly the groups of their role, so each test acts as that role would.
"""
from odoo.tests.common import SavepointCase

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


class SalesProcessCase(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(SalesProcessCase, cls).setUpClass()
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
