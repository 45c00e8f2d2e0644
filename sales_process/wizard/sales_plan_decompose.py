from collections import OrderedDict

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_round

from ..models.sales_achievement import Target


class SalesPlanDecomposeWizard(models.TransientModel):
    """Split an approved plan into quarterly and/or monthly plans per region (and salesperson),
    evenly or in proportion to last year's sales (seasonality). The children add up exactly to
    their parent: rounding differences go to the last period."""
    _name = 'sales.plan.decompose.wizard'
    _description = 'Decompose a Sales Plan'

    plan_id = fields.Many2one('sales.plan', required=True, ondelete='cascade')
    period_type = fields.Selection(related='plan_id.period_type', readonly=True)
    split = fields.Selection([
        ('quarter', 'Into quarters'),
        ('month', 'Into months'),
        ('quarter_month', 'Into quarters, then months'),
    ], required=True, default='quarter_month')
    method = fields.Selection([
        ('even', 'Evenly'),
        ('seasonal', "In proportion to last year's sales (seasonality)"),
    ], string='Distribution', required=True, default='seasonal',
        help="Seasonality: each period gets the share it had of the same target's actual sales "
             "last year; a target without sales last year is split evenly.")
    split_salespeople = fields.Boolean(
        string='Split regional targets per salesperson',
        help="Targets set for a whole region are divided among the region's salespeople (by "
             "their share of last year's sales with seasonality, or evenly).")
    send_to_regions = fields.Boolean(string='Send to the regions for acceptance', default=True)

    @api.onchange('plan_id')
    def _onchange_plan_id(self):
        if self.plan_id.period_type == 'quarter':
            self.split = 'month'

    @api.multi
    def action_decompose(self):
        self.ensure_one()
        plan = self.plan_id
        plan._check_head_office()
        plan._check_decomposable()
        if plan.period_type == 'quarter' and self.split != 'month':
            raise UserError(_("A quarterly plan is split into months."))
        levels = {'quarter': [3], 'month': [1], 'quarter_month': [3, 1]}[self.split]
        children = self._decompose(plan, levels)
        plan._check_children_sum()
        plan._close_plan_activities()
        plan._set_state('decomposed', decomposed_by_id=self.env.uid)
        plan._post(_("Decomposed into %(count)d plans (%(split)s, %(method)s) by "
                     "%(user)s.") % {
            'count': len(children), 'user': self.env.user.name,
            'split': dict(self._fields['split'].selection)[self.split].lower(),
            'method': dict(self._fields['method'].selection)[self.method].lower()})
        top = children.filtered(lambda child: child.parent_id == plan)
        if self.send_to_regions:
            top.action_propose()
        action = plan.action_view_children()
        return action

    # Distribution

    def _decompose(self, plan, levels):
        """Create the children of `plan` for the given levels (months per period); return them."""
        cells = self._split_lines(plan)  # [(region, user, categ, amount, qty)]
        return self._create_level(plan, cells, levels)

    def _create_level(self, parent, cells, levels):
        Plan = self.env['sales.plan'].with_context(mail_create_nolog=True)
        months, deeper = levels[0], levels[1:]
        periods = self._periods(parent, months)
        weights = self._weights(parent, cells, periods)
        created = Plan.browse()
        per_child = OrderedDict()  # (region, period) -> [(user, categ, amount, qty)]
        for index, (region, user, categ, amount, qty) in enumerate(cells):
            amounts = self._allocate(amount, weights[index], parent.currency_id.rounding)
            quantities = self._allocate(qty, weights[index], 0.01)
            for period, part_amount, part_qty in zip(periods, amounts, quantities):
                per_child.setdefault((region, period), []).append((user, categ, part_amount, part_qty))
        period_type = 'quarter' if months == 3 else 'month'
        for (region, (start, end)), lines in per_child.items():
            child = Plan._workflow_create({
                'name': Plan._default_name(region, period_type, start),
                'parent_id': parent.id,
                'strategy_id': parent.strategy_id.id,
                'company_id': parent.company_id.id,
                'region_id': region.id,
                'period_type': period_type,
                'date_start': fields.Date.to_string(start),
                'date_end': fields.Date.to_string(end),
                'state': 'approved',
                'decomposed_by_id': self.env.uid if deeper else False,
                'line_ids': [(0, 0, {'region_id': region.id, 'user_id': user.id, 'categ_id': categ.id,
                                     'target_amount': amount, 'target_qty': qty})
                             for user, categ, amount, qty in lines],
            })
            created |= child
            if deeper:
                created |= self._create_level(
                    child, [(region, user, categ, amount, qty) for user, categ, amount, qty in lines],
                    deeper)
        return created

    def _split_lines(self, plan):
        """The parent's targets, with regional ones divided per salesperson if asked."""
        cells = []
        members = {}
        if self.split_salespeople:
            regions = plan.line_ids.filtered(lambda line: not line.user_id).mapped('region_id')
            # the members who may hold a target: sales users of the module (see
            # sales.plan.line._check_salesperson), not a warehouse clerk put in the team
            users = self.env['res.users'].search([
                ('sale_team_id', 'in', regions.ids), ('share', '=', False),
                ('groups_id', 'in', self.env.ref('sales_process.group_salesperson').id)])
            for region in regions:
                members[region] = users.filtered(lambda user: user.sale_team_id == region)
        for line in plan.line_ids:
            team = members.get(line.region_id) if not line.user_id else None
            if not team:
                cells.append((line.region_id, line.user_id, line.categ_id, line.target_amount,
                              line.target_qty))
                continue
            shares = self._salesperson_shares(plan, line, team)
            amounts = self._allocate(line.target_amount, shares, plan.currency_id.rounding)
            quantities = self._allocate(line.target_qty, shares, 0.01)
            for user, amount, qty in zip(team, amounts, quantities):
                cells.append((line.region_id, user, line.categ_id, amount, qty))
        return cells

    def _salesperson_shares(self, plan, line, team):
        if self.method == 'even':
            return [1.0] * len(team)
        targets = [Target(user.id, plan.company_id.id, line.region_id.id, user.id, line.categ_id.id,
                          plan.date_start, plan.date_end) for user in team]
        last_year = self.env['sales.achievement'].measure(targets)
        shares = [max(last_year[user.id][2], 0.0) for user in team]
        return shares if sum(shares) > 0 else [1.0] * len(team)

    def _weights(self, parent, cells, periods):
        """Per cell, the weight of each period: months covered, or last year's sales."""
        even = [float((end.year - start.year) * 12 + end.month - start.month + 1)
                for start, end in periods]
        if self.method == 'even':
            return [even] * len(cells)
        targets = [Target(index * len(periods) + position, parent.company_id.id, region.id, user.id,
                          categ.id, fields.Date.to_string(start), fields.Date.to_string(end))
                   for index, (region, user, categ, _amount, _qty) in enumerate(cells)
                   for position, (start, end) in enumerate(periods)]
        last_year = self.env['sales.achievement'].measure(targets)
        weights = []
        for index in range(len(cells)):
            seasonal = [max(last_year[index * len(periods) + position][2], 0.0)
                        for position in range(len(periods))]
            weights.append(seasonal if sum(seasonal) > 0 else even)
        return weights

    @staticmethod
    def _periods(plan, months):
        start = fields.Date.from_string(plan.date_start)
        end = fields.Date.from_string(plan.date_end)
        periods = []
        while start <= end:
            periods.append((start, start + relativedelta(months=months, days=-1)))
            start += relativedelta(months=months)
        return periods

    @staticmethod
    def _allocate(total, weights, rounding):
        """Split `total` in proportion to `weights`, rounded, adding up exactly to `total`: the
        rounding difference goes to the largest part (so that no part turns negative)."""
        weight_sum = float(sum(weights))
        parts = [float_round(total * weight / weight_sum, precision_rounding=rounding)
                 for weight in weights]
        largest = parts.index(max(parts))
        parts[largest] = float_round(total - sum(parts) + parts[largest], precision_rounding=rounding)
        return parts
