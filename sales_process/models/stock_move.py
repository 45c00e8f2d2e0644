from odoo import api, fields, models

from .stock_picking import RESERVATION_TOKEN


class StockMove(models.Model):
    _inherit = 'stock.move'

    # Stock transfer requests

    transfer_request_line_id = fields.Many2one(
        'stock.transfer.request.line', index=True,
        ondelete='set null', readonly=True,
        help="The line of the stock transfer request this move delivers (kept by the moves of "
             "backorders, which are split from it).")
    # stored for the record rules (security/stock_transfer_security.xml): a column they can
    # compare with NULL, where a path through the picking would list every other picking
    transfer_request_id = fields.Many2one(
        'stock.transfer.request', compute='_compute_transfer_request_id',
        store=True, index=True, readonly=True,
        help="The stock transfer request whose transfer order this move belongs to.")

    @api.depends('transfer_request_line_id.request_id', 'picking_id.transfer_request_id')
    def _compute_transfer_request_id(self):
        for move in self:
            move.transfer_request_id = (move.transfer_request_line_id.request_id
                                        or move.picking_id.transfer_request_id)

    # Exchanges and returns: stored for the record rules, as transfer_request_id
    aftersales_case_id = fields.Many2one(
        'sales.aftersales.case', related='picking_id.aftersales_case_id', store=True,
        index=True, readonly=True, string='After-Sales Case')

    @api.model
    def create(self, vals):
        self.env['stock.picking']._check_transfer_request_link(
            vals, ('transfer_request_line_id', 'transfer_request_id'))
        if vals.get('picking_id'):
            # a move added to a transfer order (its form, a scrap from it, an operation of
            # another product): the warehouse's
            self.env['stock.picking']._check_transfer_order_processing(
                self.env['stock.picking'].browse(vals['picking_id']))
        return super(StockMove, self).create(vals)

    @api.multi
    def write(self, vals):
        # product, quantities (quantity_done writes the operations), locations, picking,
        # state...: only Odoo's reservation bookkeeping changes a request's move for others
        Picking = self.env['stock.picking']
        Picking._check_transfer_request_link(
            vals, ('transfer_request_line_id', 'transfer_request_id'))
        Picking._check_transfer_order_processing(self)
        if vals.get('picking_id'):
            Picking._check_transfer_order_processing(Picking.browse(vals['picking_id']))
        return super(StockMove, self).write(vals)

    @api.multi
    def unlink(self):
        # Odoo deletes draft and cancelled moves: the cancelled moves of a transfer order are
        # the trace of what it did not deliver
        self.env['stock.picking']._check_transfer_order_processing(self)
        return super(StockMove, self).unlink()

    # Every validation and cancellation of a transfer order ends here, whatever started it (the
    # picking's buttons, the immediate transfer and backorder wizards, a scrap, a deleted
    # picking, another module): refused before Odoo moves or frees anything.

    def _action_done(self):
        self.env['stock.picking']._check_transfer_order_processing(self)
        moves = super(StockMove, self)._action_done()
        # the split and extra moves are linked too: follow every move of the requests
        self._transfer_requests()._sync_transfer_state()
        self._aftersales_cases()._sync_pickings()
        return moves

    def _action_cancel(self):
        self.env['stock.picking']._check_transfer_order_processing(self)
        result = super(StockMove, self)._action_cancel()
        self._transfer_requests()._sync_transfer_state()
        return result

    # Reserving a transfer order ("Check Availability", the scheduler) is Odoo's bookkeeping of
    # the quants, not a change of the order: the move lines and states it writes stay open to
    # whoever triggers it.

    def _action_assign(self):
        return super(StockMove, self.with_context(
            transfer_request_reservation=RESERVATION_TOKEN))._action_assign()

    def _aftersales_cases(self):
        """The after-sales cases whose returns or replacements these moves are, in the acting
        user's environment (they follow them with the module's rights)."""
        return self.exists().sudo().mapped('aftersales_case_id').with_env(self.env)

    def _transfer_requests(self):
        """The requests these moves deliver, in the acting user's environment: they follow
        their transfer orders with the module's rights (see _sync_transfer_state)."""
        requests = self.exists().sudo().mapped('transfer_request_line_id.request_id')
        return requests.with_env(self.env)
