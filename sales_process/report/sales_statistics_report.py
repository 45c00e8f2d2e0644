import calendar

from odoo import api, models

from ..models.sales_achievement import Target

PLANNED_STATES = ('approved', 'decomposed', 'to_accept', 'refused', 'execution', 'closed')


class SalesStatisticsReport(models.AbstractModel):
    """Year-end sales statistics of a strategy's year: target, actual, achievement and growth
    per region, per salesperson and per month.

    Targets are the year's plan targets (annual targets for regions and salespeople, monthly
    ones for months); actual sales come from one measure of every row.
    """
    _name = 'report.sales_process.report_sales_statistics'
    _description = 'Year-end Sales Statistics'

    @api.model
    def get_report_values(self, docids, data=None):
        strategies = self.env['sales.strategy'].browse(docids)
        return {
            'doc_ids': docids,
            'doc_model': 'sales.strategy',
            'docs': strategies,
            'statistics': {strategy.id: self._statistics(strategy) for strategy in strategies},
        }

    @api.model
    def _statistics(self, strategy):
        year, company = strategy.year, strategy.company_id
        Line = self.env['sales.plan.line']
        base = [('company_id', '=', company.id), ('state', 'in', PLANNED_STATES),
                ('date_start', '>=', '%d-01-01' % year), ('date_end', '<=', '%d-12-31' % year)]
        annual = base + [('period_type', '=', 'year')]
        by_region = {group['region_id'][0]: group['target_amount'] for group in Line.read_group(
            annual, ['region_id', 'target_amount'], ['region_id'])}
        by_user = {group['user_id'][0]: group['target_amount'] for group in Line.read_group(
            annual + [('user_id', '!=', False)], ['user_id', 'target_amount'], ['user_id'])}
        by_month = {}
        for line in Line.search_read(base + [('period_type', '=', 'month')],
                                     ['date_start', 'target_amount']):
            month = int(line['date_start'][5:7])
            by_month[month] = by_month.get(month, 0.0) + line['target_amount']
        regions = self.env['crm.team'].browse(sorted(by_region)) | self.env['crm.team'].search(
            [('is_sales_region', '=', True), ('company_id', 'in', [company.id, False])])
        users = self.env['res.users'].browse(sorted(by_user))

        rows = [('region', region, by_region.get(region.id, 0.0),
                 (region.id, None, '%d-01-01' % year, '%d-12-31' % year)) for region in regions]
        rows += [('user', user, by_user[user.id], (None, user.id, '%d-01-01' % year, '%d-12-31' % year))
                 for user in users]
        rows += [('month', month, by_month.get(month, 0.0),
                  (None, None, '%d-%02d-01' % (year, month),
                   '%d-%02d-%02d' % (year, month, calendar.monthrange(year, month)[1])))
                 for month in range(1, 13)]
        rows.append(('total', None, strategy.total_target or sum(by_region.values()),
                     (None, None, '%d-01-01' % year, '%d-12-31' % year)))
        figures = self.env['sales.achievement'].measure(
            [Target(index, company.id, region_id, user_id, None, date_from, date_to)
             for index, (_kind, _what, _target, (region_id, user_id, date_from, date_to))
             in enumerate(rows)])
        result = {'region': [], 'user': [], 'month': [], 'total': []}
        for index, (kind, what, target, _scope) in enumerate(rows):
            actual, _qty, last_year, _last_qty = figures[index]
            achievement = 100.0 * actual / target if target else None
            growth = 100.0 * (actual - last_year) / last_year if last_year else None
            result[kind].append({
                'label': (what.name if kind in ('region', 'user')
                          else '%d-%02d' % (year, what) if kind == 'month' else ''),
                'target': target,
                'actual': actual,
                'achievement': achievement,
                'achievement_display': '%.1f%%' % achievement if achievement is not None else '-',
                'last_year': last_year,
                'growth': growth,
                'growth_display': '%+.1f%%' % growth if growth is not None else '-',
            })
        result['region'] = [row for row in result['region'] if row['target'] or row['actual']]
        result['total'] = result['total'][0]
        return result
