from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError

# Odoo's reservation (stock.move._action_assign, see stock_move.py) runs with this token in its
# context: the move lines and states it writes on a transfer order follow the quants, whoever
# triggered it. RPC and the web client only send JSON, so they can never carry it.
RESERVATION_TOKEN = object()

# What following and printing a transfer order write on it, for anyone who may read it.
TRANSFER_ORDER_FREE_FIELDS = {'message_follower_ids', 'printed'}
# Passed in the context by action_done alone, which records who validated a transfer order:
# RPC and the web client only send JSON, so they can never carry it.
VALIDATION_TOKEN = object()


def plain_action(action):
    """The action a button returns, its context a plain dict: Odoo 11's Validate button returns
    its wizards' actions with the environment's context (a frozendict), which the web client's
    JSON encodes but XML-RPC cannot marshal (the warehouse validating over XML-RPC got a server
    error after the wizard was created)."""
    if isinstance(action, dict) and isinstance(action.get('context'), dict):
        action = dict(action, context=dict(action['context']))
    return action


class StockPicking(models.Model):
    _inherit = 'stock.picking'

    # Stock transfer requests
    #
    # The transfer order of an approved request is processed by the warehouse only. Odoo 11's
    # sale_stock gives every salesperson write access to pickings, moves and move lines, so
    # the refusal is in the methods, for any caller (RPC included): here the buttons and CRUD of
    # the transfer order, in stock_move.py the moves' _action_done/_action_cancel every
    # validation or cancellation goes through, and in stock_move_line.py the operations.

    transfer_request_id = fields.Many2one(
        'stock.transfer.request', index=True, readonly=True,
        ondelete='restrict',
        help="The approved stock transfer request this transfer order carries out (its "
             "backorders keep it).")
    # the request's, for the warehouse's list of transfer orders
    transfer_region_id = fields.Many2one(related='transfer_request_id.region_id', readonly=True,
                                         string='Region')
    transfer_source_warehouse_id = fields.Many2one(
        related='transfer_request_id.source_warehouse_id', readonly=True, string='From Warehouse')
    transfer_warehouse_id = fields.Many2one(
        related='transfer_request_id.warehouse_id', readonly=True, string='To Warehouse')
    # Odoo 11 records when a picking was done (date_done), not by whom: the request's printed
    # form has the warehouse sign with both (and the after-sales case's returns and replacements)
    validated_by_id = fields.Many2one(
        'res.users', readonly=True, copy=False,
        help="The warehouse user who validated this transfer order of a stock transfer "
             "request, or this return or replacement of an after-sales case.")

    # Exchanges and returns
    #
    # The return of a delivery and the replacement delivery of an after-sales case follow the
    # case (its region's rule, security/stock_transfer_security.xml) and, like transfer orders,
    # are processed by the warehouse only (the same guard below).

    aftersales_case_id = fields.Many2one(
        'sales.aftersales.case', string='After-Sales Case', index=True, readonly=True,
        copy=False, ondelete='restrict',
        help="The after-sales case this return or replacement belongs to.")

    @api.model
    def create(self, vals):
        self._check_transfer_request_link(vals, ('transfer_request_id',))
        self._check_aftersales_link(vals)
        self._check_validated_by(vals)
        return super(StockPicking, self).create(vals)

    @api.multi
    def write(self, vals):
        self._check_transfer_request_link(vals, ('transfer_request_id',))
        self._check_aftersales_link(vals)
        self._check_validated_by(vals)
        if set(vals) - TRANSFER_ORDER_FREE_FIELDS:
            # locations (propagated to the moves), moves and operations edited in the form,
            # dates, lock... whatever the field, the warehouse decides
            self._check_transfer_order_processing(self)
        return super(StockPicking, self).write(vals)

    @api.multi
    def unlink(self):
        # Odoo cancels the moves first: refused here with the transfer order's name
        self._check_transfer_order_processing(self)
        return super(StockPicking, self).unlink()

    # The buttons (public, so callable over RPC) are refused before Odoo starts working:
    # button_validate creates wizards, action_done links the operations to moves and creates
    # moves before it reaches stock.move._action_done (do_transfer and the immediate transfer
    # and backorder wizards end in action_done); do_unreserve unlinks move lines and
    # force_assign writes the moves' states, which stock_move(_line).py refuse one by one.

    @api.multi
    def button_validate(self):
        self._check_transfer_order_processing(self)
        return plain_action(super(StockPicking, self).button_validate())

    @api.multi
    def action_generate_backorder_wizard(self):
        return plain_action(super(StockPicking, self).action_generate_backorder_wizard())

    @api.multi
    def action_done(self):
        self._check_transfer_order_processing(self)
        result = super(StockPicking, self).action_done()
        # beside the date_done Odoo has just written: the user validating them
        self.filtered(lambda picking: (picking.transfer_request_id or picking.aftersales_case_id)
                      and picking.state == 'done' and not picking.validated_by_id).with_context(
            transfer_order_validation=VALIDATION_TOKEN).write({'validated_by_id': self.env.uid})
        return result

    @api.multi
    def action_cancel(self):
        self._check_transfer_order_processing(self)
        return super(StockPicking, self).action_cancel()

    @api.multi
    def do_unreserve(self):
        self._check_transfer_order_processing(self)
        return super(StockPicking, self).do_unreserve()

    @api.multi
    def force_assign(self):
        self._check_transfer_order_processing(self)
        return super(StockPicking, self).force_assign()

    @api.model
    def _is_transfer_order_processor(self):
        """Whether the current user processes the transfer orders of stock transfer requests:
        the warehouse roles (the Warehouse role, Inventory managers) and the superuser (the
        module creates and reserves them with sudo)."""
        user = self.env.user
        return (self.env.uid == SUPERUSER_ID or user.has_group('sales_process.group_warehouse')
                or user.has_group('stock.group_stock_manager'))

    @api.model
    def _check_transfer_order_processing(self, records):
        """Refuse any processing or change of `records` (pickings, moves or move lines) when one
        belongs to a stock transfer request, unless the user processes transfer orders or Odoo
        is only keeping the reservation up to date (RESERVATION_TOKEN)."""
        if (self.env.context.get('transfer_request_reservation') is RESERVATION_TOKEN
                or self._is_transfer_order_processor()):
            return
        refused = records.sudo().filtered(
            lambda record: record.transfer_request_id or record.aftersales_case_id)[:1]
        if not refused:
            return
        # a record the user may not read raises Odoo's own error, without naming it
        records.browse(refused.ids).check_access_rule('read')
        picking = refused if refused._name == self._name else refused.picking_id
        if not refused.transfer_request_id:
            raise AccessError(_(
                "%(picking)s is a return or a replacement of the after-sales case %(case)s: only "
                "the warehouse (the Warehouse role or Inventory managers) may validate, cancel, "
                "unreserve or change it.")
                % {'picking': picking.name or refused.display_name,
                   'case': refused.aftersales_case_id.name})
        raise AccessError(_(
            "%(picking)s is the transfer order of the stock transfer request %(request)s: only "
            "the warehouse (the Warehouse role or Inventory managers) may validate, cancel, "
            "unreserve or change it.")
            % {'picking': picking.name or refused.display_name,
               'request': refused.transfer_request_id.name})

    @api.model
    def _check_validated_by(self, vals):
        """Who validated a transfer order is recorded by its validation only (action_done)."""
        if ('validated_by_id' in vals and self.env.context.get('transfer_order_validation')
                is not VALIDATION_TOKEN):
            raise AccessError(_("Who validated a transfer order is recorded when it is "
                                "validated: it cannot be set by hand."))

    @api.model
    def _check_transfer_request_link(self, vals, link_fields):
        """Only the warehouse roles link a record to a stock transfer request: a link set by
        anyone else would make a transfer order of their own pass for the request's."""
        if any(vals.get(name) for name in link_fields) and not self._is_transfer_order_processor():
            raise AccessError(_(
                "Only the warehouse (the Warehouse role or Inventory managers) may link a "
                "transfer order or its moves to a stock transfer request: transfer orders are "
                "made from approved requests."))

    @api.model
    def _check_aftersales_link(self, vals):
        """Only the module links a return, a replacement or a credit note to an after-sales
        case (with its own rights): a link set by anyone else would move the case on."""
        if vals.get('aftersales_case_id') and self.env.uid != SUPERUSER_ID:
            raise AccessError(_("Returns, replacements and credit notes are linked to an "
                                "after-sales case by the case itself."))

    # Exchanges and returns: the delivery's after-sales cases (smart button)

    aftersales_case_count = fields.Integer(string='After-Sales Cases',
                                           compute='_compute_aftersales_case_count')

    def _compute_aftersales_case_count(self):
        counts = self.env['sales.aftersales.case']._count_cases('picking_id', self.ids)
        for picking in self:
            picking.aftersales_case_count = counts.get(picking.id, 0)

    @api.multi
    def action_view_aftersales_cases(self):
        self.ensure_one()
        return self.env['sales.aftersales.case']._open_cases_action([('picking_id', '=', self.id)])
