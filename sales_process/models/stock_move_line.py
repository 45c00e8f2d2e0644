from odoo import api, fields, models


class StockMoveLine(models.Model):
    _inherit = 'stock.move.line'

    # Stock transfer requests
    #
    # The operations are where a transfer order is done: qty_done is what its validation moves,
    # the reserved quantity, locations, lots and packages are what it takes. Every internal
    # user may write move lines in Odoo 11 (base.group_user has full access), so those of a
    # request's transfer order are refused here to all but the warehouse, except when Odoo
    # reserves (stock.move._action_assign) or frees a reservation (_free_reservation below).

    # stored for the record rules, as on stock.move: the operations of a transfer order, or of
    # one of its moves
    transfer_request_id = fields.Many2one(
        'stock.transfer.request', compute='_compute_transfer_request_id',
        store=True, index=True, readonly=True)

    # Exchanges and returns: stored for the record rules, as transfer_request_id
    aftersales_case_id = fields.Many2one(
        'sales.aftersales.case', related='picking_id.aftersales_case_id', store=True,
        index=True, readonly=True, string='After-Sales Case')

    @api.depends('move_id.transfer_request_id', 'picking_id.transfer_request_id')
    def _compute_transfer_request_id(self):
        for line in self:
            line.transfer_request_id = (line.move_id.transfer_request_id
                                        or line.picking_id.transfer_request_id)

    @api.model
    def create(self, vals):
        Picking = self.env['stock.picking']
        Picking._check_transfer_request_link(vals, ('transfer_request_id',))
        if vals.get('move_id'):
            Picking._check_transfer_order_processing(self.env['stock.move'].browse(vals['move_id']))
        if vals.get('picking_id'):
            Picking._check_transfer_order_processing(Picking.browse(vals['picking_id']))
        return super(StockMoveLine, self).create(vals)

    @api.multi
    def write(self, vals):
        Picking = self.env['stock.picking']
        Picking._check_transfer_request_link(vals, ('transfer_request_id',))
        Picking._check_transfer_order_processing(self)
        if vals.get('move_id'):
            Picking._check_transfer_order_processing(self.env['stock.move'].browse(vals['move_id']))
        if vals.get('picking_id'):
            Picking._check_transfer_order_processing(Picking.browse(vals['picking_id']))
        return super(StockMoveLine, self).write(vals)

    @api.multi
    def unlink(self):
        # unlinking a reserved line unreserves it (Picking.do_unreserve does just that)
        self.env['stock.picking']._check_transfer_order_processing(self)
        return super(StockMoveLine, self).unlink()

    def _free_reservation(self, product_id, location_id, quantity, lot_id=None, package_id=None,
                          owner_id=None, ml_to_ignore=None):
        """Validating more than was reserved (someone's delivery from the head office) takes
        stock other moves reserved, a transfer order's among them: Odoo reduces or unlinks
        their move lines and recomputes their states. That is the quants' bookkeeping, done for
        whoever validates, with the superuser's rights: the record rules would hide the move
        lines of another region's transfer order from the search, leaving the stock reserved
        beyond what is on hand."""
        return super(StockMoveLine, self.sudo())._free_reservation(
            product_id, location_id, quantity, lot_id=lot_id, package_id=package_id,
            owner_id=owner_id, ml_to_ignore=ml_to_ignore)
