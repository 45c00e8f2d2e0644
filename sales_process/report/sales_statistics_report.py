import calendar

from odoo import api, models

from ..models.sales_achievement import Target

PLANNED_STATES = ('approved', 'decomposed', 'to_accept', 'refused', 'execution', 'closed')


class SalesStatisticsReport(models.AbstractModel):
    """Year-end sales statistics of a strategy's year: target, actual, achievement and growth
    per region, per salesperson and per month.

    A month's target is taken from the finest plan that covers it (a monthly plan, else a
    third of the quarterly one, else a twelfth of the annual one), so that decomposed and
    undecomposed regions add up alike; actual sales come from one measure of every row's scope.
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
    def _finest_lines(lines, key):
        """{owner: {month: [(line, share of its target)]}} from plan target lines of one year:
        for each owner (`key` of a line: a region, a salesperson) and month, the lines of the
        finest plans that cover it (monthly, else quarterly, else annual), with the part of
        their target that falls in the month."""
        spread = {}  # owner -> period type -> month -> [(line, share)]
        for line in lines:
            owner = key(line)
            if not owner:
                continue
            start = int(line['date_start'][5:7])
            months = {'year': range(1, 13), 'quarter': range(start, start + 3),
                      'month': [start]}[line['period_type']]
            per_type = spread.setdefault(owner, {}).setdefault(line['period_type'], {})
            for month in months:
                per_type.setdefault(month, []).append((line, line['target_amount'] / len(months)))
        return {owner: {month: next((per_type[kind][month] for kind in ('month', 'quarter', 'year')
                                     if month in per_type.get(kind, {})), [])
                        for month in range(1, 13)}
                for owner, per_type in spread.items()}

    @api.model
    def _statistics(self, strategy):
        """Target, actual, achievement and growth per region, salesperson and month.

        Each row's actual is measured on the scope of its target: a region's sales, a
        salesperson's, and for a month the sales of the targets counted in that month (their
        regions, salespeople and categories), so that a month is not compared with the sales of
        regions that have no target in it. Salespeople who sold without a target are listed
        with a target of 0."""
        year, company = strategy.year, strategy.company_id
        year_from, year_to = '%d-01-01' % year, '%d-12-31' % year
        lines = self.env['sales.plan.line'].search_read(
            [('company_id', '=', company.id), ('state', 'in', PLANNED_STATES),
             ('date_start', '>=', year_from), ('date_end', '<=', year_to)],
            ['region_id', 'user_id', 'categ_id', 'period_type', 'date_start', 'target_amount'])
        by_region = self._finest_lines(lines, lambda line: line['region_id'][0])
        by_user = self._finest_lines(lines, lambda line: line['user_id'] and line['user_id'][0])
        regions = self.env['crm.team'].browse(sorted(by_region)) | self.env['crm.team'].search(
            [('is_sales_region', '=', True), ('company_id', 'in', [company.id, False])])
        users = self.env['res.users'].browse(
            set(by_user) | set(self.env['sales.achievement'].sellers(company.id, year_from, year_to)))

        def target(months):
            return sum(share for month_lines in months.values() for _line, share in month_lines)

        # rows: (kind, what, target, [scopes: (region, user, categ, from, to)]); a row's
        # actual is the sum of its scopes' (a month's: one per target line counted in it)
        rows = [('region', region, target(by_region.get(region.id, {})),
                 [(region.id, None, None, year_from, year_to)]) for region in regions]
        rows += [('user', user, target(by_user.get(user.id, {})),
                  [(None, user.id, None, year_from, year_to)])
                 for user in users.sorted(lambda user: user.name)]
        for month in range(1, 13):
            month_from = '%d-%02d-01' % (year, month)
            month_to = '%d-%02d-%02d' % (year, month, calendar.monthrange(year, month)[1])
            counted = [entry for months in by_region.values() for entry in months[month]]
            rows.append(('month', month, sum(share for _line, share in counted),
                         [(line['region_id'][0], line['user_id'] and line['user_id'][0],
                           line['categ_id'] and line['categ_id'][0], month_from, month_to)
                          for line, _share in counted]))
        rows.append(('total', None, strategy.total_target or sum(
            row[2] for row in rows if row[0] == 'month'), [(None, None, None, year_from, year_to)]))

        # one measure of every distinct scope
        scopes = {}
        for _kind, _what, _target, row_scopes in rows:
            for scope in row_scopes:
                scopes.setdefault(scope, len(scopes))
        figures = self.env['sales.achievement'].measure(
            [Target(index, company.id, *scope) for scope, index in scopes.items()])
        result = {'region': [], 'user': [], 'month': [], 'total': []}
        for kind, what, target_amount, row_scopes in rows:
            actual = sum(figures[scopes[scope]][0] for scope in row_scopes)
            last_year = sum(figures[scopes[scope]][2] for scope in row_scopes)
            achievement = 100.0 * actual / target_amount if target_amount else None
            growth = 100.0 * (actual - last_year) / last_year if last_year else None
            result[kind].append({
                'label': (what.name if kind in ('region', 'user')
                          else '%d-%02d' % (year, what) if kind == 'month' else ''),
                'target': target_amount,
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
