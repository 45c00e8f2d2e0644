from odoo import fields, models


class StockMove(models.Model):
    _inherit = 'stock.move'

    transfer_request_line_id = fields.Many2one(
        'stock.transfer.request.line', string='Transfer Request Line', index=True,
        ondelete='set null', readonly=True,
        help="The line of the stock transfer request this move delivers (kept by the moves of "
             "backorders, which are split from it).")

    def _action_done(self):
        moves = super(StockMove, self)._action_done()
        # the split and extra moves are linked too: follow every move of the requests
        self._transfer_requests()._sync_transfer_state()
        return moves

    def _action_cancel(self):
        result = super(StockMove, self)._action_cancel()
        self._transfer_requests()._sync_transfer_state()
        return result

    def _transfer_requests(self):
        """The requests these moves deliver, in the acting user's environment: they follow
        their transfer orders with the module's rights (see _sync_transfer_state)."""
        requests = self.exists().sudo().mapped('transfer_request_line_id.request_id')
        return requests.with_env(self.env)
