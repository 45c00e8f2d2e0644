from odoo import _, api, fields, models


class StockWarehouse(models.Model):
    """Head office and regional warehouses of the sales process.

    A regional warehouse serves a sales region (crm.team.warehouse_id); the head office is the
    company's first other warehouse, which the transfer requests take the goods from, through
    its "Transfers to Regions" operation type.
    """
    _inherit = 'stock.warehouse'

    # Stock transfer requests

    transfer_request_type_id = fields.Many2one(
        'stock.picking.type', string='Transfers to Regions Type', readonly=True, copy=False,
        help="The operation type of the transfer orders created from approved stock transfer "
             "requests leaving this warehouse (created with the first of them).")

    @api.model
    def _sales_regional_warehouses(self):
        """The warehouses that serve a sales region: their stock is replenished through stock
        transfer requests."""
        return self.env['crm.team'].sudo().search(
            [('is_sales_region', '=', True), ('warehouse_id', '!=', False)]).mapped('warehouse_id')

    @api.model
    def _sales_head_office_warehouse(self, company):
        """The default source of transfer requests: the company's first warehouse that serves
        no region (its first warehouse if they all do)."""
        warehouses = self.sudo().search([('company_id', '=', company.id)], order='id')
        regional = self._sales_regional_warehouses()
        return (warehouses - regional)[:1] or warehouses[:1]

    def _sales_transfer_picking_type(self):
        """The operation type of the transfers to regions leaving this warehouse.

        Its own type (rather than the warehouse's "Internal Transfers", inactive unless several
        locations are managed) gives the warehouse staff a card of their own in the Inventory
        dashboard and a reference sequence of its own.
        """
        self.ensure_one()
        warehouse = self.sudo()
        if not warehouse.transfer_request_type_id:
            sequence = self.env['ir.sequence'].sudo().create({
                'name': _('%(warehouse)s Sequence transfers to regions') % {
                    'warehouse': warehouse.name},
                'prefix': '%s/RT/' % warehouse.code,
                'padding': 5,
                'company_id': warehouse.company_id.id,
            })
            picking_type = self.env['stock.picking.type'].sudo().create({
                'name': _('Transfers to Regions'),
                'code': 'internal',
                'warehouse_id': warehouse.id,
                'sequence_id': sequence.id,
                'default_location_src_id': warehouse.lot_stock_id.id,
                'use_create_lots': False,
                'use_existing_lots': True,
                'sequence': 50,
            })
            warehouse.transfer_request_type_id = picking_type
        return warehouse.transfer_request_type_id
