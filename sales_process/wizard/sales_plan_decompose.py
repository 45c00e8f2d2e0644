from collections import OrderedDict

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_round

from ..models.sales_achievement import Target
from ..models.sales_process_document import create_in_bulk

LEVELS = {'quarter': [3], 'month': [1], 'quarter_month': [3, 1]}
WEIGHTINGS = [
    ('salesperson', "Salesperson's sales last year"),
    ('region', "Region's sales last year"),
    ('even', 'Evenly'),
]


class SalesPlanDecomposeWizard(models.TransientModel):
    """Split an approved plan into quarterly and/or monthly plans per region (and salesperson),
    evenly or in proportion to last year's sales (seasonality). The children add up exactly to
    their parent: rounding differences go to the largest period.

    What it creates is worked out once (``_distribution``) from two batched measures (last
    year's sales per salesperson and per region, month by month): the preview shows it, the
    Decompose button creates it.
    """
    _name = 'sales.plan.decompose.wizard'
    _description = 'Decompose a Sales Plan'

    plan_id = fields.Many2one('sales.plan', required=True, ondelete='cascade')
    period_type = fields.Selection(related='plan_id.period_type', readonly=True)
    plan_has_quantity = fields.Boolean(compute='_compute_plan_has_quantity')
    split = fields.Selection([
        ('quarter', 'Into quarters'),
        ('month', 'Into months'),
        ('quarter_month', 'Into quarters, then months'),
    ], required=True, default='quarter_month')
    method = fields.Selection([
        ('even', 'Evenly'),
        ('seasonal', "In proportion to last year's sales (seasonality)"),
    ], string='Distribution', required=True, default='seasonal',
        help="Seasonality: each month gets the share it had of the same target's actual sales in "
             "the same month last year. A salesperson's own sales are used when they sold in "
             "every month of the period last year; otherwise (a history too thin: a month "
             "without sales would get no target) their region's sales in the same product "
             "category are used; if the region too had a month without sales, the months are "
             "weighted evenly.")
    split_salespeople = fields.Boolean(
        string='Split regional targets per salesperson',
        help="Targets set for a whole region are divided among the region's salespeople (by "
             "their share of last year's sales with seasonality, or evenly).")
    send_to_regions = fields.Boolean(string='Send to the regions for acceptance', default=True)
    preview_ids = fields.One2many('sales.plan.decompose.preview', 'wizard_id', readonly=True,
                                  help="The targets the decomposition will create, per region, "
                                       "salesperson and period: nothing is created or sent "
                                       "before you press Decompose.")

    @api.depends('plan_id.target_qty')
    def _compute_plan_has_quantity(self):
        for wizard in self:
            wizard.plan_has_quantity = bool(wizard.plan_id.target_qty)

    @api.onchange('plan_id')
    def _onchange_plan_id(self):
        if self.plan_id.period_type == 'quarter':
            self.split = 'month'

    @api.onchange('plan_id', 'split', 'method', 'split_salespeople')
    def _onchange_preview(self):
        plan = self.plan_id
        splittable = plan.period_type == 'year' or (plan.period_type == 'quarter'
                                                    and self.split == 'month')
        self.preview_ids = [(5, 0, 0)] + ([(0, 0, values) for values in self._preview_values()]
                                          if plan and splittable else [])

    @api.multi
    def action_decompose(self):
        self.ensure_one()
        plan = self.plan_id
        plan._check_head_office()
        plan._check_decomposable()
        self._check_split()
        children = self._create_nodes(plan, self._distribution())
        plan._check_children_sum()
        plan._on_decomposed()
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

    def _check_split(self):
        if self.plan_id.period_type == 'quarter' and self.split != 'month':
            raise UserError(_("A quarterly plan is split into months."))

    # What the decomposition creates

    def _preview_values(self):
        """The finest plans' targets of the distribution, as preview lines."""
        values = []

        def leaves(nodes):
            for node in nodes:
                if node['children']:
                    leaves(node['children'])
                    continue
                for user, categ, amount, qty, weighting in node['lines']:
                    values.append({
                        'region_id': node['region'].id, 'user_id': user.id, 'categ_id': categ.id,
                        'period_type': node['period_type'],
                        'date_start': fields.Date.to_string(node['start']),
                        'date_end': fields.Date.to_string(node['end']),
                        'currency_id': self.plan_id.currency_id.id,
                        'target_amount': amount, 'target_qty': qty, 'weighting': weighting})
        leaves(self._distribution())
        return values

    def _distribution(self):
        """The plans to create, as a tree of nodes {region, period_type, start, end, lines:
        [(user, categ, amount, quantity, weighting)], children: [nodes]}."""
        self._check_split()
        plan = self.plan_id
        cells = self._split_lines(plan)  # [(region, user, categ, amount, qty)]
        weights = self._monthly_weights(plan, cells)
        return self._level(plan, fields.Date.from_string(plan.date_start),
                           fields.Date.from_string(plan.date_end), cells, LEVELS[self.split], weights)

    def _level(self, plan, start, end, cells, levels, weights):
        months, deeper = levels[0], levels[1:]
        periods = self._periods(start, end, months)
        plan_start = fields.Date.from_string(plan.date_start)
        per_child = OrderedDict()  # (region, period) -> [(user, categ, amount, qty, weighting)]
        for region, user, categ, amount, qty in cells:
            monthly, weighting = weights[(region.id, user.id, categ.id)]
            period_weights = [sum(monthly[self._month_index(plan_start, period_start) + offset]
                                  for offset in range(months))
                              for period_start, _period_end in periods]
            amounts = self._allocate(amount, period_weights, plan.currency_id.rounding)
            quantities = self._allocate(qty, period_weights, 0.01)
            for period, part_amount, part_qty in zip(periods, amounts, quantities):
                per_child.setdefault((region, period), []).append(
                    (user, categ, part_amount, part_qty, weighting))
        nodes = []
        for (region, (period_start, period_end)), lines in per_child.items():
            nodes.append({
                'region': region, 'period_type': 'quarter' if months == 3 else 'month',
                'start': period_start, 'end': period_end, 'lines': lines,
                'children': self._level(
                    plan, period_start, period_end,
                    [(region, user, categ, amount, qty) for user, categ, amount, qty, _w in lines],
                    deeper, weights) if deeper else [],
            })
        return nodes

    def _create_nodes(self, parent, nodes):
        """Create the plans of `nodes` under `parent`; return them all. Their targets (thousands
        for a company's year) are written per plan in one statement (create_in_bulk)."""
        Plan = self.env['sales.plan'].with_context(mail_create_nolog=True)
        # the plans' workflow creates them (head office was checked), with the module's rights
        Line = Plan._as_module().env['sales.plan.line']
        created = Plan.browse()
        for node in nodes:
            child = Plan._workflow_create({
                'parent_id': parent.id,
                'strategy_id': parent.strategy_id.id,
                'company_id': parent.company_id.id,
                'region_id': node['region'].id,
                'period_type': node['period_type'],
                'date_start': fields.Date.to_string(node['start']),
                'date_end': fields.Date.to_string(node['end']),
                'state': 'approved',
                'decomposed_by_id': self.env.uid if node['children'] else False,
            })
            create_in_bulk(Line, [{'plan_id': child.id, 'region_id': node['region'].id,
                                   'user_id': user.id, 'categ_id': categ.id,
                                   'target_amount': amount, 'target_qty': qty}
                                  for user, categ, amount, qty, _weighting in node['lines']])
            created |= child | self._create_nodes(child, node['children'])
        return created

    def _split_lines(self, plan):
        """The parent's targets, with regional ones divided per salesperson if asked."""
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
        split = plan.line_ids.filtered(lambda line: not line.user_id and members.get(line.region_id))
        shares = self._salesperson_shares(plan, split, members)
        cells = []
        for line in plan.line_ids:
            if line not in split:
                cells.append((line.region_id, line.user_id, line.categ_id, line.target_amount,
                              line.target_qty))
                continue
            team = members[line.region_id]
            amounts = self._allocate(line.target_amount, shares[line.id], plan.currency_id.rounding)
            quantities = self._allocate(line.target_qty, shares[line.id], 0.01)
            for user, amount, qty in zip(team, amounts, quantities):
                cells.append((line.region_id, user, line.categ_id, amount, qty))
        return cells

    def _salesperson_shares(self, plan, lines, members):
        """{line id: each team member's share of its target}: last year's sales over the plan's
        period (one measure for every line), evenly without seasonality or without sales."""
        if self.method == 'even':
            return {line.id: [1.0] * len(members[line.region_id]) for line in lines}
        pairs = [(line, user) for line in lines for user in members[line.region_id]]
        last_year = self.env['sales.achievement'].measure([
            Target(index, plan.company_id.id, line.region_id.id, user.id, line.categ_id.id,
                   plan.date_start, plan.date_end) for index, (line, user) in enumerate(pairs)])
        shares = {}
        for index, (line, _user) in enumerate(pairs):
            shares.setdefault(line.id, []).append(max(last_year[index][2], 0.0))
        return {line_id: values if sum(values) > 0 else [1.0] * len(values)
                for line_id, values in shares.items()}

    def _monthly_weights(self, plan, cells):
        """{(region, user, categ) ids: ([weight of each month of the plan], weighting)}.

        Seasonal: last year's sales in the same months (one measure for every target and its
        region), the salesperson's own where they sold in every month, else the region's in
        the same category where it did, else even (see the method's help)."""
        start = fields.Date.from_string(plan.date_start)
        count = self._month_index(start, fields.Date.from_string(plan.date_end)) + 1
        keys = list(OrderedDict.fromkeys((region.id, user.id, categ.id)
                                         for region, user, categ, _amount, _qty in cells))
        if self.method == 'even':
            return {key: ([1.0] * count, 'even') for key in keys}
        # every scope measured: the targets' own and their regions' (without salesperson)
        scopes = list(OrderedDict.fromkeys(
            [key for key in keys] + [(region, False, categ) for region, _user, categ in keys]))
        months = [start + relativedelta(months=index) for index in range(count)]
        targets = [Target(index * count + position, plan.company_id.id, region, user or None,
                          categ or None, fields.Date.to_string(month),
                          fields.Date.to_string(month + relativedelta(months=1, days=-1)))
                   for index, (region, user, categ) in enumerate(scopes)
                   for position, month in enumerate(months)]
        figures = self.env['sales.achievement'].measure(targets)
        history = {scope: [max(figures[index * count + position][2], 0.0) for position in range(count)]
                   for index, scope in enumerate(scopes)}
        weights = {}
        for region, user, categ in keys:
            own = history[(region, user, categ)]
            regional = history[(region, False, categ)]
            if user and all(own):
                weights[(region, user, categ)] = (own, 'salesperson')
            elif all(regional):
                weights[(region, user, categ)] = (regional, 'region')
            else:
                weights[(region, user, categ)] = ([1.0] * count, 'even')
        return weights

    @staticmethod
    def _month_index(start, month):
        return (month.year - start.year) * 12 + month.month - start.month

    @staticmethod
    def _periods(start, end, months):
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


class SalesPlanDecomposePreview(models.TransientModel):
    """One target the decomposition will create (a plan of the finest level), shown before
    anything is created."""
    _name = 'sales.plan.decompose.preview'
    _description = 'Decomposition Preview'
    _order = 'region_id, user_id, categ_id, date_start, id'

    wizard_id = fields.Many2one('sales.plan.decompose.wizard', required=True, ondelete='cascade')
    currency_id = fields.Many2one('res.currency', readonly=True)
    region_id = fields.Many2one('crm.team', readonly=True)
    user_id = fields.Many2one('res.users', string='Salesperson', readonly=True)
    categ_id = fields.Many2one('product.category', string='Product Category', readonly=True)
    period_type = fields.Selection([('quarter', 'Quarter'), ('month', 'Month')], string='Period',
                                   readonly=True)
    date_start = fields.Date(string='From', readonly=True)
    date_end = fields.Date(string='To', readonly=True)
    target_amount = fields.Monetary(string='Target', readonly=True)
    target_qty = fields.Float(string='Target Quantity', digits=(16, 2), readonly=True)
    weighting = fields.Selection(WEIGHTINGS, string='Weighted By', readonly=True,
                                 help="Whose sales last year shaped this target's months.")
