"""The salesperson's appraisal (考核): per salesperson and period (a quarter or a year), the
scorecard the module measures (sales.appraisal.measure: target achievement, growth, collection,
overdue receivables, exchanges and returns on their sales, market surveys filed) scored with the
company's weights (sales.appraisal.scoring), the regional manager's comments and rating,
approved by the regional manager then the sales director (the approval engine's chain, data in
data/sales_appraisal_data.xml), ranked within the region.

Appraisals are generated for a region and a period that has ended (wizard
sales.appraisal.generate). The scorecard is measured again while the appraisal is a draft
(generation, the Refresh button) and frozen when it is submitted. The appraised salesperson
reads their appraisal once it is submitted (a draft's figures, comments and rating are the
manager's work in progress); their regional manager reads the region's; head office all.
"""
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .sales_appraisal_measure import FIGURES, POINTS

PERIOD_TYPES = [('quarter', 'Quarter'), ('year', 'Year')]
QUARTERS = [('1', 'Q1'), ('2', 'Q2'), ('3', 'Q3'), ('4', 'Q4')]
RATINGS = [('A', 'A - Excellent'), ('B', 'B - Good'), ('C', 'C - Acceptable'),
           ('D', 'D - Insufficient')]
# the score from which each rating is suggested to the manager
RATING_THRESHOLDS = (('A', 90.0), ('B', 75.0), ('C', 60.0), ('D', 0.0))
# the components of the score: their weight field on the scoring, their points field
COMPONENTS = (('weight_achievement', 'points_achievement'), ('weight_growth', 'points_growth'),
              ('weight_collection', 'points_collection'), ('weight_overdue', 'points_overdue'),
              ('weight_aftersales', 'points_aftersales'), ('weight_surveys', 'points_surveys'))


def clamp(points):
    return max(0.0, min(100.0, points))


class SalesAppraisalScoring(models.Model):
    """How a company scores its salespeople: the weight of each component (adding up to
    100 %) and the thresholds turning each figure into points (see _scoring_help_text)."""
    _name = 'sales.appraisal.scoring'
    _description = 'Appraisal Scoring'
    _inherit = ['mail.thread']

    name = fields.Char(required=True, translate=True, default=lambda self: _('Appraisal Scoring'))
    company_id = fields.Many2one(
        'res.company', required=True, index=True,
        default=lambda self: self.env['res.company']._company_default_get(self._name))
    currency_id = fields.Many2one(related='company_id.currency_id', readonly=True)
    weight_achievement = fields.Integer(string='Target Achievement (%)', default=40,
                                        track_visibility='onchange')
    weight_growth = fields.Integer(string='Growth (%)', default=15, track_visibility='onchange')
    weight_collection = fields.Integer(string='Collection Rate (%)', default=20,
                                       track_visibility='onchange')
    weight_overdue = fields.Integer(string='Overdue Receivables (%)', default=10,
                                    track_visibility='onchange')
    weight_aftersales = fields.Integer(string='Exchanges and Returns (%)', default=10,
                                       track_visibility='onchange')
    weight_surveys = fields.Integer(string='Market Surveys (%)', default=5,
                                    track_visibility='onchange')
    weight_total = fields.Integer(string='Total Weight (%)', compute='_compute_weight_total')
    growth_full_pct = fields.Float(
        string='Growth for Full Points (%)', default=20.0, track_visibility='onchange',
        help="Growth over the same period last year that earns all the growth points.")
    overdue_zero_amount = fields.Monetary(
        string='Overdue Amount for Zero Points', default=50000.0, track_visibility='onchange',
        help="Overdue receivables from which the overdue component earns no points.")
    return_zero_pct = fields.Float(
        string='Return Rate for Zero Points (%)', default=5.0, track_visibility='onchange',
        help="Returned / delivered quantity of the salesperson's orders from which the "
             "exchanges and returns component earns no points.")
    surveys_full = fields.Integer(
        string='Surveys per Quarter for Full Points', default=3, track_visibility='onchange',
        help="Market surveys filed in a quarter that earn all the survey points (a year: four "
             "times as many).")
    scoring_help = fields.Text(string='How the Score Is Computed', compute='_compute_scoring_help')

    _sql_constraints = [
        ('company_unique', 'unique (company_id)', 'A company has one appraisal scoring.'),
    ]

    @api.depends(*[weight for weight, _points in COMPONENTS])
    def _compute_weight_total(self):
        for scoring in self:
            scoring.weight_total = sum(scoring[weight] for weight, _points in COMPONENTS)

    def _compute_scoring_help(self):
        for scoring in self:
            scoring.scoring_help = scoring._scoring_help_text()

    @api.constrains(*[weight for weight, _points in COMPONENTS])
    def _check_weights(self):
        for scoring in self:
            if any(scoring[weight] < 0 or scoring[weight] > 100 for weight, _points in COMPONENTS):
                raise ValidationError(_("A weight of the appraisal scoring is between 0 and "
                                        "100 %."))
            if scoring.weight_total != 100:
                raise ValidationError(_(
                    "The weights of the appraisal scoring add up to %(total)s %%: they must add "
                    "up to 100 %%.") % {'total': scoring.weight_total})

    @api.constrains('growth_full_pct', 'overdue_zero_amount', 'return_zero_pct', 'surveys_full')
    def _check_thresholds(self):
        for scoring in self:
            if min(scoring.growth_full_pct, scoring.overdue_zero_amount, scoring.return_zero_pct,
                   scoring.surveys_full) <= 0:
                raise ValidationError(_("The thresholds of the appraisal scoring (growth, overdue "
                                        "amount, return rate, surveys) must be above zero."))

    @api.model
    def _scoring_help_text(self):
        return _(
            "Each component earns 0 to 100 points, weighted into the score (0-100):\n"
            "- target achievement: the achievement % of the salesperson's targets of the "
            "period, at most 100 (no target: 0);\n"
            "- growth: 0 at no growth or less, 100 from the growth for full points, in "
            "proportion between (no sales in the same period last year: no growth);\n"
            "- collection: the rate of the receivables due in the period that were paid by "
            "their due date (nothing due: 100);\n"
            "- overdue receivables: 100 without any, 0 from the overdue amount for zero points, "
            "in proportion between;\n"
            "- exchanges and returns: 100 without returns on their sales, 0 from the return "
            "rate for zero points (returned / delivered quantity), in proportion between;\n"
            "- market surveys: 100 from the surveys per quarter for full points (four times as "
            "many for a year), in proportion below.")

    @api.model
    def _for_company(self, company_id):
        """The company's scoring, made with the default weights the first time it is needed."""
        Scoring = self.sudo()
        scoring = Scoring.search([('company_id', '=', company_id)], limit=1)
        return scoring or Scoring.create({'company_id': company_id})

    def _score(self, figures, months):
        """{points field: points, 'score': weighted score} of a scorecard's figures measured
        over `months` months (no query)."""
        self.ensure_one()
        surveys_full = self.surveys_full * months / 3.0
        points = {
            'points_achievement': clamp(figures['achievement_pct']),
            'points_growth': clamp(100.0 * figures['growth_pct'] / self.growth_full_pct),
            'points_collection': (clamp(figures['collection_rate'])
                                  if figures['collection_measured'] else 100.0),
            'points_overdue': clamp(100.0 * (1 - figures['overdue_amount']
                                             / self.overdue_zero_amount)),
            'points_aftersales': clamp(100.0 * (1 - figures['return_rate']
                                                / self.return_zero_pct)),
            'points_surveys': clamp(100.0 * figures['surveys_filed'] / surveys_full),
        }
        points['score'] = sum(self[weight] * points[name] for weight, name in COMPONENTS) / 100.0
        return points


class SalesAppraisal(models.Model):
    _name = 'sales.appraisal'
    _description = 'Salesperson Appraisal'
    _inherit = ['sales.approval.mixin', 'sales.region.mixin']
    _order = 'date_from desc, region_id, score desc, id'

    # what the generation sets, and the measured scorecard: never input
    _workflow_fields = {'user_id', 'period_type', 'year', 'quarter', 'region_id', 'rank',
                        'region_size', 'is_frozen', 'scored_date'} | set(FIGURES) | set(POINTS)
    _unlocked_fields = frozenset()
    _approval_depends = ('rating', 'manager_comments')

    name = fields.Char(compute='_compute_name', store=True, readonly=True)
    user_id = fields.Many2one('res.users', string='Salesperson', required=True, readonly=True,
                              index=True, ondelete='restrict', track_visibility='onchange')
    region_id = fields.Many2one(readonly=True)
    period_type = fields.Selection(PERIOD_TYPES, string='Period', required=True, readonly=True,
                                   default='quarter')
    year = fields.Integer(required=True, readonly=True, group_operator=False)
    quarter = fields.Selection(QUARTERS, readonly=True)
    period_name = fields.Char(compute='_compute_period', store=True)
    date_from = fields.Date(string='From', compute='_compute_period', store=True, index=True)
    date_to = fields.Date(string='To', compute='_compute_period', store=True)
    currency_id = fields.Many2one(related='company_id.currency_id', readonly=True)

    # the scorecard (sales.appraisal.measure), frozen when submitted
    target_amount = fields.Monetary(string='Target', readonly=True, group_operator='sum')
    achieved_amount = fields.Monetary(string='Sales', readonly=True)
    achievement_pct = fields.Float(string='Target Achievement (%)', readonly=True,
                                   group_operator='avg', digits=(16, 1))
    last_year_amount = fields.Monetary(string='Same Period Last Year', readonly=True)
    growth_pct = fields.Float(string='Growth (%)', readonly=True, group_operator='avg',
                              digits=(16, 1))
    receivable_due = fields.Monetary(string='Receivables Due', readonly=True)
    collected_on_time = fields.Monetary(string='Collected on Time', readonly=True)
    collection_rate = fields.Float(string='Collection Rate (%)', readonly=True,
                                   group_operator='avg', digits=(16, 1))
    collection_measured = fields.Boolean(
        string='Receivables Fell Due', readonly=True,
        help="Whether any receivable of the salesperson fell due in the period (if none, the "
             "collection earns all its points).")
    overdue_amount = fields.Monetary(string='Overdue Receivables', readonly=True)
    aftersales_cases = fields.Integer(string='Exchange and Return Cases', readonly=True)
    delivered_qty = fields.Float(string='Delivered Quantity', readonly=True, digits=(16, 2))
    returned_qty = fields.Float(string='Returned Quantity', readonly=True, digits=(16, 2))
    return_rate = fields.Float(string='Return Rate (%)', readonly=True, group_operator='avg',
                               digits=(16, 2))
    surveys_filed = fields.Integer(string='Market Surveys Filed', readonly=True)
    points_achievement = fields.Float(string='Target Achievement Points', readonly=True,
                                      group_operator='avg', digits=(16, 1))
    points_growth = fields.Float(string='Growth Points', readonly=True, group_operator='avg',
                                 digits=(16, 1))
    points_collection = fields.Float(string='Collection Points', readonly=True,
                                     group_operator='avg', digits=(16, 1))
    points_overdue = fields.Float(string='Overdue Points', readonly=True, group_operator='avg',
                                  digits=(16, 1))
    points_aftersales = fields.Float(string='Exchanges and Returns Points', readonly=True,
                                     group_operator='avg', digits=(16, 1))
    points_surveys = fields.Float(string='Market Survey Points', readonly=True,
                                  group_operator='avg', digits=(16, 1))
    score = fields.Float(readonly=True, group_operator='avg', digits=(16, 1), index=True)
    is_frozen = fields.Boolean(string='Figures Frozen', readonly=True, copy=False)
    scored_date = fields.Datetime(string='Measured On', readonly=True, copy=False)
    rank = fields.Integer(string='Rank in Region', readonly=True, group_operator=False,
                          help="The salesperson's place among the appraisals of the region and "
                               "period, by score (1: the highest).")
    region_size = fields.Integer(string='Appraised in Region', readonly=True,
                                 group_operator=False)

    # the regional manager's appraisal
    rating = fields.Selection(RATINGS, track_visibility='onchange')
    suggested_rating = fields.Selection(RATINGS, compute='_compute_suggested_rating',
                                        help="The rating the score suggests: A from 90, B from "
                                             "75, C from 60, D below.")
    manager_comments = fields.Text(string="Manager's Comments", track_visibility='onchange')
    scoring_help = fields.Text(string='How the Score Is Computed', compute='_compute_scoring_help')

    _sql_constraints = [
        ('salesperson_period_unique', 'unique (user_id, period_type, date_from, company_id)',
         'A salesperson has one appraisal per period.'),
    ]

    @api.depends('user_id', 'period_name')
    def _compute_name(self):
        for appraisal in self:
            appraisal.name = '%s %s' % (appraisal.period_name or '', appraisal.user_id.name or '')

    @api.depends('period_type', 'year', 'quarter')
    def _compute_period(self):
        for appraisal in self:
            if not appraisal.year:
                continue
            start, end = period_dates(appraisal.period_type, appraisal.year, appraisal.quarter)
            appraisal.date_from = fields.Date.to_string(start)
            appraisal.date_to = fields.Date.to_string(end)
            appraisal.period_name = ('%s Q%s' % (appraisal.year, appraisal.quarter)
                                     if appraisal.period_type == 'quarter' else str(appraisal.year))

    @api.depends('score')
    def _compute_suggested_rating(self):
        for appraisal in self:
            appraisal.suggested_rating = next(rating for rating, floor in RATING_THRESHOLDS
                                              if appraisal.score >= floor)

    def _compute_scoring_help(self):
        text = self.env['sales.appraisal.scoring']._scoring_help_text()
        for appraisal in self:
            appraisal.scoring_help = text

    # CRUD: created by the generation (sales.appraisal.generate), which names the salesperson,
    # region and period: workflow fields, refused from anyone else

    @api.model
    def create(self, vals):
        appraisal = super(SalesAppraisal, self).create(vals)
        appraisal._check_period_ended()
        return appraisal

    @api.multi
    def unlink(self):
        if any(appraisal.approval_state != 'draft' for appraisal in self):
            raise UserError(_("An appraisal that was submitted cannot be deleted."))
        return super(SalesAppraisal, self).unlink()

    # Actions

    @api.multi
    def action_refresh_scorecard(self):
        """Measure the scorecards again (drafts and rejected appraisals: a submitted one keeps
        the figures it was submitted with)."""
        for appraisal in self:
            if appraisal.approval_state not in ('draft', 'rejected'):
                raise UserError(_("%(appraisal)s was submitted: its scorecard is frozen.")
                                % {'appraisal': appraisal.display_name})
        self._check_write_access()
        self._measure_scorecards()
        return True

    @api.multi
    def action_apply_suggested_rating(self):
        for appraisal in self:
            appraisal.rating = appraisal.suggested_rating
        return True

    # Approval engine hooks

    def _approval_check_submit(self):
        if self.env.user == self.user_id:
            raise UserError(_("%(user)s is appraised in %(appraisal)s: their regional manager "
                              "submits it.") % {'user': self.user_id.name,
                                                'appraisal': self.display_name})
        if not self.rating or not (self.manager_comments or '').strip():
            raise UserError(_("Give the rating and write your comments on %(appraisal)s before "
                              "submitting it.") % {'appraisal': self.display_name})

    def _approval_check_decision(self, step, decision):
        if self.env.user == self.user_id:
            raise UserError(_("%(user)s is appraised in %(appraisal)s and decides nothing on "
                              "it.") % {'user': self.user_id.name, 'appraisal': self.display_name})

    def _on_approval_submitted(self):
        # the figures the appraisal is decided on: measured once more, then kept
        self._measure_scorecards(freeze=True)
        self._close_activities(['sales_process.mail_activity_type_appraisal'])

    def _on_approval_reset(self):
        self._workflow_write({'is_frozen': False})

    def _on_rejected(self, reason):
        self._workflow_write({'is_frozen': False})

    def _on_approved(self):
        self._post(_("Appraisal approved: %(score).1f points, rated %(rating)s.") % {
            'score': self.score, 'rating': self.rating}, notify=True)

    # Business helpers

    def _check_period_ended(self):
        today = fields.Date.context_today(self)
        for appraisal in self:
            if appraisal.date_to >= today:
                raise UserError(_(
                    "The period %(period)s has not ended (it ends on %(date)s): a salesperson is "
                    "appraised once it is over.") % {'period': appraisal.period_name,
                                                     'date': appraisal.date_to})

    def _measure_scorecards(self, freeze=False):
        """Measure the appraisals' scorecards (one batch per company and period), store them
        and rank each region's appraisals of the period again: a fixed number of queries per
        period, whatever the number of appraisals."""
        Measure = self.env['sales.appraisal.measure']
        batches = {}
        for appraisal in self.sudo():
            key = (appraisal.company_id.id, appraisal.date_from, appraisal.date_to)
            batches.setdefault(key, {})[appraisal.user_id.id] = appraisal.id
        now = fields.Datetime.now()
        columns = FIGURES + POINTS
        for (company_id, date_from, date_to), by_user in batches.items():
            cards = Measure.scorecards(company_id, list(by_user), date_from, date_to)
            rows = [[by_user[user_id] for user_id in cards]]
            rows += [[getattr(card, name) for card in cards.values()] for name in columns]
            types = ['int'] + ['boolean' if name == 'collection_measured' else
                               ('int' if name in ('aftersales_cases', 'surveys_filed') else 'numeric')
                               for name in columns]
            # pylint: disable=sql-injection
            # the module's own column names and types, the values passed as parameters
            self.env.cr.execute("""
                UPDATE sales_appraisal a
                   SET {assign}, is_frozen = %s, scored_date = %s, write_date = %s,
                       write_uid = %s
                  FROM unnest({arrays}) AS card(id, {names})
                 WHERE a.id = card.id""".format(
                assign=', '.join('%s = card.%s' % (name, name) for name in columns),
                arrays=', '.join('%%s::%s[]' % kind for kind in types),
                names=', '.join(columns)), [freeze, now, now, self.env.uid] + rows)
        self.invalidate_cache()
        self._rank()

    def _rank(self):
        """Rank every appraisal of the regions and periods of these, by score, in one
        statement."""
        if not self:
            return
        self.env.cr.execute("""
            UPDATE sales_appraisal a
               SET rank = ranked.rank, region_size = ranked.size
              FROM (SELECT other.id,
                           RANK() OVER (PARTITION BY other.company_id, other.region_id,
                                                     other.period_type, other.date_from
                                        ORDER BY other.score DESC NULLS LAST) AS rank,
                           COUNT(*) OVER (PARTITION BY other.company_id, other.region_id,
                                                       other.period_type, other.date_from) AS size
                      FROM sales_appraisal other
                     WHERE (other.company_id, other.region_id, other.period_type,
                            other.date_from) IN (SELECT company_id, region_id, period_type,
                                                        date_from
                                                   FROM sales_appraisal WHERE id IN %s)
                   ) ranked
             WHERE a.id = ranked.id""", (tuple(self.ids),))
        self.invalidate_cache(['rank', 'region_size'])

    def _text_to_appraise(self):
        return _("Appraise: %(appraisal)s") % {'appraisal': self.display_name}

    # Printing

    def _report_file_name(self):
        return self.env['ir.actions.report']._sales_process_file_name(
            'sales_process.action_report_sales_appraisal', self.name)


def period_dates(period_type, year, quarter):
    """The first and last days of a quarter ('1'-'4') or a year."""
    if period_type == 'year':
        return date(year, 1, 1), date(year, 12, 31)
    start = date(year, 3 * int(quarter or 1) - 2, 1)
    return start, start + relativedelta(months=3, days=-1)
