from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .sales_achievement import PLAN_YEARS, Target, is_plan_year


class SalesStrategy(models.Model):
    """The yearly sales strategy set by head office in its sales meetings: the year's overall
    goals and total target, against which the year's sales are measured."""
    _name = 'sales.strategy'
    _description = 'Yearly Sales Strategy'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _order = 'year desc, id desc'

    name = fields.Char(required=True, track_visibility='onchange')
    year = fields.Integer(required=True, default=lambda self: self._default_year(),
                          track_visibility='onchange')
    company_id = fields.Many2one('res.company', required=True, index=True,
                                 default=lambda self: self.env.user.company_id)
    currency_id = fields.Many2one(related='company_id.currency_id', readonly=True)
    goals = fields.Html(help="The overall goals of the year decided in the sales meetings.")
    total_target = fields.Monetary(track_visibility='onchange')
    meeting_ids = fields.One2many('calendar.event', 'sales_strategy_id', string='Sales Meetings')
    meeting_count = fields.Integer(compute='_compute_counts')
    plan_ids = fields.One2many('sales.plan', 'strategy_id', string='Plans')
    plan_count = fields.Integer(compute='_compute_counts')
    achieved_amount = fields.Monetary(compute='_compute_achievement', string='Achieved')
    achievement_pct = fields.Float(compute='_compute_achievement', string='Achievement (%)')
    last_year_amount = fields.Monetary(compute='_compute_achievement', string='Last Year')
    growth_pct = fields.Float(compute='_compute_achievement', string='Growth (%)')
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ('year_company_uniq', 'unique(year, company_id)',
         'There is one sales strategy per year and company.'),
        ('total_target_positive', 'CHECK(total_target >= 0)', 'The total target cannot be negative.'),
    ]

    @api.model
    def _default_year(self):
        # the user's year (their time zone), not the server's
        return fields.Date.from_string(fields.Date.context_today(self)).year

    def _compute_counts(self):
        for strategy in self:
            strategy.meeting_count = len(strategy.meeting_ids)
            strategy.plan_count = len(strategy.plan_ids)

    def _compute_achievement(self):
        # a strategy of a year outside PLAN_YEARS (a row from before the year was checked) is
        # measured as nothing: it must not break the list for everyone, and must still open
        targets = [Target(strategy.id, strategy.company_id.id, None, None, None,
                          '%d-01-01' % strategy.year, '%d-12-31' % strategy.year)
                   for strategy in self if strategy.id and is_plan_year(strategy.year)]
        figures = self.env['sales.achievement'].measure(targets)
        for strategy in self:
            amount, _qty, last_year, _last_qty = figures.get(strategy.id, (0.0, 0.0, 0.0, 0.0))
            strategy.achieved_amount = amount
            strategy.last_year_amount = last_year
            strategy.achievement_pct = (100.0 * amount / strategy.total_target
                                        if strategy.total_target else 0.0)
            strategy.growth_pct = 100.0 * (amount - last_year) / last_year if last_year else 0.0

    @api.constrains('year')
    def _check_year(self):
        for strategy in self:
            if not is_plan_year(strategy.year):
                raise ValidationError(_(
                    "The strategy %(strategy)s is for the year %(year)d: a sales strategy is set "
                    "for a year from %(first)d to %(last)d.") % {
                    'strategy': strategy.name, 'year': strategy.year,
                    'first': PLAN_YEARS[0], 'last': PLAN_YEARS[1]})

    @api.multi
    def action_schedule_meeting(self):
        """A sales meeting of this strategy in the calendar (its minutes go on the meeting)."""
        self.ensure_one()
        action = self.env.ref('calendar.action_calendar_event').read()[0]
        action['context'] = {
            'default_sales_strategy_id': self.id,
            'default_name': _('Sales meeting: %(strategy)s') % {'strategy': self.name},
            'default_partner_ids': [(6, 0, [self.env.user.partner_id.id])],
            'search_default_sales_strategy_id': self.id,
        }
        action['domain'] = [('sales_strategy_id', '=', self.id)]
        return action

    @api.multi
    def action_view_plans(self):
        self.ensure_one()
        action = self.env.ref('sales_process.sales_plan_action').read()[0]
        action['domain'] = [('strategy_id', '=', self.id)]
        # the yearly plans first, as in the menu: their quarters and months open from them
        action['context'] = {'default_strategy_id': self.id, 'search_default_top_level': 1}
        return action

    def _report_file_name(self):
        """The year-end statistics' file name (print_report_name), in the reader's language."""
        return self.env['ir.actions.report']._sales_process_file_name(
            'sales_process.action_report_sales_statistics', str(self.year))
