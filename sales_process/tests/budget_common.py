"""The world of the expense budget tests: the plan tests' regions, roles and helpers, the
expense kinds of the installed chart, an employee of region A who files expenses, a vendor, and
helpers that book spend (vendor bills and expense reports in every state) as Accounting and the
expense approvers do."""
from datetime import date

from .plan_common import PlanCase

YEAR = date.today().year


def day(month, dom=15, year=YEAR):
    return '%04d-%02d-%02d' % (year, month, dom)


class BudgetCase(PlanCase):

    @classmethod
    def setUpClass(cls):
        super(BudgetCase, cls).setUpClass()
        Post = cls.env['account.budget.post']
        Post._setup_sales_expense_kinds()
        cls.kinds = {post.sales_expense_kind: post for post in Post.search(
            [('company_id', '=', cls.company.id), ('sales_expense_kind', '!=', False)])}
        cls.account = {kind: post.account_ids[:1] for kind, post in cls.kinds.items()}
        cls.vendor = cls.env['res.partner'].create({'name': 'Test Vendor', 'supplier': True})
        cls.employee = cls.env['hr.employee'].create({
            'name': 'Test Employee A', 'user_id': cls.salesperson.id,
            'address_home_id': cls.salesperson.partner_id.id})
        cls.expense_product = cls.env['product.product'].create({
            'name': 'Test Expense', 'type': 'service', 'can_be_expensed': True,
            'standard_price': 0.0})

    # Spend

    @classmethod
    def bill(cls, region, lines, when, state='posted', refund=False, promotion=None,
             currency=None):
        """A vendor bill (or refund) of `lines` [(kind or account, amount)] booked to the region's
        analytic account: validated ('posted'), left a draft or cancelled; in the company's
        currency or `currency`."""
        bill = cls.env['account.invoice'].create({
            'partner_id': cls.vendor.id, 'type': 'in_refund' if refund else 'in_invoice',
            'date_invoice': when, 'currency_id': (currency or cls.company.currency_id).id,
            'invoice_line_ids': [(0, 0, {
                'name': 'Test spend', 'quantity': 1.0, 'price_unit': amount,
                'account_id': (cls.account[kind] if isinstance(kind, str) else kind).id,
                'account_analytic_id': region.analytic_account_id.id,
                'sales_promotion_id': promotion.id if promotion else False,
            }) for kind, amount in lines],
        })
        if state == 'posted':
            bill.action_invoice_open()
        elif state == 'cancel':
            bill.action_invoice_cancel()
        return bill

    @classmethod
    def expense(cls, region, kind, amount, when, state='approved', currency=None):
        """An expense of the employee booked to the region: not reported ('unreported'), in a
        report submitted, refused, approved, or approved and posted; in the company's currency
        or `currency`."""
        expense = cls.env['hr.expense'].create({
            'currency_id': (currency or cls.company.currency_id).id,
            'name': 'Test %s' % kind, 'employee_id': cls.employee.id,
            'product_id': cls.expense_product.id, 'product_uom_id': cls.expense_product.uom_id.id,
            'unit_amount': amount, 'quantity': 1.0, 'date': when,
            'account_id': cls.account[kind].id,
            'analytic_account_id': region.analytic_account_id.id})
        if state == 'unreported':
            return expense
        sheet = cls.env['hr.expense.sheet'].create({
            'name': 'Test report', 'employee_id': cls.employee.id,
            'expense_line_ids': [(6, 0, expense.ids)]})
        if state == 'refused':
            sheet.refuse_sheet('No receipt')
        elif state in ('approved', 'posted'):
            sheet.approve_expense_sheets()
            if state == 'posted':
                sheet.action_sheet_move_create()
        return expense

    # Plans with budgets

    def budget_plan(self, region=None, user=None, budget=None):
        """A draft annual plan of this year for the region with its expense budget:
        `budget` [(kind, amount)] or [(kind, amount, date_from, date_to)]."""
        region = region or self.region_a
        plan = self.new_plan(user=user or (self.salesperson if region == self.region_a
                                           else self.salesperson_b),
                             region=region, start=day(1, 1), end=day(12, 31))
        for values in budget or [('travel', 10000.0)]:
            line = {'kind_id': self.kinds[values[0]].id, 'amount_planned': values[1]}
            if len(values) > 2:
                line.update(date_from=values[2], date_to=values[3])
            plan.write({'budget_line_ids': [(0, 0, line)]})
        return plan

    def line_of(self, plan, kind):
        return plan.budget_line_ids.filtered(lambda line: line.kind_id == self.kinds[kind])

    def official_promotion(self, regions, costs=(), materials=(), start=None, end=None):
        """An approved promotion of `regions` with actual costs (promotion's cost lines) and
        material costs, drafted by the marketing assistant and approved by the director and the
        general manager."""
        promotion = self.env['sales.promotion'].sudo(self.assistant).create({
            'name': 'Budget Test Promotion', 'date_start': start or day(6, 1),
            'date_end': end or day(6, 20),
            'region_ids': [(6, 0, regions.ids)], 'user_id': self.assistant.id,
            'line_ids': [(0, 0, {'product_id': self.kettle.id, 'discount': 10})],
            'cost_line_ids': [(0, 0, {'kind': 'venue', 'amount_planned': amount,
                                      'amount_actual': amount}) for amount in costs],
            'material_line_ids': [(0, 0, {'name': 'Posters', 'quantity': 1, 'unit_cost': amount,
                                          'cost_actual': amount}) for amount in materials],
        })
        promotion.action_approval_submit()
        for user in (self.director, self.gm):
            promotion.sudo(user).with_context(
                approval_expected_step_id=promotion.approval_step_id.id).action_approval_approve()
        self.assertEqual(promotion.state, 'official')
        return promotion
