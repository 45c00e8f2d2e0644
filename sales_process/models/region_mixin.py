from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class SalesRegionMixin(models.AbstractModel):
    """The region of a sales process document (whose company, ``company_id``, every document
    has: see sales.process.document).

    Every regional document inherits this mixin and declares the same three record rules
    (see security/sales_process_security.xml for the pattern):

    * global: ``['|', ('company_id', '=', False), ('company_id', 'child_of', [user.company_id.id])]``
    * regional staff and managers: ``[('region_id', 'in', user.sales_region_ids.ids)]``
    * all regions (``group_all_regions``, implied by the head-office roles): ``[(1, '=', 1)]``

    so that the same rule reads the same everywhere and head office sees all through groups,
    never through code.
    """
    _name = 'sales.region.mixin'
    _description = 'Sales Region Mixin'

    region_id = fields.Many2one(
        'crm.team', required=True, index=True, ondelete='restrict',
        domain=[('is_sales_region', '=', True)], default=lambda self: self._default_region(),
        track_visibility='onchange')
    region_manager_id = fields.Many2one(
        'res.users', string='Regional Manager', related='region_id.user_id', readonly=True,
        store=True)

    @api.model
    def _default_region(self):
        regions = self.env.user.sales_region_ids
        return regions[:1]

    @api.constrains('region_id', 'company_id')
    def _check_region_company(self):
        # sudo: the record rules (checked right after) are what refuse a foreign region
        for record in self.sudo():
            region_company = record.region_id.company_id
            if region_company and region_company != record.company_id:
                raise ValidationError(_(
                    "The region %(region)s belongs to the company %(region_company)s, not to "
                    "%(company)s.") % {'region': record.region_id.name,
                                       'region_company': region_company.name,
                                       'company': record.company_id.name})

    def _require_region_warehouse(self):
        """The region's warehouse, or a clear error when the region has none."""
        self.ensure_one()
        if not self.region_id.warehouse_id:
            raise ValidationError(_(
                "The region %(region)s has no regional warehouse: set one in Sales Process > "
                "Configuration > Regions.") % {'region': self.region_id.name})
        return self.region_id.warehouse_id
