from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.sales_appraisal import PERIOD_TYPES, QUARTERS, period_dates


def last_ended_quarter(today):
    """(year, quarter) of the last quarter that has ended by `today` (a date)."""
    start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1) - relativedelta(months=3)
    return start.year, str((start.month - 1) // 3 + 1)


class SalesAppraisalGenerate(models.TransientModel):
    """Generate the appraisals of every salesperson of some regions (all: empty) for a period
    that has ended, in one batch: each appraisal created, its scorecard measured and the
    region's manager asked to appraise."""
    _name = 'sales.appraisal.generate'
    _description = 'Generate Appraisals'

    region_ids = fields.Many2many(
        'crm.team', string='Regions', domain=[('is_sales_region', '=', True)],
        help="Leave empty for every region you appraise (head office: all of them).")
    period_type = fields.Selection(PERIOD_TYPES, string='Period', required=True,
                                   default='quarter')
    year = fields.Integer(required=True, default=lambda self: self._default_period()[0])
    quarter = fields.Selection(QUARTERS, default=lambda self: self._default_period()[1])

    @api.model
    def _default_period(self):
        return last_ended_quarter(fields.Date.from_string(fields.Date.context_today(self)))

    @api.onchange('period_type')
    def _onchange_period_type(self):
        today = fields.Date.from_string(fields.Date.context_today(self))
        if self.period_type == 'year':
            self.year, self.quarter = today.year - 1, False
        else:
            self.year, self.quarter = self._default_period()

    @api.multi
    def action_generate(self):
        self.ensure_one()
        appraisals = self._generate()
        action = self.env.ref('sales_process.sales_appraisal_action').read()[0]
        action['domain'] = [('id', 'in', appraisals.ids)]
        return action

    def _generate(self):
        """The new appraisals (a clear error, and nothing created, when there is none to make
        or the user may not appraise a region)."""
        if self.period_type == 'quarter' and not self.quarter:
            raise UserError(_("Choose the quarter to appraise."))
        if not 2000 <= self.year <= 2099:
            raise UserError(_("%(year)s is not a year to appraise.") % {'year': self.year})
        start, end = period_dates(self.period_type, self.year, self.quarter)
        today = fields.Date.from_string(fields.Date.context_today(self))
        if end >= today:
            raise UserError(_("The period %(start)s - %(end)s has not ended: salespeople are "
                              "appraised once it is over.") % {
                'start': fields.Date.to_string(start), 'end': fields.Date.to_string(end)})
        regions = self._regions()
        Appraisal = self.env['sales.appraisal']
        existing = Appraisal.sudo().search([
            ('company_id', '=', self.env.user.company_id.id), ('period_type', '=', self.period_type),
            ('date_from', '=', fields.Date.to_string(start))]).mapped('user_id')
        salespeople = self.env.ref('sales_process.group_salesperson')
        appraisals = Appraisal.browse()
        for region in regions:
            members = region.member_ids.filtered(
                lambda user: user.active and salespeople in user.groups_id
                and user != region.user_id and user not in existing)
            for user in members:
                appraisals |= Appraisal._workflow_create({
                    'user_id': user.id, 'region_id': region.id,
                    'company_id': region.company_id.id or self.env.user.company_id.id,
                    'period_type': self.period_type, 'year': self.year,
                    'quarter': self.quarter if self.period_type == 'quarter' else False})
                existing |= user
        if not appraisals:
            raise UserError(_("Every salesperson of %(regions)s already has an appraisal of this "
                              "period (or the regions have no salespeople).") % {
                'regions': ', '.join(regions.mapped('name'))})
        appraisals._measure_scorecards()
        for appraisal in appraisals:
            if appraisal.region_id.user_id:
                appraisal._schedule_activity('sales_process.mail_activity_type_appraisal',
                                             appraisal.region_id.user_id, '_text_to_appraise')
        return appraisals

    def _regions(self):
        """The regions to appraise: those chosen, else every region the user appraises; head
        office appraises every region, a regional manager the regions they manage."""
        user = self.env.user
        Team = self.env['crm.team'].sudo()
        head_office = user.has_group('sales_process.group_sales_hq')
        if not head_office and not user.has_group('sales_process.group_regional_manager'):
            raise UserError(_("Appraisals are generated by the regional managers and head "
                              "office."))
        regions = self.region_ids.sudo() or Team.search([
            ('is_sales_region', '=', True), ('company_id', 'in', [user.company_id.id, False])]
            + ([] if head_office else [('user_id', '=', user.id)]))
        if not head_office:
            foreign = regions.filtered(lambda region: region.user_id != user)
            if foreign:
                raise UserError(_("You appraise the salespeople of the regions you manage, not "
                                  "those of %(regions)s.") % {
                    'regions': ', '.join(foreign.mapped('name'))})
        if not regions:
            raise UserError(_("You manage no sales region: there is nobody to appraise."))
        return regions
