from datetime import date

from odoo import api, fields, models

# each region's yearly expense budget per kind (the plans' Budget tab)
DEMO_BUDGET = {'travel': 36000.0, 'promotion': 60000.0, 'material': 24000.0, 'entertainment': 12000.0}
# what the regions spend a month, per kind: vendor bills for promotion and material, staff
# expenses for travel and entertainment; East China entertains more than it budgeted
DEMO_MONTHLY_BILLS = {'promotion': 3000.0, 'material': 1200.0}
DEMO_MONTHLY_EXPENSES = {'travel': 2500.0, 'entertainment': 800.0}
DEMO_OVERSPEND = {('region_east', 'entertainment'): 2.0}
DEMO_REGIONS = {'region_east': 'user_salesperson', 'region_south': 'user_sales_south',
                'region_north': 'user_sales_north'}


class SalesBudgetDemo(models.AbstractModel):
    """The demo story of sales expense budgets (demo/sales_budget_demo.xml): the plans get their
    budgets when they are drafted (sales.plan.demo calls _budget_lines); this builder then books
    this year's spend: monthly vendor bills of advertising and material (validated, this month's
    still a draft), the salespeople's monthly travel and entertainment expense reports (posted,
    last month's approved and not posted yet, this month's still submitted), so that East China
    is over its entertainment budget."""
    _name = 'sales.budget.demo'
    _inherit = 'sales.process.demo'
    _description = 'Sales Expense Budgets Demo Data'

    def _kinds(self, company):
        return {post.sales_expense_kind: post for post in self.env['account.budget.post'].search(
            [('company_id', '=', company.id), ('sales_expense_kind', '!=', False)])}

    @api.model
    def _budget_lines(self, region):
        """The budget lines of a region's annual plan (one2many commands)."""
        kinds = self._kinds(region.company_id or self.env.user.company_id)
        return [(0, 0, {'region_id': region.id, 'kind_id': kinds[kind].id, 'amount_planned': amount})
                for kind, amount in DEMO_BUDGET.items() if kind in kinds]

    @api.model
    def _generate_spend(self):
        company = self.env.user.company_id
        kinds = self._kinds(company)
        if not kinds:
            return True
        today = date.today()
        months = [today.replace(month=month, day=15) for month in range(1, today.month + 1)]
        vendor = self.env['res.partner'].create({
            'name': 'Shanghai Bright Advertising Co.', 'supplier': True, 'customer': False,
            'company_id': company.id})
        for region_xmlid, user_xmlid in DEMO_REGIONS.items():
            region = self._ref(region_xmlid)
            region._ensure_analytic_account()
            for number, day in enumerate(months):
                last = number == len(months) - 1
                self._bill(vendor, region, kinds, day, validate=not last)
            self._expenses(self._ref(user_xmlid), region, kinds, months, region_xmlid)
        return True

    def _bill(self, vendor, region, kinds, day, validate):
        lines = [(0, 0, {
            'name': '%s: %s' % (region.name, kinds[kind].name), 'quantity': 1.0,
            'price_unit': amount, 'account_id': kinds[kind].account_ids[:1].id,
            'account_analytic_id': region.analytic_account_id.id,
        }) for kind, amount in DEMO_MONTHLY_BILLS.items() if kind in kinds]
        bill = self.env['account.invoice'].create({
            'partner_id': vendor.id, 'type': 'in_invoice', 'date_invoice': fields.Date.to_string(day),
            'reference': '%s-%s' % (region.region_code or region.id, day.strftime('%Y%m')),
            'invoice_line_ids': lines})
        if validate:
            bill.action_invoice_open()
        return bill

    def _expenses(self, user, region, kinds, months, region_xmlid):
        employee = self.env['hr.employee'].search([('user_id', '=', user.id)], limit=1) or \
            self.env['hr.employee'].create({'name': user.name, 'user_id': user.id,
                                            'address_home_id': user.partner_id.id})
        products = {}
        for kind in DEMO_MONTHLY_EXPENSES:
            if kind in kinds:
                products[kind] = self.env['product.product'].search(
                    [('default_code', '=', 'EXP-' + kind.upper())], limit=1) or \
                    self.env['product.product'].create({
                        'name': kinds[kind].name, 'default_code': 'EXP-' + kind.upper(),
                        'type': 'service', 'can_be_expensed': True, 'sale_ok': False,
                        'purchase_ok': True, 'list_price': 0.0, 'standard_price': 0.0,
                        'property_account_expense_id': kinds[kind].account_ids[:1].id})
        for number, day in enumerate(months):
            expenses = self.env['hr.expense']
            for kind, product in products.items():
                amount = DEMO_MONTHLY_EXPENSES[kind] * DEMO_OVERSPEND.get((region_xmlid, kind), 1.0)
                expenses |= self.env['hr.expense'].create({
                    'name': '%s %s' % (product.name, day.strftime('%Y-%m')),
                    'employee_id': employee.id, 'product_id': product.id,
                    'unit_amount': amount, 'quantity': 1.0, 'date': fields.Date.to_string(day),
                    'account_id': kinds[kind].account_ids[:1].id,
                    'analytic_account_id': region.analytic_account_id.id,
                    'product_uom_id': product.uom_id.id})
            sheet = self.env['hr.expense.sheet'].create({
                'name': '%s %s' % (user.name, day.strftime('%Y-%m')), 'employee_id': employee.id,
                'expense_line_ids': [(6, 0, expenses.ids)]})
            if number == len(months) - 1:
                continue  # this month's report is still waiting for its manager
            sheet.approve_expense_sheets()
            if number < len(months) - 2:
                sheet.action_sheet_move_create()
        return employee
