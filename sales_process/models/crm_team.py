from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CrmTeam(models.Model):
    """A sales region is a sales team (called "Sales Channel" in Odoo 11).

    The team's leader is the regional manager, its members are the regional staff, and the
    region keeps its own warehouse, which stock transfer requests deliver to.
    """
    _inherit = 'crm.team'

    # Regions: a sales team is a region, with its manager, staff and warehouse

    is_sales_region = fields.Boolean(
        string='Sales Region', default=True,
        help="Regions are the sales teams that the sales process documents (plans, requests, "
             "promotions, exchanges and returns) belong to. Untick for channels such as the "
             "website.")
    region_code = fields.Char(size=8)
    warehouse_id = fields.Many2one(
        'stock.warehouse', string='Regional Warehouse', ondelete='restrict',
        help="The warehouse that serves this region: stock checks and transfer orders use it.")

    # Sales expense budgets: a region's spend is what is booked to its analytic account

    analytic_account_id = fields.Many2one(
        'account.analytic.account', ondelete='restrict', copy=False,
        help="Vendor bill lines and expenses booked to this analytic account are the region's "
             "spend, measured against its expense budget. Made with the region.")

    _sql_constraints = [
        ('region_code_company_uniq', 'unique(region_code, company_id)',
         'The region code must be unique per company.'),
    ]

    @api.constrains('warehouse_id', 'company_id')
    def _check_warehouse_company(self):
        for team in self:
            if team.warehouse_id and team.company_id and team.warehouse_id.company_id != team.company_id:
                raise ValidationError(_(
                    "The regional warehouse %(warehouse)s belongs to another company than the "
                    "region %(region)s.") % {'warehouse': team.warehouse_id.name,
                                             'region': team.name})

    @api.model
    def create(self, vals):
        team = super(CrmTeam, self).create(vals)
        self.env['ir.rule'].clear_caches()
        team._ensure_analytic_account()
        return team

    @api.multi
    def write(self, vals):
        result = super(CrmTeam, self).write(vals)
        if {'user_id', 'member_ids', 'is_sales_region', 'active'} & set(vals):
            # the region record rules are evaluated with user.sales_region_ids and cached
            self.env['ir.rule'].clear_caches()
        return result

    # Sales expense budgets

    @api.model
    def _setup_region_analytic_accounts(self):
        """Give every sales region without one its analytic account (install and upgrade:
        idempotent)."""
        self.sudo().with_context(active_test=False).search(
            [('is_sales_region', '=', True), ('analytic_account_id', '=', False)])._ensure_analytic_account()
        return True

    def _ensure_analytic_account(self):
        # sudo: analytic accounts are Accounting's; the region's own rights made the region
        for team in self.sudo().filtered(lambda team: team.is_sales_region and not team.analytic_account_id):
            team.analytic_account_id = self.env['account.analytic.account'].sudo().create({
                'name': team.name, 'code': team.region_code or False,
                'company_id': (team.company_id or self.env.user.company_id).id})
