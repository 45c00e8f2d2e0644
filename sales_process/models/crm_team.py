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
        return team

    @api.multi
    def write(self, vals):
        result = super(CrmTeam, self).write(vals)
        if {'user_id', 'member_ids', 'is_sales_region', 'active'} & set(vals):
            # the region record rules are evaluated with user.sales_region_ids and cached
            self.env['ir.rule'].clear_caches()
        return result
