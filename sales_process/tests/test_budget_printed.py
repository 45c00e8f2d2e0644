"""A plan's expense budget printed: per kind and period the budget, the actual spend and what
remains, the expense-to-sales ratio and who approved it when, for a reader of the plan; a
decomposed plan prints its share with the approvals of the plan it comes from."""
from lxml import html as lxml_html

from .budget_common import YEAR, BudgetCase, day

REPORT = 'sales_process.action_report_sales_plan_budget'


class TestBudgetPrinted(BudgetCase):

    def printed(self, plan, user):
        """The report's text as printed for `user` (their language), one space between words."""
        report = self.as_reader(self.env.ref(REPORT), user)
        page = lxml_html.fromstring(report.render_qweb_html(plan.ids)[0])
        return ' '.join(page.text_content().split())

    def amount(self, value, user):
        """An amount as printed for `user`, one space between words."""
        printed = self.as_reader(self.env['ir.qweb.field.monetary'], user).value_to_html(
            value, {'display_currency': self.company.currency_id})
        return ' '.join(lxml_html.fromstring(printed).text_content().split())

    def test_budget_prints_with_figures_and_approvals(self):
        plan = self.approve(self.budget_plan(budget=[
            ('travel', 10000.0), ('entertainment', 500.0, day(1, 1), day(3, 31))]))
        self.bill(self.region_a, [('travel', 1250.0), ('entertainment', 600.0)], day(2, 10))
        self._order(self.region_a, self.salesperson, self.kettle, 10, 1850.0,
                    '%s-05-10 04:00:00' % YEAR)
        text = self.printed(plan, self.manager_a)

        def number(value):
            return self.amount(value, self.manager_a)

        for expected in ('Sales Expense Budget', plan.name, self.region_a.name,
                         self.kinds['travel'].name, self.kinds['entertainment'].name,
                         number(10000.0), number(1250.0), number(8750.0),  # travel
                         number(500.0), number(600.0), number(-100.0),  # entertainment
                         number(10500.0), number(1850.0), number(8650.0),  # totals
                         'Expense-to-Sales Ratio (%) 10.0',  # 1850 / 18500
                         self.assistant.name, self.gm.name):
            self.assertIn(expected, text)
        # the approvals: who decided each step of the plan's chain
        decisions = plan._approval_decisions()
        self.assertEqual(decisions.mapped('user_id'), self.assistant | self.gm)
        for decision in decisions:
            self.assertIn(decision.step_id.name, text)
        self.assertEqual(plan.sudo(self.manager_a)._budget_report_file_name(),
                         'Expense Budget %s' % plan.name)

    def test_decomposed_plan_prints_its_share(self):
        plan = self.approve(self.budget_plan(budget=[('travel', 12000.0)]))
        quarter = self.decompose(plan, split='quarter').sorted('date_start')[0]
        text = self.printed(quarter, self.manager_a)
        for expected in (quarter.name, plan.name, self.kinds['travel'].name,
                         self.gm.name, self.assistant.name):
            self.assertIn(expected, text)
        self.assertNotIn('12,000.00', text)
        self.assertIn('3,000.00', text)
