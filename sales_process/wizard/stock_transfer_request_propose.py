from odoo import api, fields, models


class StockTransferRequestPropose(models.TransientModel):
    """The "Propose Requests" page: what the stock check finds short in the user's regions,
    and the button that drafts the transfer requests for it."""
    _name = 'stock.transfer.request.propose'
    _description = 'Propose Transfer Requests'

    region_ids = fields.Many2many('crm.team', string='Regions', compute='_compute_shortages',
                                  help="The regions whose warehouses are checked: yours (every "
                                       "region for head office).")
    shortage_count = fields.Integer(
        string='Products Below Safety Level', compute='_compute_shortages',
        help="Products of these regions' warehouses below their safety level (open demand "
             "counted) and not in an open transfer request.")

    def _compute_shortages(self):
        regions = self.env['stock.transfer.request']._stock_check_regions()
        warehouses = regions.mapped('warehouse_id')
        count = len(self.env['sales.stock.check'].get_shortages(warehouses))
        for wizard in self:
            wizard.region_ids = regions
            wizard.shortage_count = count

    @api.multi
    def action_propose(self):
        return self.env['stock.transfer.request'].action_check_stock()

    @api.multi
    def action_view_stock_check(self):
        return self.env.ref('sales_process.sales_stock_check_action').read()[0]
