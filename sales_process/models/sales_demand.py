from datetime import timedelta

from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.exceptions import UserError, ValidationError

# Demand that the stock of the region's warehouse must still cover (the stock check counts it)
OPEN_DEMAND_STATES = ('open', 'requested')


class SalesDemand(models.Model):
    """A quantity of a product the market of a region needs by a date, gathered by a salesperson.

    Open demand is counted by the stock check of the region's warehouse; selected demand lines
    become a stock transfer request (merged per product). The demand is covered when the goods
    of its request have arrived.
    """
    _name = 'sales.demand'
    _description = 'Market Demand'
    _inherit = ['sales.region.mixin', 'sales.process.document']
    _order = 'date_needed, id'

    # its status and request change through its actions and its request only (_set_state)
    _workflow_fields = {'state', 'request_line_id'}
    # a requested or closed demand keeps the figures its request was made of
    _unlocked_fields = {'date_needed', 'user_id', 'partner_id', 'opportunity_id', 'note'}

    product_id = fields.Many2one(
        'product.product', required=True, index=True, ondelete='restrict',
        domain=[('type', '=', 'product')], track_visibility='onchange')
    product_uom_id = fields.Many2one(
        'product.uom', string='Unit of Measure', related='product_id.uom_id', readonly=True)
    uom_rounding = fields.Float(related='product_uom_id.rounding', readonly=True,
                                string='Unit Rounding')  # the decimals the quantities show
    product_qty = fields.Float(
        string='Quantity', required=True, default=1.0,
        digits=dp.get_precision('Product Unit of Measure'), track_visibility='onchange')
    date_needed = fields.Date(
        string='Needed By', required=True, index=True, track_visibility='onchange',
        default=lambda self: fields.Date.to_string(
            fields.Date.from_string(fields.Date.context_today(self)) + timedelta(days=7)))
    user_id = fields.Many2one(
        'res.users', string='Salesperson', required=True, index=True,
        default=lambda self: self.env.user, track_visibility='onchange')
    partner_id = fields.Many2one(
        'res.partner', string='Customer', index=True, domain=[('customer', '=', True)],
        help="The customer behind the demand, if any.")
    opportunity_id = fields.Many2one(
        'crm.lead', index=True, domain=[('type', '=', 'opportunity')],
        help="The opportunity behind the demand, if any.")
    note = fields.Text(string='Notes')
    state = fields.Selection(
        [('open', 'Open'), ('requested', 'In a Transfer Request'), ('done', 'Covered'),
         ('cancel', 'Cancelled')],
        string='Status', default='open', required=True, readonly=True, copy=False, index=True,
        track_visibility='onchange',
        help="Open and requested demand is counted by the stock check of the region's "
             "warehouse. Demand is covered when the goods of its transfer request have arrived "
             "(or when its salesperson marks it covered).")
    request_line_id = fields.Many2one(
        'stock.transfer.request.line', string='Transfer Request Line', readonly=True, copy=False,
        index=True, ondelete='set null')
    request_id = fields.Many2one(
        'stock.transfer.request', string='Transfer Request', related='request_line_id.request_id',
        readonly=True, store=True)
    warehouse_id = fields.Many2one(
        'stock.warehouse', string='Regional Warehouse', related='region_id.warehouse_id',
        readonly=True)

    @api.constrains('product_qty')
    def _check_product_qty(self):
        # sudo: the record rules are checked right after (a foreign region is an access error)
        for demand in self.sudo():
            if demand.product_qty <= 0:
                raise ValidationError(_("The quantity of a demand must be positive (%(product)s: "
                                        "%(qty)s).") % {'product': demand.product_id.display_name,
                                                        'qty': demand.product_qty})

    @api.constrains('product_id')
    def _check_product_storable(self):
        for demand in self.sudo():
            if demand.product_id.type != 'product':
                raise ValidationError(_("%(product)s is not a storable product: only stocked "
                                        "products are gathered as demand and transferred.")
                                      % {'product': demand.product_id.display_name})

    @api.onchange('opportunity_id')
    def _onchange_opportunity_id(self):
        if self.opportunity_id.partner_id:
            self.partner_id = self.opportunity_id.partner_id.commercial_partner_id

    # CRUD

    @api.multi
    def name_get(self):
        return [(demand.id, '%s: %g %s' % (demand.product_id.display_name, demand.product_qty,
                                           demand.product_uom_id.name or ''))
                for demand in self]

    # The document layer: only open demand changes what it asks for

    def _is_locked(self):
        return self.state != 'open'

    def _locked_message(self, labels):
        return _("Only open demand can be changed; %(demand)s is %(state)s.") % {
            'demand': self.display_name, 'state': self._selection_label().lower()}

    # Actions

    @api.multi
    def action_request_transfer(self):
        """Open the wizard that turns the selected open demand into transfer requests."""
        return {
            'type': 'ir.actions.act_window',
            'name': _('Request a Transfer'),
            'res_model': 'sales.demand.transfer.wizard',
            'view_mode': 'form',
            'target': 'new',
            'context': {'active_model': self._name, 'active_ids': self.ids},
        }

    @api.multi
    def action_mark_covered(self):
        self._check_state(('open', 'requested'), _("%(demand)s is %(state)s: only open or "
                                                   "requested demand can be marked covered."))
        self._set_state('done')
        return True

    @api.multi
    def action_cancel(self):
        self._check_state(('open',), _("%(demand)s is %(state)s: only open demand can be "
                                       "cancelled (remove it from its transfer request first)."))
        self._set_state('cancel')
        return True

    @api.multi
    def action_reopen(self):
        self._check_state(('cancel',), _("%(demand)s is %(state)s: only cancelled demand can be "
                                         "reopened."))
        self._set_state('open')
        return True

    # Business helpers

    def _set_state(self, state, request_line=None):
        """Move the demand to `state`; it belongs to `request_line` when requested, to no
        request when open again."""
        vals = {'state': state}
        if state == 'requested':
            vals['request_line_id'] = request_line.id
        elif state == 'open':
            vals['request_line_id'] = False
        self._workflow_write(vals)

    def _check_state(self, states, message):
        """Refuse the action unless every demand is in one of `states` (message: translated,
        with the placeholders %(demand)s and %(state)s), or unless the user may change them."""
        self._check_write_access()
        wrong = self.filtered(lambda demand: demand.state not in states)
        if wrong:
            raise UserError(message % {'demand': wrong[0].display_name,
                                       'state': wrong[0]._selection_label().lower()})
