{
    'name': 'Sales Process',
    'summary': 'Sales plans and targets, stock transfer requests, promotions, exchanges and '
               'returns, expense budgets, receivables, market surveys and appraisals, per sales '
               'region, approved through one approval engine',
    'version': '11.0.2.0.0',
    'category': 'Sales',
    'license': 'LGPL-3',
    'author': 'sales_process developers',
    'website': 'https://example.invalid/sales_process',
    'depends': [
        'account_budget',
        'calendar',
        'crm',
        'hr_expense',
        'mail',
        'sale_crm',
        'sale_management',
        'sale_stock',
        'stock',
    ],
    'data': [
        # the house: roles, the approval engine (steps, history, My Approvals), regions
        'security/sales_process_security.xml',
        'security/ir.model.access.csv',
        'data/sales_process_data.xml',
        'views/assets.xml',
        'views/crm_team_views.xml',
        'views/approval_step_views.xml',
        'views/approval_history_views.xml',
        'views/mail_activity_views.xml',
        'wizard/approval_decision_wizard_views.xml',
        'views/res_config_settings_views.xml',
        # sales plans and targets
        'security/sales_plan_security.xml',
        'data/sales_plan_data.xml',
        'report/sales_statistics_report.xml',
        'views/sales_strategy_views.xml',
        'views/sales_plan_views.xml',
        'views/sales_plan_analysis_views.xml',
        # stock transfer requests
        'security/stock_transfer_security.xml',
        'data/stock_transfer_request_data.xml',
        'views/sales_demand_views.xml',
        'views/stock_transfer_request_views.xml',
        'views/sales_stock_check_views.xml',
        'wizard/sales_demand_transfer_wizard_views.xml',
        'wizard/stock_transfer_request_propose_views.xml',
        'report/stock_transfer_request_report.xml',
        # promotions (促销计划书)
        'security/sales_promotion_security.xml',
        'data/sales_promotion_data.xml',
        'views/sales_promotion_views.xml',
        'report/sales_promotion_report.xml',
        # exchanges and returns
        'security/sales_aftersales_security.xml',
        'data/sales_aftersales_data.xml',
        'views/sales_aftersales_case_views.xml',
        'wizard/sales_aftersales_decision_wizard_views.xml',
        'report/sales_aftersales_case_report.xml',
        # the dashboard: the home page of every role, a counter per thing waiting for them
        'views/sales_process_dashboard_tile_views.xml',
        'data/sales_process_dashboard_tile_data.xml',
        # the one menu, a section per process
        'views/sales_process_menus.xml',
        # promotions: prices on sale orders, the measured uplift (analysis under Reporting)
        'security/sales_promotion_analysis_security.xml',
        'views/sale_order_views.xml',
        'report/sale_order_report_templates.xml',
        'views/sales_promotion_analysis_views.xml',
        # exchanges and returns: the measures (defect rate, cases by root cause, stage times),
        # the repeat-defect alert, the customer portal and the smart buttons (the reports'
        # menus go under the one menu's Reporting, hence after it)
        'security/sales_aftersales_measure_security.xml',
        'data/sales_aftersales_measure_data.xml',
        'views/sales_aftersales_measure_views.xml',
        'views/sales_aftersales_portal_templates.xml',
        'views/sales_aftersales_smart_button_views.xml',
        # market and competitor surveys (市场调查), under the one menu's Duties
        'security/sales_market_survey_security.xml',
        'views/sales_market_survey_views.xml',
        'data/sales_market_survey_data.xml',
        'report/sales_market_survey_report.xml',
        # receivables collection: the aging and collection rate, promises to pay, the daily
        # collection check (menus under Duties, hence after the menu file)
        'security/sales_receivable_security.xml',
        'data/sales_receivable_data.xml',
        'views/sales_receivable_views.xml',
        # duties: sales expense budgets beside the plans (the Budget tab, the analysis under
        # Duties, the expense kinds as account_budget's budgetary positions)
        'security/sales_budget_security.xml',
        'data/sales_budget_data.xml',
        'report/sales_plan_budget_report.xml',
        'views/sales_budget_views.xml',
        # the salesperson's appraisal (考核): scorecard, scoring, chain, ranking, PDF
        'security/sales_appraisal_security.xml',
        'data/sales_appraisal_data.xml',
        'wizard/sales_appraisal_generate_views.xml',
        'views/sales_appraisal_views.xml',
        'report/sales_appraisal_report.xml',
    ],
    'demo': [
        # the demo company: warehouses and products, people, customers and a year of sales
        'demo/stock_demo.xml',
        'demo/res_users_demo.xml',
        'demo/res_partner_demo.xml',
        # each process's story
        'demo/sales_plan_demo.xml',
        'demo/stock_transfer_request_demo.xml',
        'demo/sales_promotion_demo.xml',
        'demo/sales_aftersales_demo.xml',
        # everyone's open to-dos
        'demo/mail_activity_demo.xml',
        # exchanges and returns: a complaint filed from the customer portal
        'demo/sales_aftersales_portal_demo.xml',
        # market surveys of the last two quarters, one waiting for review
        'demo/sales_market_survey_demo.xml',
        # receivables: invoices open in every aging bucket, promises, collection activities
        'demo/sales_receivable_demo.xml',
        # duties: the regions' spend against this year's budgets
        'demo/sales_budget_demo.xml',
        # the appraisals of last quarter
        'demo/sales_appraisal_demo.xml',
    ],
    'post_init_hook': 'post_init_hook',
    'post_load': 'post_load',
    'application': True,
}
