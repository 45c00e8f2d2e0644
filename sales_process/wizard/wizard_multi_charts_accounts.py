from odoo import api, models


class WizardMultiChartsAccounts(models.TransientModel):
    _inherit = 'wizard.multi.charts.accounts'

    # Sales expense budgets: a company whose chart is installed after the module gets its
    # expense kinds too (see account.budget.post._setup_sales_expense_kinds)

    @api.multi
    def execute(self):
        result = super(WizardMultiChartsAccounts, self).execute()
        self.env['account.budget.post']._setup_sales_expense_kinds()
        return result
