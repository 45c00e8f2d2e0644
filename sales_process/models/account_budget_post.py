from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# The kinds of sales expense a region's budget plans (the company's expense-budget form): each is
# one of account_budget's budgetary positions, whose accounts say which bills and expenses are
# of that kind. Promotions' own costs count under 'promotion' (cost lines) and 'material'
# (promotional material), hence one position per kind and company, 'other' excepted.
SALES_EXPENSE_KINDS = [
    ('travel', 'Travel'),
    ('promotion', 'Promotion'),
    ('material', 'Promotional Material'),
    ('entertainment', 'Entertainment'),
    ('other', 'Other Sales Expenses'),
]
# the sub-accounts made for each kind under the chart's selling-expense account (明细科目)
KIND_ACCOUNT_SUFFIX = {'travel': '01', 'promotion': '02', 'material': '03', 'entertainment': '04'}
# selling expenses: 5601 in China's small-business chart, 6601 in the standard one
SELLING_EXPENSE_CODES = ('5601', '6601')


class AccountBudgetPost(models.Model):
    _inherit = 'account.budget.post'

    # Sales expense budgets: the budgetary positions that are the kinds of a plan's budget lines

    sales_expense_kind = fields.Selection(
        SALES_EXPENSE_KINDS, index=True,
        help="Set: this budgetary position is a kind of sales expense that plans budget per "
             "region. Its accounts decide which vendor bill lines and expenses count as spend of "
             "that kind.")

    @api.constrains('sales_expense_kind', 'company_id')
    def _check_sales_expense_kind(self):
        for post in self.filtered(lambda post: post.sales_expense_kind not in (False, 'other')):
            if self.search_count([('sales_expense_kind', '=', post.sales_expense_kind),
                                  ('company_id', '=', post.company_id.id)]) > 1:
                raise ValidationError(_(
                    "The company %(company)s already has a budgetary position for the sales "
                    "expense kind %(kind)s.") % {
                    'company': post.company_id.name,
                    'kind': dict(self._fields['sales_expense_kind']._description_selection(
                        self.env))[post.sales_expense_kind]})

    @api.model
    def _setup_sales_expense_kinds(self):
        """Make the budgetary positions of the sales expense kinds (travel, promotion, material,
        entertainment) for every company with a chart of accounts that lacks them, each with an
        expense sub-account of its own under the chart's selling-expense account (5601 or 6601;
        the company's first expense account on another chart). Idempotent: run on install and
        upgrade; the accounts can be changed afterwards in Accounting's budgetary positions."""
        Account = self.env['account.account'].sudo()
        expense_type = self.env.ref('account.data_account_type_expenses')
        for company in self.env['res.company'].sudo().search([('chart_template_id', '!=', False)]):
            existing = set(self.sudo().search([('company_id', '=', company.id)])
                           .mapped('sales_expense_kind'))
            missing = [kind for kind in KIND_ACCOUNT_SUFFIX if kind not in existing]
            if not missing:
                continue
            accounts = Account.search([('company_id', '=', company.id),
                                       ('user_type_id', '=', expense_type.id),
                                       ('deprecated', '=', False)], order='code')
            if not accounts:
                continue  # no chart yet: run again once it is installed (module upgrade)
            selling = accounts.filtered(lambda account: account.code.startswith(SELLING_EXPENSE_CODES))
            base = (selling or accounts)[:1]
            stem = base.code.rstrip('0') if selling else base.code
            stem = stem if len(stem) >= 4 else base.code[:4]
            lang = company.partner_id.lang or 'en_US'
            for kind in missing:
                label = self.with_context(lang=lang)._kind_label(kind)
                code = stem + KIND_ACCOUNT_SUFFIX[kind]
                account = Account.search([('company_id', '=', company.id), ('code', '=', code)], limit=1)
                if not account:
                    account = Account.create({
                        'code': code, 'name': '%s - %s' % (base.name, label),
                        'user_type_id': expense_type.id, 'company_id': company.id})
                self.sudo().create({'name': label, 'company_id': company.id,
                                    'sales_expense_kind': kind,
                                    'account_ids': [(6, 0, account.ids)]})
        return True

    @api.model
    def _kind_label(self, kind):
        return dict(self._fields['sales_expense_kind']._description_selection(self.env))[kind]
