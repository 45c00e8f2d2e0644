from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .sales_budget_measure import BudgetTarget
from .sales_process_document import is_workflow_call

# plan states in which a plan's expense budget stands (approved and not replaced or cancelled)
BUDGET_STATES = ('approved', 'decomposed', 'to_accept', 'execution', 'closed')


class SalesPlan(models.Model):
    """Sales expense budgets: a plan carries the expense budget of its region and period beside
    its targets, drafted, submitted and approved with them (the plan's approval is the
    budget's), locked like them and carried by revisions. Once the plan is approved, the budget
    is also an account_budget budget, validated, so Accounting's Budgets show it."""
    _inherit = 'sales.plan'

    _workflow_fields = {'crossovered_budget_id'}

    budget_line_ids = fields.One2many(
        'sales.budget.line', 'plan_id', string='Expense Budget', copy=True, readonly=True,
        states={'draft': [('readonly', False)], 'refused': [('readonly', False)]})
    crossovered_budget_id = fields.Many2one(
        'crossovered.budget', string='Accounting Budget', readonly=True, copy=False,
        ondelete='restrict',
        help="The budget in Accounting's Budgets made from this plan's expense budget when the "
             "plan was approved.")
    budget_planned = fields.Monetary(compute='_compute_budget', string='Budgeted Expenses')
    budget_actual = fields.Monetary(compute='_compute_budget', string='Actual Expenses')
    budget_remaining = fields.Monetary(compute='_compute_budget', string='Remaining Budget')
    expense_ratio_pct = fields.Float(
        compute='_compute_budget', string='Expense-to-Sales Ratio (%)',
        help="Actual expenses against the sales achieved in the plan's period.")

    def _compute_budget(self):
        lines = self.mapped('budget_line_ids')
        actual = lines._actual_figures()
        for plan in self:
            plan.budget_planned = sum(plan.budget_line_ids.mapped('amount_planned'))
            plan.budget_actual = sum(actual[line.id] for line in plan.budget_line_ids)
            plan.budget_remaining = plan.budget_planned - plan.budget_actual
            achieved = plan.achieved_amount
            plan.expense_ratio_pct = 100.0 * plan.budget_actual / achieved if achieved else 0.0

    # Approval: the budget is approved with the plan

    def _on_approved(self):
        result = super(SalesPlan, self)._on_approved()
        self._make_accounting_budget()
        return result

    def _make_accounting_budget(self):
        """The approved plan's expense budget as a validated account_budget budget (expenses
        planned as negative amounts, account_budget's sign for costs); the version it revises
        has its own cancelled."""
        self.ensure_one()
        previous = self.previous_id.crossovered_budget_id.sudo()
        if previous and previous.state != 'cancel':
            previous.action_budget_cancel()
        if not self.budget_line_ids:
            return
        budget = self.env['crossovered.budget'].sudo().create({
            'name': self.with_context(lang='en_US').name, 'company_id': self.company_id.id,
            'date_from': self.date_start, 'date_to': self.date_end,
            'creating_user_id': self.env.uid,
            'crossovered_budget_line': [(0, 0, {
                'analytic_account_id': line.region_id.analytic_account_id.id,
                'general_budget_id': line.kind_id.id, 'date_from': line.date_from,
                'date_to': line.date_to, 'planned_amount': -line.amount_planned,
            }) for line in self.budget_line_ids.sudo()],
        })
        budget.action_budget_confirm()
        budget.action_budget_validate()
        self._workflow_write({'crossovered_budget_id': budget.id})

    @api.multi
    def action_view_budget_lines(self):
        self.ensure_one()
        action = self.env.ref('sales_process.sales_budget_line_action').read()[0]
        action['domain'] = [('plan_id', '=', self.id)]
        action['context'] = {'default_plan_id': self.id}
        return action


class SalesBudgetLine(models.Model):
    """One line of a plan's expense budget: what a region plans to spend on one kind of
    expense in the plan's period (or a whole-month part of it), against what it spends."""
    _name = 'sales.budget.line'
    _description = 'Sales Expense Budget Line'
    _order = 'plan_id, region_id, kind_id, date_from, id'

    plan_id = fields.Many2one('sales.plan', required=True, ondelete='cascade', index=True)
    company_id = fields.Many2one(related='plan_id.company_id', store=True, readonly=True)
    state = fields.Selection(related='plan_id.state', store=True, readonly=True)
    region_id = fields.Many2one('crm.team', required=True, index=True, ondelete='restrict',
                                domain=[('is_sales_region', '=', True)])
    kind_id = fields.Many2one(
        'account.budget.post', string='Expense Kind', required=True, index=True,
        ondelete='restrict', domain=[('sales_expense_kind', '!=', False)],
        help="A budgetary position of Accounting: its accounts say which bills and expenses "
             "are of this kind.")
    # the plan's period by default (see the plan form's context and create)
    date_from = fields.Date(string='From', required=True,
                            help="The plan's period, or a part of it in whole months.")
    date_to = fields.Date(string='To', required=True)
    currency_id = fields.Many2one(related='plan_id.currency_id', readonly=True)
    amount_planned = fields.Monetary(string='Planned', required=True)
    amount_actual = fields.Monetary(compute='_compute_actual', string='Actual')
    amount_remaining = fields.Monetary(compute='_compute_actual', string='Remaining')
    consumed_pct = fields.Float(compute='_compute_actual', string='Consumed (%)')
    over_budget = fields.Boolean(compute='_compute_actual', search='_search_over_budget',
                                 help="Spent more than planned.")
    note = fields.Char(string='Description')

    def _compute_actual(self):
        actual = self._actual_figures()
        for line in self:
            line.amount_actual = actual[line.id]
            line.amount_remaining = line.amount_planned - line.amount_actual
            line.consumed_pct = (100.0 * line.amount_actual / line.amount_planned
                                 if line.amount_planned else 0.0)
            line.over_budget = line.amount_actual > line.amount_planned

    def _actual_figures(self):
        """{line id: actual spend}, one query for the whole batch."""
        lines = self.filtered('id')
        figures = self.env['sales.budget.measure'].measure(
            BudgetTarget(line.id, line.region_id.id, line.kind_id.id, line.date_from, line.date_to)
            for line in lines.sudo())
        for line in self:
            figures.setdefault(line.id, 0.0)
        return figures

    def _search_over_budget(self, operator, value):
        # a line spends only in its period: one not started yet is within its budget
        lines = self.search([('date_from', '<=', fields.Date.context_today(self))])
        over = lines.filtered('over_budget')
        positive = (operator == '=') == bool(value)
        return [('id', 'in' if positive else 'not in', over.ids)]

    # Constraints

    def _validate_fields(self, field_names):
        # its constraints are the data's, whoever types it: checked with the module's rights,
        # so that a line put in a region the user cannot read is refused by its own message,
        # not by the record rule ("Error while validating constraint ... security restrictions")
        return super(SalesBudgetLine, self.sudo())._validate_fields(field_names)

    @api.constrains('amount_planned')
    def _check_amount(self):
        for line in self:
            if line.amount_planned < 0:
                raise ValidationError(_(
                    "A budgeted expense cannot be negative (%(plan)s, %(kind)s: %(amount).2f).") % {
                    'plan': line.plan_id.name, 'kind': line.kind_id.name,
                    'amount': line.amount_planned})

    @api.constrains('date_from', 'date_to', 'plan_id')
    def _check_period(self):
        for line in self:
            plan = line.plan_id
            if line.date_from > line.date_to or line.date_from < plan.date_start \
                    or line.date_to > plan.date_end:
                raise ValidationError(_(
                    "The budget of %(kind)s runs from %(start)s to %(end)s, outside the period of "
                    "%(plan)s (%(plan_start)s to %(plan_end)s).") % {
                    'kind': line.kind_id.name, 'start': line.date_from, 'end': line.date_to,
                    'plan': plan.name, 'plan_start': plan.date_start, 'plan_end': plan.date_end})
            start = fields.Date.from_string(line.date_from)
            end = fields.Date.from_string(line.date_to)
            if start.day != 1 or (end + relativedelta(days=1)).day != 1:
                raise ValidationError(_(
                    "The budget of %(kind)s in %(plan)s must run from the first day of a month to "
                    "the last day of a month.") % {'kind': line.kind_id.name, 'plan': plan.name})

    @api.constrains('region_id', 'kind_id', 'plan_id')
    def _check_region_kind(self):
        for line in self:
            if line.plan_id.region_id and line.region_id != line.plan_id.region_id:
                raise ValidationError(_("The expense budget of %(plan)s is for the region %(region)s.")
                                      % {'plan': line.plan_id.name,
                                         'region': line.plan_id.region_id.name})
            if line.kind_id.company_id != line.company_id or \
                    (line.region_id.company_id and line.region_id.company_id != line.company_id):
                raise ValidationError(_("The expense kind %(kind)s or the region %(region)s belongs "
                                        "to another company than %(plan)s.") % {
                    'kind': line.kind_id.name, 'region': line.region_id.name,
                    'plan': line.plan_id.name})

    # CRUD: a budget line changes with its plan (see sales.plan._is_locked)

    @api.model
    def create(self, vals):
        plan = self.env['sales.plan'].browse(vals.get('plan_id'))
        if not is_workflow_call(self.env):
            plan._check_unlocked()
        if plan.region_id and not vals.get('region_id'):
            vals['region_id'] = plan.region_id.id
        vals['date_from'] = vals.get('date_from') or plan.date_start
        vals['date_to'] = vals.get('date_to') or plan.date_end
        line = super(SalesBudgetLine, self).create(vals)
        line.region_id._ensure_analytic_account()
        return line

    @api.multi
    def write(self, vals):
        if not is_workflow_call(self.env):
            self.mapped('plan_id')._check_unlocked()
        return super(SalesBudgetLine, self).write(vals)

    @api.multi
    def unlink(self):
        if not is_workflow_call(self.env):
            self.mapped('plan_id')._check_unlocked()
        return super(SalesBudgetLine, self).unlink()

    @api.multi
    def name_get(self):
        return [(line.id, '%s / %s / %s' % (line.plan_id.name, line.region_id.name, line.kind_id.name))
                for line in self]
