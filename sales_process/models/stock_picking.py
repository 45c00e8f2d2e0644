from odoo import fields, models


class StockPicking(models.Model):
    _inherit = 'stock.picking'

    transfer_request_id = fields.Many2one(
        'stock.transfer.request', string='Transfer Request', index=True, readonly=True,
        ondelete='restrict',
        help="The approved stock transfer request this transfer order carries out (its "
             "backorders keep it).")
