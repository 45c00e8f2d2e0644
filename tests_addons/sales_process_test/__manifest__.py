# pylint: disable=missing-readme
# a test-only addon, installed in test databases only: never shown in Apps
{
    'name': 'Sales Process: test document',
    'summary': 'Test-only document that uses the region rule and the approval engine; '
               'installed in test databases only',
    'version': '11.0.1.0.0',
    'category': 'Hidden',
    'license': 'LGPL-3',
    'author': 'sales_process developers',
    'depends': ['sales_process'],
    'data': [
        'security/ir.model.access.csv',
        'security/sales_process_test_security.xml',
        'data/sales_approval_step_data.xml',
    ],
}
