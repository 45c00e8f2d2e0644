from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_is_zero

from .approval_step import group_members
from .sales_achievement import PLAN_YEARS, Target, is_plan_year
from .sales_process_document import is_workflow_call, refuse_workflow_values

PERIOD_MONTHS = {'year': 12, 'quarter': 3, 'month': 1}
PERIOD_TYPES = [('year', 'Year'), ('quarter', 'Quarter'), ('month', 'Month')]
PLAN_STATES = [
    ('draft', 'Draft'),
    ('submitted', 'In Approval'),
    ('approved', 'Approved'),
    ('decomposed', 'Decomposed'),
    ('to_accept', 'To Accept'),
    ('refused', 'Refused'),
    ('execution', 'In Execution'),
    ('closed', 'Closed'),
    ('superseded', 'Superseded'),
    ('cancelled', 'Cancelled'),
]
# the figures of a target frozen when its plan is closed (written by the closing only)
FROZEN_FIELDS = {'is_frozen', 'frozen_amount', 'frozen_qty', 'frozen_last_year_amount',
                 'frozen_last_year_qty'}
# states in which a plan is a live target (not replaced, cancelled or over)
OPEN_STATES = ('draft', 'submitted', 'approved', 'decomposed', 'to_accept', 'refused', 'execution')
# where a plan's period stands today: achievement and growth mean something once it has started
PERIOD_STATUSES = [('not_started', 'Not Started'), ('in_progress', 'In Progress'), ('ended', 'Ended')]
# what a generated name is made of (see SalesPlan._generated_name)
NAME_SOURCE_FIELDS = {'region_id', 'period_type', 'date_start', 'revision'}
PLAN_ACTIVITY_TYPES = ('sales_process.mail_activity_type_plan_accept',
                       'sales_process.mail_activity_type_plan_refused',
                       'sales_process.mail_activity_type_plan_decompose')


def period_status(record, today):
    """Where the period of `record` (date_start, date_end) stands `today` (the user's, a date
    string, see fields.Date.context_today): 'not_started', 'in_progress' or 'ended'."""
    if not record.date_start or today < record.date_start:
        return 'not_started'
    return 'ended' if record.date_end and today > record.date_end else 'in_progress'


def elapsed_ratio(record, today):
    """Share of the period of `record` (date_start, date_end) elapsed `today` (the user's, a
    date string), 1 once it is over."""
    start = fields.Date.from_string(record.date_start)
    end = fields.Date.from_string(record.date_end)
    today = fields.Date.from_string(today)
    if today > end:
        return 1.0
    if today < start:
        return 0.0
    return ((today - start).days + 1.0) / ((end - start).days + 1.0)


def growth(amount, last_year):
    """The growth (%) of `amount` over last year's, 0 without sales last year."""
    return 100.0 * (amount - last_year) / last_year if last_year else 0.0


def set_ratios(record, achieved, last_year, today):
    """Write the ratios of a plan or a target line (record: target_amount, date_start,
    date_end) from its achieved and last year's amounts; return its period status. A period not
    started yet is no failure: no achievement, growth or delay, only the growth its target asks
    for."""
    status = period_status(record, today)
    started = status != 'not_started'
    record.achievement_pct = (100.0 * achieved / record.target_amount
                              if record.target_amount and started else 0.0)
    record.growth_pct = growth(achieved, last_year) if started else 0.0
    record.target_growth_pct = growth(record.target_amount, last_year)
    record.behind_target = started and achieved < record.target_amount * elapsed_ratio(record, today)
    return status


class SalesPlan(models.Model):
    """A sales plan: targets of a region (or of the whole company) for a year, a quarter or a
    month, drafted by the regional staff, reviewed by the marketing assistant and approved by
    the general manager (approval engine), decomposed into quarterly and monthly plans that the
    regional managers accept, executed, and closed with its achieved figures frozen.

    An annual plan's children are its quarterly plans, whose children are monthly plans. Once
    approved, a plan changes only through a revision (a new version, approved again).
    """
    _name = 'sales.plan'
    _description = 'Sales Plan'
    _inherit = ['sales.region.mixin', 'sales.approval.mixin']
    _order = 'date_start desc, region_id, id'

    # what only the plan's actions write: its state, decomposition, acceptance, revisions
    _workflow_fields = {'state', 'parent_id', 'revision', 'previous_id', 'superseded_by_id',
                        'refusal_reason', 'decomposed_by_id', 'accepted_by_id', 'accepted_date',
                        'closed_date'}
    _unlocked_fields = {'color'}

    # translatable: a generated name ("East China 2027 Q4") is written in every installed
    # language (see _store_names); a name the user typed is kept as typed in all of them
    name = fields.Char(required=True, track_visibility='onchange', readonly=True, translate=True,
                       states={'draft': [('readonly', False)]})
    name_generated = fields.Boolean(
        string='Generated Name', readonly=True,
        help="The name follows the region, the period and the revision (in each reader's "
             "language) until someone types a name of their own.")
    # a company-wide plan (head office) has no region; regional staff see their region's plans
    region_id = fields.Many2one(required=False, readonly=True, states={'draft': [('readonly', False)]})
    strategy_id = fields.Many2one('sales.strategy', index=True, ondelete='restrict',
                                  readonly=True, states={'draft': [('readonly', False)]})
    # not tracked: the workflow writes it with the engine's rights, and its own chatter notes
    # (submitted, approved, decomposed, accepted...) say who did what
    state = fields.Selection(PLAN_STATES, default='draft', required=True, readonly=True, copy=False,
                             index=True)
    period_type = fields.Selection(
        PERIOD_TYPES, required=True, default='year', readonly=True,
        states={'draft': [('readonly', False)]})
    date_start = fields.Date(string='From', required=True, readonly=True,
                             states={'draft': [('readonly', False)]},
                             default=lambda self: self._default_date(month=1, day=1))
    date_end = fields.Date(string='To', required=True, readonly=True,
                           states={'draft': [('readonly', False)]},
                           default=lambda self: self._default_date(month=12, day=31))
    parent_id = fields.Many2one('sales.plan', string='Parent Plan', index=True, readonly=True,
                                ondelete='cascade')
    child_ids = fields.One2many('sales.plan', 'parent_id', string='Decomposed Into', readonly=True)
    child_count = fields.Integer(compute='_compute_child_count')
    line_ids = fields.One2many('sales.plan.line', 'plan_id', string='Targets', copy=True,
                               readonly=True, states={'draft': [('readonly', False)],
                                                      'refused': [('readonly', False)]})
    currency_id = fields.Many2one(related='company_id.currency_id', readonly=True)
    target_amount = fields.Monetary(compute='_compute_targets', store=True, string='Target',
                                    track_visibility='onchange')
    target_qty = fields.Float(compute='_compute_targets', store=True, string='Target Quantity')
    achieved_amount = fields.Monetary(compute='_compute_achievement', string='Achieved')
    achievement_pct = fields.Float(compute='_compute_achievement', string='Achievement (%)')
    last_year_amount = fields.Monetary(compute='_compute_achievement', string='Same Period Last Year')
    growth_pct = fields.Float(compute='_compute_achievement', string='Growth (%)',
                              help="Actual sales against the same period last year (once the "
                                   "period has started).")
    target_growth_pct = fields.Float(
        compute='_compute_achievement', string='Target Growth (%)',
        help="The target against the actual sales of the same period last year: the growth the "
             "target asks for.")
    period_status = fields.Selection(PERIOD_STATUSES, compute='_compute_period_status')
    behind_target = fields.Boolean(compute='_compute_achievement', search='_search_behind_target',
                                   help="Achieved less than the target pro rata of the time elapsed.")
    in_current_quarter = fields.Boolean(compute='_compute_in_current_quarter',
                                        search='_search_in_current_quarter')
    revision = fields.Integer(default=0, readonly=True, copy=False)
    previous_id = fields.Many2one('sales.plan', string='Revision Of', readonly=True, copy=False,
                                  ondelete='restrict')
    revision_root_id = fields.Many2one('sales.plan', string='First Version', readonly=True, copy=False,
                                       compute='_compute_revision_root', store=True, index=True)
    superseded_by_id = fields.Many2one('sales.plan', readonly=True, copy=False)
    review_opinion = fields.Text(compute='_compute_review_opinion', string="Reviewer's Opinion",
                                 help="The marketing assistant's opinion and suggestions, given "
                                      "when approving the review step.")
    refusal_reason = fields.Text(readonly=True, copy=False, track_visibility='onchange')
    decomposed_by_id = fields.Many2one('res.users', readonly=True, copy=False)
    accepted_by_id = fields.Many2one('res.users', readonly=True, copy=False)
    accepted_date = fields.Datetime(readonly=True, copy=False)
    closed_date = fields.Date(readonly=True, copy=False)
    description = fields.Html(string='Detailed Plan', readonly=True,
                              states={'draft': [('readonly', False)]},
                              help="How the region will reach the targets: actions per stage.")
    color = fields.Integer()
    can_accept = fields.Boolean(compute='_compute_can_accept',
                                help="The current user is the manager who accepts this plan.")

    @api.model
    def _default_date(self, month, day):
        """That day of the user's current year (in their time zone, not the server's)."""
        today = fields.Date.from_string(fields.Date.context_today(self))
        return fields.Date.to_string(today.replace(month=month, day=day))

    # Computes

    @api.depends('state', 'region_id.user_id')
    def _compute_can_accept(self):
        for plan in self:
            plan.can_accept = plan.state == 'to_accept' and plan.region_id.user_id == self.env.user

    @api.depends('child_ids')
    def _compute_child_count(self):
        for plan in self:
            plan.child_count = len(plan.child_ids)

    @api.depends('line_ids.target_amount', 'line_ids.target_qty')
    def _compute_targets(self):
        for plan in self:
            plan.target_amount = sum(plan.line_ids.mapped('target_amount'))
            plan.target_qty = sum(plan.line_ids.mapped('target_qty'))

    def _compute_achievement(self):
        """Sum of the lines' achievements (lines are distinct targets), in one batch."""
        lines = self.mapped('line_ids')
        figures = lines._achievement_figures()
        today = fields.Date.context_today(self)
        for plan in self:
            achieved = sum(figures[line.id][0] for line in plan.line_ids)
            last_year = sum(figures[line.id][2] for line in plan.line_ids)
            plan.achieved_amount = achieved
            plan.last_year_amount = last_year
            set_ratios(plan, achieved, last_year, today)

    def _compute_period_status(self):
        today = fields.Date.context_today(self)
        for plan in self:
            plan.period_status = period_status(plan, today)

    def _search_behind_target(self, operator, value):
        plans = self.search([('state', 'in', ('approved', 'decomposed', 'to_accept', 'execution'))])
        behind = plans.filtered('behind_target')
        positive = (operator == '=') == bool(value)
        return [('id', 'in' if positive else 'not in', behind.ids)]

    def _compute_in_current_quarter(self):
        start, end = self._current_quarter()
        for plan in self:
            plan.in_current_quarter = plan.date_start <= end and plan.date_end >= start

    def _search_in_current_quarter(self, operator, value):
        start, end = self._current_quarter()
        domain = [('date_start', '<=', end), ('date_end', '>=', start)]
        positive = (operator == '=') == bool(value)
        return domain if positive else ['!'] + domain

    @api.depends('previous_id.revision_root_id')
    def _compute_revision_root(self):
        for plan in self:
            plan.revision_root_id = plan.previous_id.revision_root_id or plan.previous_id or plan

    def _compute_review_opinion(self):
        """The first approval's comment of the current submission (see _approval_decisions), in
        one query for the batch: Odoo computes it for every plan read with this one, e.g. the
        form's decomposed plans."""
        plans = self.filtered('id')
        decisions = self.env['sales.approval.history'].sudo().search([
            ('res_model', '=', self._name), ('res_id', 'in', plans.ids),
            ('decision', '=', 'approved')], order='id')
        cycles = {plan.id: plan.approval_cycle for plan in plans}
        opinions = {}
        for decision in decisions:
            if decision.comment and decision.cycle == cycles[decision.res_id]:
                opinions.setdefault(decision.res_id, decision.comment)
        for plan in self:
            plan.review_opinion = opinions.get(plan.id, False)

    @api.model
    def _current_quarter(self):
        today = fields.Date.from_string(fields.Date.context_today(self))
        start = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        end = start + relativedelta(months=3, days=-1)
        return fields.Date.to_string(start), fields.Date.to_string(end)

    # Constraints and onchanges

    @api.constrains('date_start', 'date_end', 'period_type')
    def _check_period(self):
        for plan in self:
            start = fields.Date.from_string(plan.date_start)
            end = fields.Date.from_string(plan.date_end)
            if not (is_plan_year(start.year) and is_plan_year(end.year)):
                raise ValidationError(_("The plan %(plan)s runs from %(start)s to %(end)s: plans are "
                                        "set for the years %(first)d to %(last)d.") % {
                    'plan': plan.name, 'start': plan.date_start, 'end': plan.date_end,
                    'first': PLAN_YEARS[0], 'last': PLAN_YEARS[1]})
            if end < start:
                raise ValidationError(_("The plan %(plan)s ends (%(end)s) before it starts "
                                        "(%(start)s).") % {'plan': plan.name, 'end': plan.date_end,
                                                           'start': plan.date_start})
            if start.day != 1 or (end + relativedelta(days=1)).day != 1:
                raise ValidationError(_("The plan %(plan)s must run from the first day of a month "
                                        "to the last day of a month.") % {'plan': plan.name})
            months = (end.year - start.year) * 12 + end.month - start.month + 1
            if months != PERIOD_MONTHS[plan.period_type]:
                raise ValidationError(_("A %(period)s plan covers %(expected)d months; %(plan)s "
                                        "covers %(months)d.") % {
                    'period': dict(self._fields['period_type'].selection)[plan.period_type].lower(),
                    'expected': PERIOD_MONTHS[plan.period_type], 'plan': plan.name, 'months': months})
            # quarters and years are the calendar's: plan names (2026 Q2), the current quarter
            # filter and the strategy's year count in them
            if plan.period_type == 'quarter' and start.month not in (1, 4, 7, 10):
                raise ValidationError(_("The quarterly plan %(plan)s runs from %(start)s to %(end)s: a "
                                        "quarter is January to March, April to June, July to "
                                        "September or October to December.") % {
                    'plan': plan.name, 'start': plan.date_start, 'end': plan.date_end})
            if plan.period_type == 'year' and start.month != 1:
                raise ValidationError(_("The annual plan %(plan)s runs from %(start)s to %(end)s: a "
                                        "year runs from 1 January to 31 December.") % {
                    'plan': plan.name, 'start': plan.date_start, 'end': plan.date_end})

    @api.constrains('parent_id', 'date_start', 'date_end')
    def _check_within_parent(self):
        for plan in self.filtered('parent_id'):
            if plan.date_start < plan.parent_id.date_start or plan.date_end > plan.parent_id.date_end:
                raise ValidationError(_("The plan %(plan)s must lie within the period of %(parent)s.")
                                      % {'plan': plan.name, 'parent': plan.parent_id.name})

    @api.onchange('period_type', 'date_start')
    def _onchange_period(self):
        if self.date_start:
            start = fields.Date.from_string(self.date_start).replace(day=1)
            if self.period_type == 'quarter':
                start = start.replace(month=(start.month - 1) // 3 * 3 + 1)
            elif self.period_type == 'year':
                start = start.replace(month=1)
            self.date_start = fields.Date.to_string(start)
            self.date_end = fields.Date.to_string(
                start + relativedelta(months=PERIOD_MONTHS[self.period_type], days=-1))

    @api.onchange('region_id', 'period_type', 'date_start')
    def _onchange_name_source(self):
        """A generated name follows the region and the period; a typed one stays."""
        if self.date_start and (self.name_generated or not self.name):
            self.name = self._generated_name()
            self.name_generated = True

    @api.onchange('name')
    def _onchange_name(self):
        if not self.date_start:
            return
        if not self.name:
            # an emptied name: the generated one again
            self.name = self._generated_name()
        self.name_generated = self.name == self._generated_name()

    # Names

    @api.model
    def _compose_name(self, region, period_type, start, revision=0):
        """The name generated for a plan of `region` (none: the company) and period, in the
        language of this environment (the terms are translated, the region read in it)."""
        values = {'region': region.with_env(self.env).name if region else _('Company'),
                  'year': start.year, 'quarter': (start.month - 1) // 3 + 1, 'month': start.month}
        if period_type == 'quarter':
            name = _("%(region)s %(year)d Q%(quarter)d") % values
        elif period_type == 'month':
            name = _("%(region)s %(year)d-%(month)02d") % values
        else:
            name = _("%(region)s %(year)d") % values
        if revision:
            name = _("%(name)s (rev. %(revision)d)") % {'name': name, 'revision': revision}
        return name

    def _generated_name(self):
        self.ensure_one()
        return self._compose_name(self.region_id, self.period_type,
                                  fields.Date.from_string(self.date_start), self.revision)

    def _store_names(self, typed=None):
        """Write the plans' names: `typed` as the user typed it, the same in every language; or
        (None) the generated name, in every installed language. The name's column holds the
        English one (the source of the translations), ir.translation the others."""
        if not self:
            return
        languages = [code for code, _label in self.env['res.lang'].get_installed()
                     if code != 'en_US']
        names = {plan.id: typed if typed is not None else
                 plan.with_context(lang='en_US')._generated_name() for plan in self}
        translations = [] if typed is not None else [
            (plan.id, lang, plan.with_context(lang=lang)._generated_name(), names[plan.id])
            for plan in self for lang in languages]
        cr = self.env.cr
        cr.execute("""
            UPDATE sales_plan plan SET name = data.name, name_generated = %s
              FROM unnest(%s::int[], %s::varchar[]) AS data(id, name)
             WHERE plan.id = data.id""", [typed is None, list(names), list(names.values())])
        # the translations of these names, rewritten as a whole, one statement each (read by
        # the ORM with a join: no cache to clear, as ir.translation's _modified_model says)
        cr.execute("""DELETE FROM ir_translation
                       WHERE type = 'model' AND name = 'sales.plan,name' AND res_id = ANY(%s)""",
                   [list(names)])
        if translations:
            cr.execute("""
                INSERT INTO ir_translation (type, name, res_id, lang, value, src, state)
                SELECT 'model', 'sales.plan,name', data.res_id, data.lang, data.value, data.src,
                       'translated'
                  FROM unnest(%s::int[], %s::varchar[], %s::text[], %s::text[])
                       AS data(res_id, lang, value, src)""", [list(column) for column in zip(*translations)])
        self.invalidate_cache(['name', 'name_generated'], self.ids)

    # CRUD

    @api.model
    def create(self, vals):
        typed = vals.get('name')
        if not typed:
            # the generated name (in the user's language) for the constraints' messages, then
            # in every language
            defaults = self.default_get(['date_start', 'period_type'])
            vals['name'] = self._compose_name(
                self.env['crm.team'].browse(vals.get('region_id')),
                vals.get('period_type') or defaults['period_type'],
                fields.Date.from_string(vals.get('date_start') or defaults['date_start']),
                vals.get('revision', 0))
        vals.pop('name_generated', None)
        plan = super(SalesPlan, self).create(vals)
        plan._store_names(None if not typed or typed == plan._generated_name() else typed)
        return plan

    @api.multi
    def write(self, vals):
        result = super(SalesPlan, self).write(vals)
        if 'name' in vals:
            # a name typed in any language is the name in all of them, unless it is the one
            # the plan would be given anyway
            for plan in self:
                plan._store_names(None if plan.name == plan._generated_name() else vals['name'])
        elif NAME_SOURCE_FIELDS & set(vals):
            self.filtered('name_generated')._store_names()
        return result

    @api.multi
    def copy(self, default=None):
        default = dict(default or {})
        if self.name_generated and 'name' not in default:
            default['name'] = False
        plan = super(SalesPlan, self).copy(default)
        # copy() also copied the original's translations of its name: the copy's own replace them
        plan._store_names(None if plan.name_generated else plan.with_context(lang='en_US').name)
        return plan

    @api.multi
    def unlink(self):
        self.check_access_rights('unlink')
        if any(plan.state not in ('draft', 'cancelled') or plan.parent_id for plan in self):
            raise UserError(_("Only draft or cancelled plans can be deleted; an approved plan is "
                              "changed through a revision."))
        return super(SalesPlan, self).unlink()

    # The document layer: a plan is edited as a draft, a refused one by head office, otherwise
    # through a revision

    def _is_locked(self):
        self.ensure_one()
        if self.state == 'draft' and self.approval_state in ('draft', 'rejected'):
            return False
        return not (self.state == 'refused'
                    and self.env.user.has_group('sales_process.group_sales_director'))

    def _locked_message(self, labels):
        return _("%(plan)s is %(state)s: it can only be changed through a revision "
                 "(Revise button).") % {'plan': self.display_name, 'state': self._selection_label().lower()}

    # Approval engine hooks

    def _approval_submittable(self):
        # decomposed plans are approved with their parent and accepted by their region
        return not self.parent_id and self.state == 'draft'

    def _approval_check_submit(self):
        if not self.line_ids:
            raise UserError(_("Add the targets of %(plan)s before submitting it.")
                            % {'plan': self.display_name})

    def _on_approval_submitted(self):
        self._set_state('submitted')

    def _on_approved(self):
        self._set_state('approved')
        previous = self.previous_id
        if previous:
            outdated = previous | previous._descendants()
            outdated._set_state('superseded', superseded_by_id=self.id)
            previous._post(_("Superseded by revision %(revision)d: %(plan)s") % {
                'revision': self.revision, 'plan': self.display_name})
        self._schedule_activity(
            'sales_process.mail_activity_type_plan_decompose',
            group_members(self.env.ref('sales_process.group_general_manager'), self.company_id),
            '_text_to_decompose')

    def _on_rejected(self, reason):
        self._set_state('draft')

    def _on_decomposed(self):
        """The plan was just decomposed into its child plans (all levels created): what
        follows the targets into them (the expense budget, sales_budget.py) extends it."""

    def _on_approval_reset(self):
        self._set_state('draft')

    # Actions

    @api.multi
    def action_propose(self):
        """Head office sends approved (or refused, then corrected) plans to their regions."""
        self._check_head_office()
        for plan in self:
            if plan.state not in ('approved', 'refused'):
                raise UserError(_("Only an approved or a refused plan can be sent to its region "
                                  "(%(plan)s is %(state)s).") % {
                    'plan': plan.display_name, 'state': plan._selection_label().lower()})
            if not plan.region_id:
                raise UserError(_("%(plan)s covers the whole company: decompose it into regional "
                                  "plans first.") % {'plan': plan.display_name})
            if plan.parent_id:
                plan.parent_id._check_children_sum()
            if not plan.region_id.user_id:
                raise UserError(_("The region %(region)s has no manager to accept %(plan)s.")
                                % {'region': plan.region_id.name, 'plan': plan.display_name})
            plan._close_plan_activities()
            (plan | plan._descendants())._set_state('to_accept', refusal_reason=False)
            plan._schedule_acceptance()
        return True

    @api.multi
    def action_accept(self):
        for plan in self:
            plan._check_region_manager()
            plan._close_plan_activities()
            (plan | plan._descendants())._set_state(
                'execution', accepted_by_id=self.env.uid, accepted_date=fields.Datetime.now())
            plan._post(_("Accepted by %(user)s.") % {'user': self.env.user.name})
            parent = plan.parent_id
            while parent and all(child.state in ('execution', 'closed') for child in parent.child_ids):
                parent._set_state('execution')
                parent = parent.parent_id
        return True

    @api.multi
    def action_refuse(self, reason=None):
        if not (reason or '').strip():
            raise UserError(_("Give the reason for refusing the plan: head office needs it to "
                              "correct the targets."))
        for plan in self:
            plan._check_region_manager()
            plan._close_plan_activities()
            (plan | plan._descendants())._set_state('refused', refusal_reason=reason)
            # the reason is in the chatter, which only the plan's readers see
            plan._post(_("Refused by %(user)s") % {'user': self.env.user.name}, reason)
            responsible = plan.root_plan().decomposed_by_id or group_members(
                self.env.ref('sales_process.group_general_manager'), plan.company_id)
            plan._schedule_activity('sales_process.mail_activity_type_plan_refused', responsible,
                                    '_text_refused')
        return True

    @api.multi
    def action_refuse_wizard(self):
        self.ensure_one()
        self._check_region_manager()
        return {
            'type': 'ir.actions.act_window',
            'name': _('Refuse the Plan'),
            'res_model': 'sales.plan.refuse.wizard',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_plan_id': self.id},
        }

    @api.multi
    def action_decompose_wizard(self):
        self.ensure_one()
        self._check_head_office()
        self._check_decomposable()
        return {
            'type': 'ir.actions.act_window',
            'name': _('Decompose the Plan'),
            'res_model': 'sales.plan.decompose.wizard',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_plan_id': self.id},
        }

    @api.multi
    def action_revise(self):
        """A new version of an approved plan, in draft, keeping the old one and its history."""
        self.ensure_one()
        if self.parent_id:
            raise UserError(_("%(plan)s was decomposed from %(parent)s: revise %(parent)s.")
                            % {'plan': self.display_name, 'parent': self.root_plan().display_name})
        if self.state not in ('approved', 'decomposed', 'to_accept', 'refused', 'execution'):
            raise UserError(_("Only an approved plan is revised (%(plan)s is %(state)s).")
                            % {'plan': self.display_name, 'state': self._selection_label().lower()})
        if self.search_count([('previous_id', '=', self.id), ('state', 'not in', ('cancelled',))]):
            raise UserError(_("%(plan)s already has a revision in progress.") % {'plan': self.display_name})
        # the revision's link to this plan is the workflow's: created with the module's rights,
        # then checked against the user's own right to create it (its access rights first:
        # the record rules alone let every head-office reader through)
        self.check_access_rights('create')
        values = {'previous_id': self.id, 'revision': self.revision + 1}
        if not self.name_generated:
            # a generated name gets the revision in every language (see _compose_name)
            values['name'] = _("%(name)s (rev. %(revision)d)") % {
                'name': self.name.split(' (')[0], 'revision': self.revision + 1}
        revision = self._as_module().copy(values).with_env(self.env)
        revision.check_access_rule('create')
        self._post(_("Revision %(revision)d started: %(plan)s") % {
            'revision': revision.revision, 'plan': revision.display_name})
        return {'type': 'ir.actions.act_window', 'res_model': self._name, 'res_id': revision.id,
                'view_mode': 'form'}

    @api.multi
    def action_close(self):
        """Close plans whose period is over, freezing their achieved figures."""
        self._check_head_office()
        self._close_plans()
        return True

    @api.multi
    def action_cancel(self):
        self._check_head_office()
        for plan in self:
            if plan.state not in ('draft', 'approved', 'refused') or plan.approval_state == 'pending':
                raise UserError(_("%(plan)s is %(state)s and cannot be cancelled.")
                                % {'plan': plan.display_name, 'state': plan._selection_label().lower()})
            (plan | plan._descendants())._set_state('cancelled')
        return True

    @api.multi
    def action_view_children(self):
        self.ensure_one()
        action = self.env.ref('sales_process.sales_plan_action').read()[0]
        action['domain'] = [('parent_id', '=', self.id)]
        action['context'] = {}
        return action

    # Scheduled action

    @api.model
    def _cron_close_ended_plans(self):
        # another server closing them at the same moment: nothing to add (_claim_run)
        if not self.env['sales.process.document']._claim_scheduled_run('close_ended_plans'):
            return True
        today = fields.Date.context_today(self)
        ended = self.search([('state', 'in', ('execution', 'decomposed')), ('date_end', '<', today)])
        ended._close_plans()
        return True

    # Business helpers

    def _close_plans(self):
        today = fields.Date.context_today(self)
        for plan in self:
            if plan.state not in ('execution', 'decomposed'):
                raise UserError(_("Only a plan in execution is closed (%(plan)s is %(state)s).")
                                % {'plan': plan.display_name, 'state': plan._selection_label().lower()})
            if plan.date_end >= today:
                raise UserError(_("%(plan)s runs until %(date)s: it is closed once its period is over.")
                                % {'plan': plan.display_name, 'date': plan.date_end})
        self.mapped('line_ids')._freeze_achievement()
        self._set_state('closed', closed_date=today)
        for plan in self:
            plan._post(_("Closed: %(achieved)s achieved of %(target)s (%(pct).1f%%).") % {
                'achieved': plan.achieved_amount, 'target': plan.target_amount,
                'pct': plan.achievement_pct})

    def _set_state(self, state, **values):
        values['state'] = state
        self._workflow_write(values)

    def _descendants(self):
        children = self.mapped('child_ids')
        return children | children._descendants() if children else children

    def root_plan(self):
        self.ensure_one()
        plan = self
        while plan.parent_id:
            plan = plan.parent_id
        return plan

    def _check_head_office(self):
        if not self.env.user.has_group('sales_process.group_sales_director'):
            raise UserError(_("Only the general manager or the sales director decomposes, assigns, "
                              "closes and cancels plans."))

    def _check_region_manager(self):
        self.ensure_one()
        if self.state != 'to_accept':
            raise UserError(_("%(plan)s is not waiting for acceptance (it is %(state)s).")
                            % {'plan': self.display_name, 'state': self._selection_label().lower()})
        if self.env.user != self.region_id.user_id and not self.env.user._is_superuser():
            raise UserError(_("%(plan)s is a task of the region %(region)s: only its manager "
                              "%(manager)s can accept or refuse it.") % {
                'plan': self.display_name, 'region': self.region_id.name,
                'manager': self.region_id.user_id.name or _('(none)')})

    def _check_decomposable(self):
        self.ensure_one()
        if self.state != 'approved':
            raise UserError(_("Only an approved plan can be decomposed (%(plan)s is %(state)s).")
                            % {'plan': self.display_name, 'state': self._selection_label().lower()})
        if self.period_type == 'month':
            raise UserError(_("%(plan)s is a monthly plan: it cannot be split further.")
                            % {'plan': self.display_name})
        if self.child_ids.filtered(lambda child: child.state not in ('cancelled', 'superseded')):
            raise UserError(_("%(plan)s is already decomposed.") % {'plan': self.display_name})

    def _check_children_sum(self):
        """The children of a plan add up to it, to the currency's rounding."""
        self.ensure_one()
        children = self.child_ids.filtered(lambda child: child.state not in ('cancelled', 'superseded'))
        if not children:
            return
        for period_type in set(children.mapped('period_type')):
            same = children.filtered(lambda child: child.period_type == period_type)
            total = sum(same.mapped('target_amount'))
            if float_compare(total, self.target_amount, precision_rounding=self.currency_id.rounding):
                raise ValidationError(_(
                    "The plans decomposed from %(plan)s add up to %(total).2f, but %(plan)s "
                    "targets %(target).2f: correct the targets so that they add up.") % {
                    'plan': self.display_name, 'total': total, 'target': self.target_amount})
            quantity = sum(same.mapped('target_qty'))
            if not float_is_zero(quantity - self.target_qty, precision_digits=2):
                raise ValidationError(_(
                    "The plans decomposed from %(plan)s add up to a quantity of %(total).2f, but "
                    "%(plan)s targets %(target).2f.") % {
                    'plan': self.display_name, 'total': quantity, 'target': self.target_qty})
        for child in children:
            child._check_children_sum()

    def _schedule_acceptance(self):
        self._schedule_activity('sales_process.mail_activity_type_plan_accept',
                                self.region_id.user_id, '_text_to_accept')

    def _close_plan_activities(self):
        self._close_activities(PLAN_ACTIVITY_TYPES)

    # Activity wordings (in the assignee's language, see _schedule_activity)

    def _text_to_accept(self):
        return _("Accept or refuse: %(plan)s") % {'plan': self.display_name}

    def _text_to_decompose(self):
        return _("Decompose and assign: %(plan)s") % {'plan': self.display_name}

    def _text_refused(self):
        return _("Refused by the region: %(plan)s") % {'plan': self.display_name}


class SalesPlanLine(models.Model):
    """One target of a plan: a region, optionally a salesperson and a product category, an
    amount in the company's currency and optionally a quantity, for the plan's period."""
    _name = 'sales.plan.line'
    _description = 'Sales Plan Target'
    _order = 'plan_id, region_id, user_id, categ_id, id'

    plan_id = fields.Many2one('sales.plan', required=True, ondelete='cascade', index=True)
    company_id = fields.Many2one(related='plan_id.company_id', store=True, readonly=True)
    state = fields.Selection(related='plan_id.state', store=True, readonly=True)
    period_type = fields.Selection(related='plan_id.period_type', store=True, readonly=True)
    date_start = fields.Date(related='plan_id.date_start', store=True, readonly=True)
    date_end = fields.Date(related='plan_id.date_end', store=True, readonly=True)
    region_id = fields.Many2one('crm.team', required=True, index=True,
                                domain=[('is_sales_region', '=', True)], ondelete='restrict')
    user_id = fields.Many2one('res.users', string='Salesperson', index=True, ondelete='restrict',
                              help="Empty: the whole region's sales count.")
    categ_id = fields.Many2one('product.category', string='Product Category', ondelete='restrict',
                               help="Empty: every product counts.")
    currency_id = fields.Many2one(related='plan_id.currency_id', readonly=True)
    target_amount = fields.Monetary(string='Target', required=True)
    target_qty = fields.Float(string='Target Quantity', digits=(16, 2))
    achieved_amount = fields.Monetary(compute='_compute_achievement', string='Achieved')
    achieved_qty = fields.Float(compute='_compute_achievement', string='Achieved Quantity', digits=(16, 2))
    achievement_pct = fields.Float(compute='_compute_achievement', string='Achievement (%)')
    last_year_amount = fields.Monetary(compute='_compute_achievement', string='Same Period Last Year')
    growth_pct = fields.Float(compute='_compute_achievement', string='Growth (%)',
                              help="Actual sales against the same period last year (once the "
                                   "period has started).")
    target_growth_pct = fields.Float(
        compute='_compute_achievement', string='Target Growth (%)',
        help="The target against the actual sales of the same period last year: the growth the "
             "target asks for.")
    period_status = fields.Selection(PERIOD_STATUSES, compute='_compute_achievement')
    behind_target = fields.Boolean(compute='_compute_achievement',
                                   help="Achieved less than the target pro rata of the time elapsed.")
    # figures frozen when the plan is closed
    is_frozen = fields.Boolean(readonly=True, copy=False)
    frozen_amount = fields.Monetary(readonly=True, copy=False)
    frozen_qty = fields.Float(readonly=True, copy=False)
    frozen_last_year_amount = fields.Monetary(readonly=True, copy=False)
    frozen_last_year_qty = fields.Float(readonly=True, copy=False)

    def _compute_achievement(self):
        figures = self._achievement_figures()
        today = fields.Date.context_today(self)
        for line in self:
            amount, qty, last_amount, _last_qty = figures[line.id]
            line.achieved_amount = amount
            line.achieved_qty = qty
            line.last_year_amount = last_amount
            line.period_status = set_ratios(line, amount, last_amount, today)

    def _achievement_figures(self):
        """{line id: (amount, quantity, last year's amount, last year's quantity)}: frozen
        figures for closed plans, live ones (one query for the whole batch) otherwise."""
        # the columns it needs, read in one query: the ORM would read every field of every line
        self.env.cr.execute("""
            SELECT id, is_frozen, frozen_amount, frozen_qty, frozen_last_year_amount,
                   frozen_last_year_qty, company_id, region_id, user_id, categ_id, date_start,
                   date_end
              FROM sales_plan_line WHERE id = ANY(%s)""", [[line_id for line_id in self.ids if line_id]])
        figures, live = {}, []
        for row in self.env.cr.fetchall():
            if row[1]:
                figures[row[0]] = tuple(value or 0.0 for value in row[2:6])
            elif is_plan_year(int(row[10][:4])) and is_plan_year(int(row[11][:4])):
                # Odoo reads dates as strings; a plan outside PLAN_YEARS (saved before they were
                # checked) is left out, measured as nothing, rather than breaking every plan list
                live.append(Target(row[0], *row[6:]))
        figures.update(self.env['sales.achievement'].measure(live))
        for line in self:
            figures.setdefault(line.id, (0.0, 0.0, 0.0, 0.0))
        return figures

    def _targets(self):
        return [Target(line.id, line.company_id.id, line.region_id.id, line.user_id.id,
                       line.categ_id.id, line.date_start, line.date_end) for line in self]

    def _freeze_achievement(self):
        figures = self.env['sales.achievement'].measure(self._targets())
        rows = [(line_id,) + tuple(values) for line_id, values in figures.items()]
        if rows:
            self.env.cr.execute("""
                UPDATE sales_plan_line line
                   SET is_frozen = true, frozen_amount = figures.amount, frozen_qty = figures.qty,
                       frozen_last_year_amount = figures.last_amount,
                       frozen_last_year_qty = figures.last_qty
                  FROM unnest(%s::int[], %s::numeric[], %s::numeric[], %s::numeric[], %s::numeric[])
                       AS figures(id, amount, qty, last_amount, last_qty)
                 WHERE line.id = figures.id""", [list(column) for column in zip(*rows)])
            self.invalidate_cache()

    def _validate_fields(self, field_names):
        # its constraints are the data's, whoever types it: checked with the module's rights,
        # so that a line put in a region the user cannot read is refused by its own message,
        # not by the record rule ("Error while validating constraint ... security restrictions")
        return super(SalesPlanLine, self.sudo())._validate_fields(field_names)

    @api.constrains('target_amount', 'target_qty')
    def _check_positive(self):
        for line in self:
            if line.target_amount < 0 or line.target_qty < 0:
                raise ValidationError(_("A target cannot be negative (%(plan)s, %(region)s%(who)s).") % {
                    'plan': line.plan_id.name, 'region': line.region_id.name,
                    'who': ', ' + line.user_id.name if line.user_id else ''})

    @api.constrains('region_id', 'plan_id')
    def _check_region(self):
        for line in self:
            if line.plan_id.region_id and line.region_id != line.plan_id.region_id:
                raise ValidationError(_("The targets of %(plan)s are for the region %(region)s.")
                                      % {'plan': line.plan_id.name, 'region': line.plan_id.region_id.name})
            if line.region_id.company_id and line.region_id.company_id != line.company_id:
                raise ValidationError(_("The region %(region)s belongs to another company.")
                                      % {'region': line.region_id.name})

    @api.constrains('region_id', 'user_id')
    def _check_salesperson(self):
        """A salesperson's target is for a sales user of the module who works in the target's
        region (a member or the manager of its team, as the region rule sees them)."""
        salespeople = self.env.ref('sales_process.group_salesperson')
        users = self.mapped('user_id').sudo()
        # computed, not stored: a team's manager may have changed in this transaction
        users.invalidate_cache(['sales_region_ids'], users.ids)
        for line in self.filtered('user_id'):
            user = line.user_id.sudo()
            if salespeople not in user.groups_id:
                raise ValidationError(_(
                    "%(user)s is not a salesperson: the targets of %(plan)s in %(region)s are for "
                    "the salespeople and the manager of %(region)s.") % {
                    'user': user.name, 'plan': line.plan_id.name, 'region': line.region_id.name})
            if line.region_id not in user.sales_region_ids:
                raise ValidationError(_(
                    "%(user)s does not work in the region %(region)s: the targets of %(plan)s in "
                    "%(region)s are for its salespeople and its manager.") % {
                    'user': user.name, 'plan': line.plan_id.name, 'region': line.region_id.name})

    @api.constrains('region_id', 'user_id', 'categ_id', 'plan_id')
    def _check_unique_open_target(self):
        """No two open plans target the same region, period, salesperson and category (one
        query for all the lines: a decomposition checks thousands)."""
        if not self:
            return
        # another version of the same plan (a revision) may target the same: the plan's first
        # version (its revision root) is its previous version's root, or itself
        self.env.cr.execute("""
            SELECT line.id, other_plan.id
              FROM sales_plan_line line
              JOIN sales_plan plan ON plan.id = line.plan_id
              LEFT JOIN sales_plan previous ON previous.id = plan.previous_id
              JOIN sales_plan_line other
                ON other.id != line.id
               AND other.region_id = line.region_id
               AND other.user_id IS NOT DISTINCT FROM line.user_id
               AND other.categ_id IS NOT DISTINCT FROM line.categ_id
              JOIN sales_plan other_plan ON other_plan.id = other.plan_id
             WHERE line.id = ANY(%(lines)s)
               AND other_plan.period_type = plan.period_type
               AND other_plan.date_start <= plan.date_end AND other_plan.date_end >= plan.date_start
               AND other_plan.state IN %(open)s
               AND (other.plan_id = plan.id
                    OR COALESCE(other_plan.revision_root_id, other_plan.id)
                       != COALESCE(previous.revision_root_id, previous.id, plan.id))
             ORDER BY array_position(%(lines)s, line.id), other.id
             LIMIT 1""", {'lines': self.ids, 'open': OPEN_STATES})
        clash = self.env.cr.fetchone()
        if clash:
            line, other = self.browse(clash[0]), self.env['sales.plan'].browse(clash[1])
            raise ValidationError(_(
                "%(plan)s already has a target for %(region)s%(who)s%(categ)s in this period "
                "(%(other)s): a target is set once per region, period, salesperson and "
                "category.") % {
                'plan': line.plan_id.name, 'other': other.name,
                'region': line.region_id.name,
                'who': ', ' + line.user_id.name if line.user_id else '',
                'categ': ', ' + line.categ_id.name if line.categ_id else ''})

    @api.onchange('user_id')
    def _onchange_user_id(self):
        if self.user_id and self.user_id.sale_team_id and not self.region_id:
            self.region_id = self.user_id.sale_team_id

    # CRUD: a target changes with its plan (see sales.plan._is_locked); its frozen figures are
    # the plan's closing, never input

    @api.model
    def create(self, vals):
        plan = self.env['sales.plan'].browse(vals.get('plan_id'))
        refuse_workflow_values(self, vals, FROZEN_FIELDS, creating=True)
        if not is_workflow_call(self.env):
            plan._check_unlocked()
        if plan.region_id and not vals.get('region_id'):
            vals['region_id'] = plan.region_id.id
        return super(SalesPlanLine, self).create(vals)

    @api.multi
    def write(self, vals):
        refuse_workflow_values(self, vals, FROZEN_FIELDS)
        if not is_workflow_call(self.env):
            self.mapped('plan_id')._check_unlocked()
        return super(SalesPlanLine, self).write(vals)

    @api.multi
    def unlink(self):
        if not is_workflow_call(self.env):
            self.mapped('plan_id')._check_unlocked()
        return super(SalesPlanLine, self).unlink()
