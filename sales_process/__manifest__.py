{
    'name': 'Sales Process',
    'summary': 'Sales plans and targets, promotions, stock transfer requests, exchanges and '
               'returns, run through one approval engine per sales region',
    'version': '11.0.1.0.0',
    'category': 'Sales',
    'license': 'LGPL-3',
    'author': 'sales_process developers',
    'website': 'https://example.invalid/sales_process',
    'depends': [
        'calendar',
        'crm',
        'mail',
        'sale_crm',
        'sale_management',
        'sale_stock',
        'stock',
    ],
    'data': [
        'security/sales_process_security.xml',
        'security/ir.model.access.csv',
        'views/sales_process_menus.xml',
        'views/crm_team_views.xml',
    ],
    'demo': [
        'demo/stock_demo.xml',
        'demo/res_users_demo.xml',
        'demo/res_partner_demo.xml',
    ],
    'post_init_hook': 'post_init_hook',
    'application': True,
    'installable': True,
}
