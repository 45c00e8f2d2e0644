from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .sales_budget_measure import BudgetTarget
from .sales_process_document import is_workflow_call

# plan states in which a plan's expense budget stands (approved and not replaced or cancelled)
BUDGET_STATES = ('approved', 'decomposed', 'to_accept', 'execution', 'closed')


def month_index(date):
    """The month of a date string as a number counting months (year * 12 + month - 1)."""
    day = fields.Date.from_string(date)
    return day.year * 12 + day.month - 1


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
        self.previous_id._cancel_accounting_budget()
        if not self.budget_line_ids:
            return
        budget = self.env['crossovered.budget'].sudo().create({
            'name': self.with_context(lang='en_US').name, 'company_id': self.company_id.id,
            'date_from': self.date_start, 'date_to': self.date_end,
            'creating_user_id': self.env.uid,
            'crossovered_budget_line': self._accounting_budget_lines(),
        })
        budget.action_budget_confirm()
        budget.action_budget_validate()
        self._workflow_write({'crossovered_budget_id': budget.id})

    def _accounting_budget_lines(self):
        return [(0, 0, {
            'analytic_account_id': line.region_id.analytic_account_id.id,
            'general_budget_id': line.kind_id.id, 'date_from': line.date_from,
            'date_to': line.date_to, 'planned_amount': -line.amount_planned,
        }) for line in self.budget_line_ids.sudo()]

    def _sync_accounting_budget(self):
        """The validated accounting budget of these plans made again from their lines: head
        office corrects the budget of a plan its region refused, and Accounting's budget stays
        the plan's."""
        for plan in self:
            budget = plan.sudo().crossovered_budget_id
            if budget.state == 'validate':
                budget.crossovered_budget_line.unlink()
                budget.write({'crossovered_budget_line': plan._accounting_budget_lines()})

    # Decomposition: the budget follows the targets into the quarterly and monthly plans

    def _on_decomposed(self):
        result = super(SalesPlan, self)._on_decomposed()
        self._split_budget()
        return result

    def _split_budget(self):
        """Give each child plan of these plans (then of theirs, down to the months) its share of
        the parent's budget lines: per region and kind, the months the child and the line have
        in common, the line's amount spread evenly over its months, rounded so that the shares
        of a line add up to it exactly (rounding to the largest share).

        Evenly per month, not in proportion to the targets: expenses do not follow the sales
        seasonality line by line (travel and entertainment go on every month, promotions are
        budgeted where they are planned, in whole-month lines), and the Budget vs Actual
        analysis spreads a line over its months the same way, so a sub-plan shows the budget
        that analysis shows for its months. The shares are not budgets of their own: they are
        counted neither in the analysis nor in Accounting's budget (their parent's lines are),
        and change only with their parent's budget (through a revision)."""
        allocate = self.env['sales.plan.decompose.wizard']._allocate
        for plan in self:
            children = plan.child_ids.filtered(
                lambda child: child.state not in ('cancelled', 'superseded')
                and not child.budget_line_ids)
            shares = {child: [] for child in children}
            for line in plan.budget_line_ids:
                start, end = month_index(line.date_from), month_index(line.date_to)
                parts = [(child, max(start, month_index(child.date_start)),
                          min(end, month_index(child.date_end)))
                         for child in children if child.region_id == line.region_id]
                parts = [(child, first, last) for child, first, last in parts if first <= last]
                if not parts:
                    continue
                months = [last - first + 1 for _child, first, last in parts]
                amounts = allocate(line.amount_planned * sum(months) / (end - start + 1), months,
                                   plan.currency_id.rounding)
                for (child, first, last), amount in zip(parts, amounts):
                    shares[child].append((0, 0, {
                        'parent_line_id': line.id, 'region_id': line.region_id.id,
                        'kind_id': line.kind_id.id, 'note': line.note,
                        'date_from': max(line.date_from, child.date_start),
                        'date_to': min(line.date_to, child.date_end),
                        'amount_planned': amount}))
            for child, values in shares.items():
                if values:
                    child._workflow_write({'budget_line_ids': values})
            children.invalidate_cache(['budget_line_ids'], children.ids)
            children._split_budget()

    def _cancel_accounting_budget(self):
        """Cancel the accounting budgets of these plans: a plan withdrawn (cancelled) or
        replaced (by its approved revision) no longer budgets anything."""
        budgets = self.sudo().mapped('crossovered_budget_id').filtered(
            lambda budget: budget.state != 'cancel')
        budgets.action_budget_cancel()

    # Actions

    @api.multi
    def action_cancel(self):
        result = super(SalesPlan, self).action_cancel()
        self._cancel_accounting_budget()
        return result

    def _check_own_budget(self):
        """A decomposed plan's budget is its share of its parent's: it changes with it."""
        plan = self.filtered('parent_id')[:1]
        if plan:
            raise UserError(_("The expense budget of %(plan)s is its share of the budget of "
                              "%(root)s: change it through a revision of %(root)s.") % {
                'plan': plan.display_name, 'root': plan.root_plan().display_name})

    # Printing

    def _budget_report_file_name(self):
        return self.env['ir.actions.report']._sales_process_file_name(
            'sales_process.action_report_sales_plan_budget', self.name)

    def _budget_approved_plan(self):
        """The plan whose approval approved this plan's budget, for the printed signatures: the
        plan itself, or the plan a decomposed one comes from (read with the module's rights:
        the reader of a regional plan may not read a company-wide parent)."""
        return self.sudo().root_plan()

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
    parent_line_id = fields.Many2one(
        'sales.budget.line', string='Share Of', readonly=True, copy=False, index=True,
        ondelete='cascade',
        help="The line of the parent plan's budget this line is the share of: a decomposed "
             "plan's budget is its part of its parent's, for its months.")
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
            plan._check_own_budget()
        if plan.region_id and not vals.get('region_id'):
            vals['region_id'] = plan.region_id.id
        vals['date_from'] = vals.get('date_from') or plan.date_start
        vals['date_to'] = vals.get('date_to') or plan.date_end
        line = super(SalesBudgetLine, self).create(vals)
        line.region_id._ensure_analytic_account()
        line.plan_id._sync_accounting_budget()
        return line

    @api.multi
    def write(self, vals):
        plans = self.mapped('plan_id')
        if not is_workflow_call(self.env):
            plans._check_unlocked()
            plans._check_own_budget()
        result = super(SalesBudgetLine, self).write(vals)
        plans._sync_accounting_budget()
        return result

    @api.multi
    def unlink(self):
        plans = self.mapped('plan_id')
        if not is_workflow_call(self.env):
            plans._check_unlocked()
            plans._check_own_budget()
        result = super(SalesBudgetLine, self).unlink()
        plans._sync_accounting_budget()
        return result

    @api.multi
    def name_get(self):
        return [(line.id, '%s / %s / %s' % (line.plan_id.name, line.region_id.name, line.kind_id.name))
                for line in self]
