import calendar

from odoo import api, models

from ..models.sales_achievement import Target

PLANNED_STATES = ('approved', 'decomposed', 'to_accept', 'refused', 'execution', 'closed')


class SalesStatisticsReport(models.AbstractModel):
    """Year-end sales statistics of a strategy's year: target, actual, achievement and growth
    per region, per salesperson and per month.

    A month's target is taken from the finest plan that covers it (a monthly plan, else a
    third of the quarterly one, else a twelfth of the annual one), so that decomposed and
    undecomposed regions add up alike; actual sales come from one measure of every row.
    """
    _name = 'report.sales_process.report_sales_statistics'
    _description = 'Year-end Sales Statistics'

    @api.model
    def get_report_values(self, docids, data=None):
        strategies = self.env['sales.strategy'].browse(docids)
        # a strategy saved before its year was checked: the same clear error as when saving
        strategies._check_year()
        return {
            'doc_ids': docids,
            'doc_model': 'sales.strategy',
            'docs': strategies,
            'statistics': {strategy.id: self._statistics(strategy) for strategy in strategies},
        }

    @staticmethod
    def _monthly_targets(lines, key):
        """{key: {month: target}} from plan target lines of one year."""
        spread = {}  # key -> period type -> month -> amount
        for line in lines:
            owner = key(line)
            if not owner:
                continue
            start = int(line['date_start'][5:7])
            months = {'year': range(1, 13), 'quarter': range(start, start + 3),
                      'month': [start]}[line['period_type']]
            per_type = spread.setdefault(owner, {}).setdefault(line['period_type'], {})
            for month in months:
                per_type[month] = per_type.get(month, 0.0) + line['target_amount'] / len(months)
        return {owner: {month: next((per_type[kind][month] for kind in ('month', 'quarter', 'year')
                                     if month in per_type.get(kind, {})), 0.0)
                        for month in range(1, 13)}
                for owner, per_type in spread.items()}

    @api.model
    def _statistics(self, strategy):
        year, company = strategy.year, strategy.company_id
        lines = self.env['sales.plan.line'].search_read(
            [('company_id', '=', company.id), ('state', 'in', PLANNED_STATES),
             ('date_start', '>=', '%d-01-01' % year), ('date_end', '<=', '%d-12-31' % year)],
            ['region_id', 'user_id', 'period_type', 'date_start', 'target_amount'])
        by_region = self._monthly_targets(lines, lambda line: line['region_id'][0])
        by_user = self._monthly_targets(lines, lambda line: line['user_id'] and line['user_id'][0])
        regions = self.env['crm.team'].browse(sorted(by_region)) | self.env['crm.team'].search(
            [('is_sales_region', '=', True), ('company_id', 'in', [company.id, False])])
        users = self.env['res.users'].browse(sorted(by_user))
        by_month = {month: sum(targets[month] for targets in by_region.values())
                    for month in range(1, 13)}

        rows = [('region', region, sum(by_region.get(region.id, {}).values()),
                 (region.id, None, '%d-01-01' % year, '%d-12-31' % year)) for region in regions]
        rows += [('user', user, sum(by_user[user.id].values()),
                  (None, user.id, '%d-01-01' % year, '%d-12-31' % year))
                 for user in users]
        rows += [('month', month, by_month.get(month, 0.0),
                  (None, None, '%d-%02d-01' % (year, month),
                   '%d-%02d-%02d' % (year, month, calendar.monthrange(year, month)[1])))
                 for month in range(1, 13)]
        rows.append(('total', None, strategy.total_target or sum(by_month.values()),
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
