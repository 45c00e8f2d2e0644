"""Promotions (促销计划书): the promotion plan, approved by the sales director then the
president, priced on the sale orders of its regions during its period, run on site with an
incident log, and evaluated against the sales it measured.

This file holds the plan: its period, regions, customers and promoted products with their
mechanics (what pricing and the uplift measure read), its budget (cost and promotional material
lines), its staff and preparation checklist, and its workflow:

    draft -> to_approve -> official -> running -> evaluation -> closed
    (rejected: back to draft; revised: the new version official, this one superseded; cancel)

Its incidents (sales_promotion_incident.py), the participants' summary reports
(sales_promotion_report.py) and the evaluation report (sales_promotion_evaluation.py) are
documents of their own.
"""
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.exceptions import UserError, ValidationError

from .approval_step import group_members, nearest_holders
from .sales_process_document import is_workflow_call
from .sales_promotion_measure import FIGURE_KEYS

# The states in which an official plan prices its regions' orders (during its period)
PRICED_STATES = ('official', 'running')
# A plan is edited as a draft; afterwards it changes through a revision
REVISABLE_STATES = ('official', 'running')
# What the promotion's own to-dos are (closed when what they ask is done)
TASK_ACTIVITY = 'sales_process.mail_activity_type_promotion_task'
REPORT_ACTIVITY = 'sales_process.mail_activity_type_promotion_report'
# Days the participants have to file their summary reports once the promotion has ended
REPORT_DAYS = 7


class SalesPromotion(models.Model):
    _name = 'sales.promotion'
    _description = 'Promotion Plan'
    _inherit = ['sales.approval.mixin']
    _order = 'date_start desc, id desc'

    # what only the promotion's actions write: its state, revisions, the end of its run, its
    # closing and the figures frozen then
    _workflow_fields = {'state', 'revision', 'previous_id', 'superseded_by_id', 'date_started',
                        'date_ended', 'report_deadline', 'closed_date', 'close_override_reason',
                        'is_frozen'} | {'frozen_' + key for key in FIGURE_KEYS}
    # once official: its execution (actual costs, delivered material, checklist) goes on in
    # its lines, which guard their own fields (see PromotionChild)
    _unlocked_fields = {'color', 'cost_line_ids', 'material_line_ids', 'task_ids'}

    name = fields.Char(string='Promotion', required=True, translate=False,
                       track_visibility='onchange')
    state = fields.Selection(
        [('draft', 'Draft'), ('to_approve', 'Waiting for Approval'), ('official', 'Official'),
         ('running', 'Running'), ('evaluation', 'Evaluation'), ('closed', 'Closed'),
         ('superseded', 'Superseded'), ('cancel', 'Cancelled')],
        string='Status', default='draft', required=True, readonly=True, copy=False, index=True,
        track_visibility='onchange')
    date_start = fields.Date(string='Start', required=True, index=True,
                             track_visibility='onchange')
    date_end = fields.Date(string='End', required=True, index=True, track_visibility='onchange')
    region_ids = fields.Many2many(
        'crm.team', 'sales_promotion_region_rel', 'promotion_id', 'region_id', string='Regions',
        required=True, domain=[('is_sales_region', '=', True)],
        help="The regions whose customers' orders get the promotional prices.")
    customer_scope = fields.Selection(
        [('all', "All the Regions' Customers"), ('tagged', 'Tagged Customers')],
        string='Target Customers', default='all', required=True)
    partner_category_ids = fields.Many2many(
        'res.partner.category', 'sales_promotion_partner_category_rel', 'promotion_id',
        'category_id', string='Customer Tags',
        help="Only customers with one of these tags get the promotional prices.")
    line_ids = fields.One2many('sales.promotion.line', 'promotion_id',
                               string='Promoted Products', copy=True)
    currency_id = fields.Many2one('res.currency', related='company_id.currency_id',
                                  readonly=True)
    expected_amount = fields.Monetary(string='Expected Sales', currency_field='currency_id')
    objectives = fields.Text(
                             help="What the promotion is for: the company's and the market's "
                                  "needs it answers.")
    user_id = fields.Many2one(
        'res.users', string='Responsible', required=True, index=True, ondelete='restrict',
        default=lambda self: self.env.user, track_visibility='onchange',
        help="Monitors the promotion on site, handles what the staff cannot solve, receives the "
             "summary reports and writes the evaluation report (usually from marketing).")
    helper_id = fields.Many2one(
        'res.users', string='Regional Helper', index=True, ondelete='restrict',
        track_visibility='onchange',
        help="The regional staff member who helps the responsible person.")
    # the budget: cost lines and promotional material, planned and actual; stored so that the
    # measure reads a batch's in one query
    cost_line_ids = fields.One2many('sales.promotion.cost', 'promotion_id', string='Costs',
                                    copy=True)
    material_line_ids = fields.One2many('sales.promotion.material', 'promotion_id',
                                        string='Promotional Material', copy=True)
    cost_planned = fields.Monetary(string='Budget', currency_field='currency_id', readonly=True,
                                   compute='_compute_costs', store=True)
    cost_actual = fields.Monetary(string='Actual Cost', currency_field='currency_id',
                                  readonly=True, compute='_compute_costs', store=True)
    staff_ids = fields.One2many('sales.promotion.staff', 'promotion_id',
                                copy=True)
    task_ids = fields.One2many('sales.promotion.task', 'promotion_id',
                               string='Preparation Checklist', copy=True)
    incident_ids = fields.One2many('sales.promotion.incident', 'promotion_id',
                                   string='Incidents', readonly=True)
    incident_count = fields.Integer(compute='_compute_incident_count')
    open_major_incident_count = fields.Integer(
        compute='_compute_incident_count', string='Unresolved Major Incidents')
    report_ids = fields.One2many('sales.promotion.report', 'promotion_id',
                                 string='Summary Reports', readonly=True)
    evaluation_ids = fields.One2many('sales.promotion.evaluation', 'promotion_id',
                                     string='Evaluation Report', readonly=True)
    # stored: the record rules read it (regional staff see the promotions they take part in)
    participant_ids = fields.Many2many(
        'res.users', 'sales_promotion_participant_rel', 'promotion_id', 'user_id',
        compute='_compute_participants', store=True, string='Participants',
        help="The responsible person, the regional helper and the staff.")
    report_count = fields.Integer(compute='_compute_reports', string='Reports In')
    report_expected_count = fields.Integer(compute='_compute_reports',
                                           string='Reports Expected')
    report_progress = fields.Char(compute='_compute_reports', string='Summary Reports')
    missing_report_user_ids = fields.Many2many(
        'res.users', compute='_compute_reports', string='Reports Missing')
    late_report_user_ids = fields.Many2many(
        'res.users', compute='_compute_reports', string='Late Reports',
        help="Participants who have not filed their summary report by its deadline.")
    revision = fields.Integer(default=0, readonly=True, copy=False)
    previous_id = fields.Many2one('sales.promotion', string='Revision Of', readonly=True,
                                  copy=False, ondelete='restrict')
    superseded_by_id = fields.Many2one('sales.promotion',
                                       readonly=True, copy=False)
    date_started = fields.Date(string='Started On', readonly=True, copy=False)
    date_ended = fields.Date(string='Ended On', readonly=True, copy=False)
    report_deadline = fields.Date(string='Reports Due', readonly=True, copy=False)
    closed_date = fields.Date(string='Closed On', readonly=True, copy=False)
    close_override_reason = fields.Text(
        string='Closed Without Every Report', readonly=True, copy=False,
        help="Why the responsible person closed the promotion with summary reports missing.")
    color = fields.Integer()
    can_manage = fields.Boolean(compute='_compute_can_manage',
                                help="The current user runs the promotion (marketing).")

    # the measured results: live until the promotion is closed, then frozen
    is_frozen = fields.Boolean(string='Figures Frozen', readonly=True, copy=False)
    frozen_amount = fields.Monetary(readonly=True, copy=False)
    frozen_qty = fields.Float(readonly=True, copy=False)
    frozen_baseline_amount = fields.Monetary(readonly=True, copy=False)
    frozen_baseline_qty = fields.Float(readonly=True, copy=False)
    frozen_uplift_amount_pct = fields.Float(readonly=True, copy=False)
    frozen_uplift_qty_pct = fields.Float(readonly=True, copy=False)
    frozen_attributed_count = fields.Float(readonly=True, copy=False)
    frozen_attributed_amount = fields.Monetary(readonly=True, copy=False)
    frozen_cost_planned = fields.Monetary(readonly=True, copy=False)
    frozen_cost_actual = fields.Monetary(readonly=True, copy=False)
    frozen_return_on_cost = fields.Float(readonly=True, copy=False)
    result_amount = fields.Monetary(compute='_compute_results', string='Sales')
    result_qty = fields.Float(compute='_compute_results', string='Quantity Sold')
    result_baseline_amount = fields.Monetary(compute='_compute_results',
                                             string='Baseline Sales',
                                             help="The same sales over the period of equal "
                                                  "length just before the promotion.")
    result_baseline_qty = fields.Float(compute='_compute_results', string='Baseline Quantity')
    result_uplift_amount_pct = fields.Float(compute='_compute_results', string='Uplift (%)')
    result_uplift_qty_pct = fields.Float(compute='_compute_results',
                                         string='Quantity Uplift (%)')
    result_attributed_count = fields.Float(compute='_compute_results',
                                           string='Attributed Order Lines')
    result_attributed_amount = fields.Monetary(compute='_compute_results',
                                               string='Attributed Sales')
    result_cost_planned = fields.Monetary(compute='_compute_results', string='Budgeted Cost')
    result_cost_actual = fields.Monetary(compute='_compute_results', string='Actual Cost (Measured)')
    result_return_on_cost = fields.Float(compute='_compute_results', string='Return on Cost',
                                         help="Sales above the baseline per unit of actual cost.")

    # Computes

    @api.depends('cost_line_ids.amount_planned', 'cost_line_ids.amount_actual',
                 'material_line_ids.cost_planned', 'material_line_ids.cost_actual')
    def _compute_costs(self):
        for promotion in self:
            promotion.cost_planned = (sum(promotion.cost_line_ids.mapped('amount_planned'))
                                      + sum(promotion.material_line_ids.mapped('cost_planned')))
            promotion.cost_actual = (sum(promotion.cost_line_ids.mapped('amount_actual'))
                                     + sum(promotion.material_line_ids.mapped('cost_actual')))

    def _compute_incident_count(self):
        counts = {}
        if self.ids:
            for group in self.env['sales.promotion.incident'].read_group(
                    [('promotion_id', 'in', self.ids)], ['promotion_id', 'severity', 'state'],
                    ['promotion_id', 'severity', 'state'], lazy=False):
                key = group['promotion_id'][0]
                total, major = counts.get(key, (0, 0))
                total += group['__count']
                if group['severity'] == 'major' and group['state'] != 'resolved':
                    major += group['__count']
                counts[key] = (total, major)
        for promotion in self:
            promotion.incident_count, promotion.open_major_incident_count = counts.get(
                promotion.id, (0, 0))

    @api.depends('user_id', 'helper_id', 'staff_ids.user_id')
    def _compute_participants(self):
        for promotion in self:
            promotion.participant_ids = promotion._participants()

    def _compute_reports(self):
        filed = {}
        if self.ids:
            self.env.cr.execute("""SELECT promotion_id, array_agg(author_id)
                                     FROM sales_promotion_report WHERE promotion_id IN %s
                                    GROUP BY promotion_id""", (tuple(self.ids),))
            filed = dict(self.env.cr.fetchall())
        today = fields.Date.context_today(self)
        for promotion in self:
            expected = promotion._participants() if promotion.date_ended else self.env['res.users']
            authors = set(filed.get(promotion.id, ()))
            missing = expected.filtered(lambda user: user.id not in authors)
            promotion.report_expected_count = len(expected)
            promotion.report_count = len(expected) - len(missing)
            promotion.missing_report_user_ids = missing
            late = promotion.report_deadline and today > promotion.report_deadline
            promotion.late_report_user_ids = missing if late else missing.browse()
            promotion.report_progress = _("%(filed)d of %(expected)d") % {
                'filed': promotion.report_count, 'expected': promotion.report_expected_count}

    def _compute_results(self):
        live = self.filtered(lambda promotion: not promotion.is_frozen and promotion.id)
        figures = self.env['sales.promotion.measure'].figures(live) if live else {}
        for promotion in self:
            for key in FIGURE_KEYS:
                if promotion.is_frozen:
                    value = promotion['frozen_' + key]
                else:
                    value = figures.get(promotion.id, {}).get(key, 0.0)
                promotion['result_' + key] = value

    def _compute_can_manage(self):
        marketing = self.env.user.has_group('sales_process.group_marketing_assistant')
        for promotion in self:
            promotion.can_manage = marketing or promotion.user_id == self.env.user

    # Constraints

    @api.constrains('date_start', 'date_end')
    def _check_dates(self):
        for promotion in self:
            if promotion.date_end < promotion.date_start:
                raise ValidationError(_(
                    "The promotion %(promotion)s ends (%(end)s) before it starts (%(start)s).")
                    % {'promotion': promotion.name, 'end': promotion.date_end,
                       'start': promotion.date_start})

    @api.constrains('region_ids', 'company_id')
    def _check_region_company(self):
        for promotion in self.sudo():
            for region in promotion.region_ids:
                if region.company_id and region.company_id != promotion.company_id:
                    raise ValidationError(_(
                        "The region %(region)s belongs to another company than the promotion "
                        "%(promotion)s.") % {'region': region.name, 'promotion': promotion.name})

    @api.constrains('customer_scope', 'partner_category_ids')
    def _check_customer_scope(self):
        for promotion in self:
            if promotion.customer_scope == 'tagged' and not promotion.partner_category_ids:
                raise ValidationError(_("The promotion %(promotion)s is for tagged customers: "
                                        "choose their tags.") % {'promotion': promotion.name})

    # CRUD

    @api.multi
    def unlink(self):
        if any(promotion.state not in ('draft', 'cancel') for promotion in self):
            raise UserError(_("Only draft or cancelled promotions can be deleted; an official "
                              "promotion is changed through a revision, or cancelled."))
        return super(SalesPromotion, self).unlink()

    # The document layer: edited as a draft, afterwards through a revision

    def _is_locked(self):
        self.ensure_one()
        return not (self.state == 'draft' and self.approval_state in ('draft', 'rejected'))

    def _locked_message(self, labels):
        return _("%(promotion)s is %(state)s: it can only be changed through a revision "
                 "(Revise button).") % {'promotion': self.display_name,
                                        'state': self._selection_label().lower()}

    # Approval engine hooks

    def _approval_submittable(self):
        return self.state == 'draft'

    def _approval_check_submit(self):
        self._check_marketing()
        if not self.line_ids:
            raise UserError(_("Add the promoted products of %(promotion)s before submitting it.")
                            % {'promotion': self.display_name})

    def _on_approval_submitted(self):
        self._set_state('to_approve')

    def _on_approved(self):
        previous = self.previous_id
        if previous:
            # the old version stops pricing before the new one's conflicts are checked
            previous._set_state('superseded', superseded_by_id=self.id)
            previous._post(_("Superseded by revision %(revision)d: %(promotion)s") % {
                'revision': self.revision, 'promotion': self.display_name})
            previous._close_activities([TASK_ACTIVITY])
        self._check_pricing_conflicts()
        if previous.state == 'superseded' and previous.date_started:
            # a revision of a running promotion goes on running
            self._set_state('running', date_started=previous.date_started)
        else:
            self._set_state('official')
        self._post(_("Official promotion plan."))
        for task in self.task_ids.filtered(lambda task: not task.done):
            task._schedule()

    def _on_rejected(self, reason):
        self._set_state('draft')

    def _on_approval_reset(self):
        self._set_state('draft')

    def _check_pricing_conflicts(self):
        """Raise if a promoted product (or a product of a promoted category) is on another
        official promotion overlapping this one's period in one of its regions: called when a
        plan becomes official (defined with pricing)."""
        return True

    # Actions

    @api.multi
    def action_revise(self):
        """A new version of an official plan, in draft, keeping this one and its history until
        the new one is approved."""
        self.ensure_one()
        self._check_marketing()
        if self.state not in REVISABLE_STATES:
            raise UserError(_("Only an official or running promotion is revised (%(promotion)s "
                              "is %(state)s).") % {'promotion': self.display_name,
                                                   'state': self._selection_label().lower()})
        if self.search_count([('previous_id', '=', self.id),
                              ('state', 'not in', ('cancel', 'superseded'))]):
            raise UserError(_("%(promotion)s already has a revision in progress.")
                            % {'promotion': self.display_name})
        values = {'previous_id': self.id, 'revision': self.revision + 1,
                  'name': _("%(name)s (rev. %(revision)d)") % {
                      'name': self.name.split(' (')[0], 'revision': self.revision + 1}}
        self.check_access_rights('create')
        revision = self._as_module().copy(values).with_env(self.env)
        revision.check_access_rule('create')
        self._post(_("Revision %(revision)d started: %(promotion)s") % {
            'revision': revision.revision, 'promotion': revision.display_name})
        return {'type': 'ir.actions.act_window', 'res_model': self._name, 'res_id': revision.id,
                'view_mode': 'form', 'views': [(False, 'form')]}

    @api.multi
    def action_start(self):
        """The promotion starts on site (from its first day)."""
        today = fields.Date.context_today(self)
        for promotion in self:
            promotion._check_marketing()
            if promotion.state != 'official':
                raise UserError(_("Only an official promotion is started (%(promotion)s is "
                                  "%(state)s).") % {'promotion': promotion.display_name,
                                                    'state': promotion._selection_label().lower()})
            if today < promotion.date_start:
                raise UserError(_("%(promotion)s starts on %(date)s: it cannot run before.")
                                % {'promotion': promotion.display_name,
                                   'date': promotion.date_start})
            promotion._set_state('running', date_started=today)
            promotion._post(_("The promotion is running."))
        return True

    @api.multi
    def action_end(self):
        """The promotion is over on site: every participant is asked for a summary report."""
        today = fields.Date.from_string(fields.Date.context_today(self))
        deadline = fields.Date.to_string(today + timedelta(days=REPORT_DAYS))
        for promotion in self:
            promotion._check_marketing()
            if promotion.state != 'running':
                raise UserError(_("Only a running promotion is ended (%(promotion)s is "
                                  "%(state)s).") % {'promotion': promotion.display_name,
                                                    'state': promotion._selection_label().lower()})
            promotion._set_state('evaluation', date_ended=fields.Date.to_string(today),
                                 report_deadline=deadline)
            promotion._post(_("The promotion has ended: every participant writes a summary "
                              "report by %(date)s.") % {'date': deadline})
            promotion._schedule_activity(REPORT_ACTIVITY, promotion._participants(),
                                         '_text_to_report', deadline=deadline)
        return True

    @api.multi
    def action_close(self, override_reason=None):
        """Close an evaluated promotion, freezing its measured figures.

        :param override_reason: the responsible person's reason to close with summary reports
            missing
        """
        override_reason = (override_reason or '').strip()
        for promotion in self:
            promotion._check_closable(override_reason)
        self._freeze_figures()
        for promotion in self:
            values = {'closed_date': fields.Date.context_today(self)}
            if promotion.missing_report_user_ids:
                values['close_override_reason'] = override_reason
            promotion._set_state('closed', **values)
            promotion._close_activities([REPORT_ACTIVITY, TASK_ACTIVITY])
            promotion._post(_("Closed."), override_reason or None)
        return True

    @api.multi
    def action_close_wizard(self):
        """The Close button: asks the responsible person's reason when reports are missing."""
        self.ensure_one()
        if not self.missing_report_user_ids:
            return self.action_close()
        self._check_closable(None, reason_asked=True)
        return {
            'type': 'ir.actions.act_window',
            'name': _('Close the Promotion'),
            'res_model': 'sales.promotion.close.wizard',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_promotion_id': self.id},
        }

    @api.multi
    def action_cancel(self):
        for promotion in self:
            promotion._check_marketing()
            if promotion.state not in ('draft', 'official', 'running') \
                    or promotion.approval_state == 'pending':
                raise UserError(_("%(promotion)s is %(state)s and cannot be cancelled.")
                                % {'promotion': promotion.display_name,
                                   'state': promotion._selection_label().lower()})
            promotion._set_state('cancel')
            promotion._close_activities([REPORT_ACTIVITY, TASK_ACTIVITY])
            promotion._post(_("Cancelled: the promotion stops."))
        return True

    @api.multi
    def action_evaluation(self):
        """Open the evaluation report, which the responsible person writes (created by them the
        first time, once the promotion runs)."""
        self.ensure_one()
        evaluation = self.evaluation_ids[:1]
        if not evaluation:
            if self.state not in ('running', 'evaluation'):
                raise UserError(_("The evaluation report is written once the promotion runs "
                                  "(%(promotion)s is %(state)s).") % {
                    'promotion': self.display_name, 'state': self._selection_label().lower()})
            if self.env.user != self.user_id and not self.env.user._is_superuser():
                raise UserError(_("The evaluation report of %(promotion)s is written by its "
                                  "responsible person, %(user)s.") % {
                    'promotion': self.display_name, 'user': self.user_id.name})
            evaluation = self.env['sales.promotion.evaluation']._workflow_create({
                'promotion_id': self.id, 'user_id': self.user_id.id,
                'company_id': self.company_id.id})
        return {'type': 'ir.actions.act_window', 'res_model': evaluation._name,
                'res_id': evaluation.id, 'view_mode': 'form', 'views': [(False, 'form')]}

    @api.multi
    def action_view_incidents(self):
        return self._related_action('sales_process.sales_promotion_incident_action',
                                    'incident_ids')

    @api.multi
    def action_view_reports(self):
        return self._related_action('sales_process.sales_promotion_report_action', 'report_ids')

    def _related_action(self, action_xmlid, field_name):
        self.ensure_one()
        action = self.env.ref(action_xmlid).read()[0]
        action['domain'] = [('promotion_id', '=', self.id)]
        action['context'] = {'default_promotion_id': self.id}
        return action

    # Business helpers

    def _set_state(self, state, **values):
        values['state'] = state
        self._workflow_write(values)

    def _participants(self):
        """Who takes part: the responsible person, the regional helper and the staff."""
        self.ensure_one()
        return (self.user_id | self.helper_id | self.staff_ids.mapped('user_id')).filtered('active')

    def _check_marketing(self):
        """Marketing drafts and runs promotions (the responsible person runs their own)."""
        if self.env.user._is_superuser() or self.env.user.has_group(
                'sales_process.group_marketing_assistant'):
            return
        if self and all(promotion.user_id == self.env.user for promotion in self):
            return
        raise UserError(_("Only marketing, or the promotion's responsible person, drafts and "
                          "runs promotions."))

    def _check_closable(self, override_reason, reason_asked=False):
        self.ensure_one()
        self._check_marketing()
        if self.state != 'evaluation':
            raise UserError(_("Only a promotion in evaluation is closed (%(promotion)s is "
                              "%(state)s).") % {'promotion': self.display_name,
                                                'state': self._selection_label().lower()})
        if self.open_major_incident_count:
            raise UserError(_("%(promotion)s has %(count)d unresolved major incident(s): resolve "
                              "them before closing it.") % {
                'promotion': self.display_name, 'count': self.open_major_incident_count})
        if self.evaluation_ids[:1].approval_state != 'approved':
            raise UserError(_("The evaluation report of %(promotion)s must be approved before "
                              "the promotion is closed.") % {'promotion': self.display_name})
        missing = self.missing_report_user_ids
        if missing and (reason_asked or override_reason):
            if self.env.user != self.user_id:
                raise UserError(_("Summary reports are missing (%(users)s): only the responsible "
                                  "person, %(responsible)s, may close %(promotion)s without "
                                  "them.") % {'users': ', '.join(missing.mapped('name')),
                                              'responsible': self.user_id.name,
                                              'promotion': self.display_name})
        elif missing:
            raise UserError(_("Summary reports are missing (%(users)s): the responsible person "
                              "records why the promotion is closed without them.") % {
                'users': ', '.join(missing.mapped('name'))})

    def _freeze_figures(self):
        figures = self.env['sales.promotion.measure'].figures(self)
        for promotion in self:
            values = {'frozen_' + key: figures[promotion.id][key] for key in FIGURE_KEYS}
            values['is_frozen'] = True
            promotion._workflow_write(values)

    def _marketing_managers(self):
        """Who handles what the promotion's responsible person cannot: the marketing managers
        (not every director whose role includes theirs)."""
        self.ensure_one()
        group = self.env.ref('sales_process.group_marketing_manager')
        return nearest_holders(group, group_members(group, self.company_id))

    def _file_name(self, report_xmlid):
        return self.env['ir.actions.report']._sales_process_file_name(report_xmlid, self.name)

    def _report_file_name(self):
        return self._file_name('sales_process.action_report_sales_promotion')

    # Activity wordings (in the assignee's language, see _schedule_activity)

    def _text_task(self, task):
        return _("Prepare %(promotion)s: %(task)s") % {'promotion': self.name, 'task': task.name}

    def _text_to_report(self):
        return _("Write your summary report: %(promotion)s") % {'promotion': self.name}


class PromotionChild(models.AbstractModel):
    """What every line of a promotion shares: its company, and its lock: a line is created,
    changed and deleted with its draft promotion; once official, only its execution fields
    change (actual costs, delivered material, the checklist), until the promotion is closed."""
    _name = 'sales.promotion.child'
    _description = 'Promotion Line'

    # fields that change while the official promotion runs
    _execution_fields = frozenset()

    # auto_join: the record rules read the promotion's regions and participants in one query
    promotion_id = fields.Many2one('sales.promotion', required=True, ondelete='cascade',
                                   index=True, auto_join=True)
    company_id = fields.Many2one(related='promotion_id.company_id', store=True, readonly=True)
    currency_id = fields.Many2one(related='promotion_id.currency_id', readonly=True)

    def _as_module(self):
        """The lines with the module's rights, for their promotion's actions."""
        return self.with_env(self.mapped('promotion_id')._as_module().env)

    def _check_promotion_unlocked(self, promotions, field_names=None):
        if is_workflow_call(self.env):
            return
        for promotion in promotions:
            if not promotion._is_locked():
                continue
            if (field_names is not None and set(field_names) <= self._execution_fields
                    and promotion.state in ('official', 'running', 'evaluation')):
                continue
            promotion._check_unlocked()

    @api.model
    def create(self, vals):
        self._check_promotion_unlocked(self.env['sales.promotion'].browse(vals.get('promotion_id')))
        return super(PromotionChild, self).create(vals)

    @api.multi
    def write(self, vals):
        self._check_promotion_unlocked(self.mapped('promotion_id'), list(vals))
        return super(PromotionChild, self).write(vals)

    @api.multi
    def unlink(self):
        self._check_promotion_unlocked(self.mapped('promotion_id'))
        return super(PromotionChild, self).unlink()


class SalesPromotionLine(models.Model):
    """A promoted product, or a product category (with its sub-categories), and its mechanics:
    a percentage discount, or a fixed promotional price."""
    _name = 'sales.promotion.line'
    _description = 'Promoted Product'
    _inherit = ['sales.promotion.child']
    _order = 'promotion_id, sequence, id'

    sequence = fields.Integer(default=10)
    product_id = fields.Many2one('product.product', index=True,
                                 ondelete='restrict')
    categ_id = fields.Many2one('product.category', string='Product Category', index=True,
                               ondelete='restrict')
    discount = fields.Float(string='Discount (%)', digits=dp.get_precision('Discount'))
    fixed_price = fields.Float(string='Promotional Price', digits=dp.get_precision('Product Price'),
                               help="A fixed unit price instead of the discount (0: none).")
    expected_qty = fields.Float(string='Expected Quantity',
                                digits=dp.get_precision('Product Unit of Measure'))

    @api.constrains('product_id', 'categ_id', 'discount', 'fixed_price')
    def _check_mechanics(self):
        for line in self:
            if bool(line.product_id) == bool(line.categ_id):
                raise ValidationError(_(
                    "Each promoted line names either a product or a product category."))
            if not 0 <= line.discount <= 100:
                raise ValidationError(_("A promotional discount is between 0 and 100%."))
            if line.fixed_price < 0:
                raise ValidationError(_("A promotional price must be greater than 0."))


class SalesPromotionCost(models.Model):
    """A cost of the promotion's budget: planned when the plan is drafted, actual as it runs."""
    _name = 'sales.promotion.cost'
    _description = 'Promotion Cost'
    _inherit = ['sales.promotion.child']
    _order = 'promotion_id, id'
    _execution_fields = frozenset({'amount_actual'})

    kind = fields.Selection(
        [('advertising', 'Advertising'), ('venue', 'Venue and Booth'), ('staff', 'Staff'),
         ('gifts', 'Gifts and Samples'), ('transport', 'Transport'), ('other', 'Other')],
        required=True, default='other')
    name = fields.Char(string='Description')
    amount_planned = fields.Monetary(string='Planned')
    amount_actual = fields.Monetary(string='Actual')

    @api.constrains('amount_planned', 'amount_actual')
    def _check_amounts(self):
        for line in self:
            if line.amount_planned < 0 or line.amount_actual < 0:
                raise ValidationError(_("A cost of the promotion cannot be negative."))


class SalesPromotionMaterial(models.Model):
    """A line of the promotional material plan (宣传资料计划): what is made, by whom, when."""
    _name = 'sales.promotion.material'
    _description = 'Promotional Material'
    _inherit = ['sales.promotion.child']
    _order = 'promotion_id, date_due, id'
    _execution_fields = frozenset({'delivered', 'cost_actual'})

    name = fields.Char(string='Item', required=True)
    quantity = fields.Float(default=1.0,
                            digits=dp.get_precision('Product Unit of Measure'))
    unit_cost = fields.Monetary()
    cost_planned = fields.Monetary(string='Planned Cost', compute='_compute_cost_planned',
                                   store=True)
    cost_actual = fields.Monetary(string='Actual Cost')
    user_id = fields.Many2one('res.users', string='Owner', ondelete='restrict')
    date_due = fields.Date(string='Due')
    delivered = fields.Boolean()

    @api.depends('quantity', 'unit_cost')
    def _compute_cost_planned(self):
        for line in self:
            line.cost_planned = line.quantity * line.unit_cost

    @api.constrains('quantity', 'unit_cost', 'cost_actual')
    def _check_amounts(self):
        for line in self:
            if line.quantity < 0 or line.unit_cost < 0 or line.cost_actual < 0:
                raise ValidationError(_("The promotional material %(item)s cannot have a "
                                        "negative quantity or cost.") % {'item': line.name})


class SalesPromotionStaff(models.Model):
    """Who works on the promotion, at what, and when."""
    _name = 'sales.promotion.staff'
    _description = 'Promotion Staff'
    _inherit = ['sales.promotion.child']
    _order = 'promotion_id, date_from, id'

    user_id = fields.Many2one('res.users', string='Staff Member', required=True,
                              ondelete='restrict')
    task = fields.Char()
    date_from = fields.Datetime(string='From')
    date_to = fields.Datetime(string='To')

    @api.constrains('date_from', 'date_to')
    def _check_schedule(self):
        for line in self:
            if line.date_from and line.date_to and line.date_to < line.date_from:
                raise ValidationError(_("The schedule of %(user)s ends before it starts.")
                                      % {'user': line.user_id.name})


class SalesPromotionTask(models.Model):
    """A step of the preparation checklist: its owner (marketing, customer service, another
    department) gets a to-do when the plan becomes official; marking it done closes the to-do."""
    _name = 'sales.promotion.task'
    _description = 'Promotion Preparation Task'
    _inherit = ['sales.promotion.child']
    _order = 'promotion_id, date_deadline, id'

    name = fields.Char(string='Task', required=True)
    user_id = fields.Many2one('res.users', string='Owner', required=True, ondelete='restrict')
    date_deadline = fields.Date(string='Deadline')
    done = fields.Boolean(readonly=True, copy=False)
    done_date = fields.Date(string='Done On', readonly=True, copy=False)
    activity_id = fields.Many2one('mail.activity', readonly=True, copy=False,
                                  ondelete='set null')

    @api.model
    def create(self, vals):
        if not is_workflow_call(self.env) and (vals.get('done') or vals.get('done_date')):
            raise UserError(_("A preparation task is marked done with its Done button."))
        return super(SalesPromotionTask, self).create(vals)

    @api.multi
    def write(self, vals):
        if not is_workflow_call(self.env) and {'done', 'done_date', 'activity_id'} & set(vals):
            raise UserError(_("A preparation task is marked done with its Done button."))
        return super(SalesPromotionTask, self).write(vals)

    @api.multi
    def action_done(self):
        """The owner (or marketing) marks the task done: its to-do is closed."""
        marketing = self.env.user.has_group('sales_process.group_marketing_assistant')
        for task in self:
            if task.user_id != self.env.user and not marketing:
                raise UserError(_("The task %(task)s is %(owner)s's: only they or marketing mark "
                                  "it done.") % {'task': task.name, 'owner': task.user_id.name})
            if task.promotion_id.state not in ('official', 'running'):
                raise UserError(_("The preparation of %(promotion)s starts once it is official.")
                                % {'promotion': task.promotion_id.display_name})
            if task.done:
                continue
            task.activity_id.sudo().unlink()
            task._as_module().write({'done': True,
                                     'done_date': fields.Date.context_today(self)})
            task.promotion_id._post(_("Preparation done: %(task)s") % {'task': task.name})
        return True

    def _schedule(self):
        """The owner's to-do, worded in their language, due on the task's deadline."""
        for task in self:
            activity = task.promotion_id._schedule_activity(
                TASK_ACTIVITY, task.user_id, '_text_task', task, deadline=task.date_deadline)
            task._as_module().write({'activity_id': activity.id})
