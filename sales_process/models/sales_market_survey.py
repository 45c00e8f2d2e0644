"""Market and competitor surveys (市场调查): what the company's and its competitors' products
sell for, how much and through which channels, in a region over a period, filed by the
regional staff and reviewed by the marketing manager.

    draft -> submitted -> reviewed
    (sent back with a reason: the author reworks it and submits it again)

The review is the approval engine's one-step chain (data/sales_market_survey_data.xml); the
comparison of own and competitors' prices and volumes is the SQL view
report/sales_market_survey_analysis.py; ``filed_counts`` is what the appraisal reads.
"""
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.exceptions import UserError, ValidationError

from .sales_process_document import is_workflow_call

SURVEY_STATES = [('draft', 'Draft'), ('submitted', 'Submitted'), ('reviewed', 'Reviewed'),
                 ('sent_back', 'Sent Back')]
# What counts as a survey filed by its author (the appraisal's figure)
FILED_STATES = ('submitted', 'reviewed')
LINE_KINDS = [('own', 'Own Product'), ('competitor', "Competitor's Product")]
CHANNELS = [('retail', 'Retail'), ('wholesale', 'Wholesale'), ('online', 'Online'),
            ('distributor', 'Distributor'), ('other', 'Project / Other')]


class SalesMarketSurvey(models.Model):
    _name = 'sales.market.survey'
    _description = 'Market Survey'
    _inherit = ['sales.approval.mixin', 'sales.region.mixin']
    _order = 'date desc, id desc'

    _workflow_fields = {'state'}

    name = fields.Char(string='Reference', required=True, readonly=True, copy=False,
                       default='/', index=True)
    state = fields.Selection(SURVEY_STATES, string='Status', default='draft', required=True,
                             readonly=True, copy=False, index=True, track_visibility='onchange')
    user_id = fields.Many2one(
        'res.users', string='Filed By', required=True, index=True, ondelete='restrict',
        default=lambda self: self.env.user, track_visibility='onchange',
        help="The salesperson who made the survey; only they edit it while it is a draft.")
    date = fields.Date(required=True, index=True, default=fields.Date.context_today,
                       track_visibility='onchange', help="The day the survey was made.")
    date_from = fields.Date(string='Period From', required=True, track_visibility='onchange')
    date_to = fields.Date(string='Period To', required=True, track_visibility='onchange')
    line_ids = fields.One2many('sales.market.survey.line', 'survey_id', string='Observed Prices',
                               copy=True)
    summary = fields.Text(help="What the survey found: the market's trend, the competitors' "
                               "moves, what the company should do.")
    currency_id = fields.Many2one('res.currency', related='company_id.currency_id',
                                  readonly=True)
    line_count = fields.Integer(compute='_compute_line_figures', string='Prices Observed')
    competitor_count = fields.Integer(compute='_compute_line_figures', string='Competitors')
    color = fields.Integer()
    this_quarter = fields.Boolean(
        compute='_compute_this_quarter', search='_search_this_quarter',
        help="The survey is dated in the current calendar quarter (a search filter).")

    # Computes

    @api.depends('line_ids.kind', 'line_ids.competitor_id')
    def _compute_line_figures(self):
        for survey in self:
            survey.line_count = len(survey.line_ids)
            survey.competitor_count = len(survey.line_ids.mapped('competitor_id'))

    def _quarter_bounds(self):
        today = fields.Date.from_string(fields.Date.context_today(self))
        first_month = (today.month - 1) // 3 * 3 + 1
        start = today.replace(month=first_month, day=1)
        end = start + relativedelta(months=3, days=-1)
        return fields.Date.to_string(start), fields.Date.to_string(end)

    def _compute_this_quarter(self):
        start, end = self._quarter_bounds()
        for survey in self:
            survey.this_quarter = bool(survey.date) and start <= survey.date <= end

    def _search_this_quarter(self, operator, value):
        start, end = self._quarter_bounds()
        domain = ['&', ('date', '>=', start), ('date', '<=', end)]
        return domain if (operator == '=') == bool(value) else ['!'] + domain

    # Constraints

    @api.constrains('date_from', 'date_to')
    def _check_period(self):
        for survey in self:
            if survey.date_to < survey.date_from:
                raise ValidationError(_(
                    "The survey period ends (%(end)s) before it starts (%(start)s).")
                    % {'end': survey.date_to, 'start': survey.date_from})

    # CRUD

    @api.model
    def create(self, vals):
        if vals.get('name', '/') == '/':
            vals = dict(vals, name=self.env['ir.sequence'].sudo().with_context(
                force_company=vals.get('company_id')).next_by_code('sales.market.survey') or '/')
        survey = super(SalesMarketSurvey, self).create(vals)
        survey._check_filed_in_own_region()
        return survey

    @api.multi
    def write(self, vals):
        if ('user_id' in vals and not is_workflow_call(self.env)
                and any(survey.user_id.id != vals['user_id'] for survey in self)):
            # what a salesperson filed is theirs (the appraisal counts it)
            raise UserError(_("A survey stays with the salesperson who filed it."))
        result = super(SalesMarketSurvey, self).write(vals)
        if 'region_id' in vals:
            self._check_filed_in_own_region()
        return result

    @api.multi
    def unlink(self):
        if any(survey.state not in ('draft', 'sent_back') for survey in self):
            raise UserError(_("Only a draft or sent back survey can be deleted."))
        return super(SalesMarketSurvey, self).unlink()

    def _check_filed_in_own_region(self):
        """Regional staff survey their own regions' markets (head office and marketing any)."""
        user = self.env.user
        if (is_workflow_call(self.env) or user._is_superuser()
                or user.has_group('sales_process.group_all_regions')):
            return
        for survey in self:
            if survey.region_id not in user.sales_region_ids:
                raise UserError(_("You survey the markets of your own regions only (%(regions)s), "
                                  "not %(region)s.") % {
                    'regions': ', '.join(user.sales_region_ids.mapped('name')) or _('none'),
                    'region': survey.region_id.name})

    # The document layer: the author edits a draft (or a survey sent back)

    def _is_locked(self):
        self.ensure_one()
        return self.state not in ('draft', 'sent_back')

    # Approval engine hooks: the marketing manager's review

    def _approval_submittable(self):
        return self.state in ('draft', 'sent_back')

    def _approval_check_submit(self):
        if self.env.user != self.user_id and not self.env.user._is_superuser():
            raise UserError(_("Only %(user)s, who filed %(survey)s, can submit it.")
                            % {'user': self.user_id.name, 'survey': self.display_name})
        if not self.line_ids:
            raise UserError(_("Add the prices you observed to %(survey)s before submitting it.")
                            % {'survey': self.display_name})

    def _on_approval_submitted(self):
        self._workflow_write({'state': 'submitted'})

    def _on_approved(self):
        self._workflow_write({'state': 'reviewed'})

    def _on_rejected(self, reason):
        self._workflow_write({'state': 'sent_back'})

    def _on_approval_reset(self):
        self._workflow_write({'state': 'draft'})

    # Actions

    @api.multi
    def action_review(self, comment=None):
        """Review: the marketing manager accepts the survey (the engine's step)."""
        return self.action_approval_approve(comment)

    @api.multi
    def action_send_back(self, reason=None):
        """Send back to the author with a reason: they get a to-do to rework it."""
        return self.action_approval_reject(reason)

    # Business helpers

    @api.model
    def filed_counts(self, company_ids, date_from, date_to, user_ids=None):
        """How many surveys each salesperson filed in the period: ``{user_id: count}`` for the
        surveys submitted or reviewed (neither drafts nor sent back) dated in
        [date_from, date_to], in the companies; only `user_ids` when given. One SQL statement
        (a read_group would also read the salespeople's names, which a count does not need).

        A figure for the appraisal: whoever may read surveys gets the counts of every
        salesperson, whatever their scope (counts, no content)."""
        self.check_access_rights('read')
        params = (tuple(company_ids) or (None,), tuple(FILED_STATES), date_from, date_to,
                  user_ids is None, list(user_ids or []))
        self.env.cr.execute("""
            SELECT user_id, COUNT(*) FROM sales_market_survey
             WHERE company_id IN %s AND state IN %s AND date BETWEEN %s AND %s
               AND (%s OR user_id = ANY(%s))
             GROUP BY user_id""", params)
        return dict(self.env.cr.fetchall())

    def _report_file_name(self):
        return self.env['ir.actions.report']._sales_process_file_name(
            'sales_process.action_report_sales_market_survey', self.name)


class SalesMarketSurveyLine(models.Model):
    """A price observed in the market: of one of the company's products, or of a competitor's
    (compared with the own product it competes with)."""
    _name = 'sales.market.survey.line'
    _description = 'Market Survey Price'
    _order = 'survey_id, sequence, id'

    # auto_join: the record rules read the survey's author and region in one query
    survey_id = fields.Many2one('sales.market.survey', required=True, ondelete='cascade',
                                index=True, auto_join=True)
    company_id = fields.Many2one(related='survey_id.company_id', store=True, readonly=True)
    currency_id = fields.Many2one(related='survey_id.currency_id', readonly=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(LINE_KINDS, string='Type', required=True, default='own')
    product_id = fields.Many2one(
        'product.product', index=True, ondelete='restrict',
        help="The company's product: observed itself (own product), or the one the competitor's "
             "product competes with.")
    competitor_id = fields.Many2one(
        'res.partner', index=True, ondelete='restrict',
        domain=[('is_competitor', '=', True)])
    competitor_product = fields.Char(string="Competitor's Product")
    price = fields.Monetary(required=True, currency_field='currency_id',
                            help="The price observed, per unit.")
    volume = fields.Float(string='Estimated Volume', digits=dp.get_precision('Product Unit of Measure'),
                          help="The quantity the surveyed market sells in the period (estimate).")
    channel = fields.Selection(CHANNELS, required=True, default='retail')
    observations = fields.Text()

    @api.constrains('price', 'volume')
    def _check_figures(self):
        for line in self:
            if line.price <= 0:
                raise ValidationError(_("A surveyed price must be positive (%(product)s: "
                                        "%(price)s).") % {'product': line._label(),
                                                          'price': line.price})
            if line.volume < 0:
                raise ValidationError(_("An estimated volume cannot be negative (%(product)s).")
                                      % {'product': line._label()})

    @api.constrains('kind', 'product_id', 'competitor_id', 'competitor_product')
    def _check_kind(self):
        for line in self:
            if line.kind == 'own' and not line.product_id:
                raise ValidationError(_("Choose the product of an own-product price."))
            if line.kind == 'competitor' and not (line.competitor_id and line.competitor_product):
                raise ValidationError(_("A competitor's price needs the competitor and the name "
                                        "of its product."))
            if line.competitor_id and not line.competitor_id.is_competitor:
                raise ValidationError(_("%(partner)s is not flagged as a competitor.")
                                      % {'partner': line.competitor_id.name})

    @api.onchange('kind')
    def _onchange_kind(self):
        if self.kind == 'own':
            self.competitor_id = False
            self.competitor_product = False

    def _label(self):
        if self.kind == 'competitor':
            return '%s %s' % (self.competitor_id.name or '', self.competitor_product or '')
        return self.product_id.display_name or ''

    # the lines change with their survey, while its author edits it

    def _check_survey_unlocked(self, surveys):
        if not is_workflow_call(self.env):
            surveys._check_unlocked()

    @api.model
    def create(self, vals):
        self._check_survey_unlocked(self.env['sales.market.survey'].browse(vals.get('survey_id')))
        return super(SalesMarketSurveyLine, self).create(vals)

    @api.multi
    def write(self, vals):
        self._check_survey_unlocked(self.mapped('survey_id'))
        return super(SalesMarketSurveyLine, self).write(vals)

    @api.multi
    def unlink(self):
        self._check_survey_unlocked(self.mapped('survey_id'))
        return super(SalesMarketSurveyLine, self).unlink()
