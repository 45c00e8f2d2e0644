from collections import OrderedDict

from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from .approval_step import group_members
from .sales_process_document import create_in_bulk

# A request is open (its products are not proposed again by the stock check) until it is done
# or cancelled; its quantities are not yet on a transfer order while it is being approved.
OPEN_REQUEST_STATES = ('draft', 'to_approve', 'recheck', 'transfer', 'partial')
UNTRANSFERRED_REQUEST_STATES = ('draft', 'to_approve', 'recheck')
EDITABLE_REQUEST_STATES = ('draft', 'recheck')
# the warehouse's to-do once a request is approved (closed when the transfer is done or cancelled)
TRANSFER_PROCESS_ACTIVITY = 'sales_process.mail_activity_type_transfer_process'
# one stock check at a time, on every server (sales.process.document._claim_run)
STOCK_CHECK_JOB = 'stock_check'
FIGURE_FIELDS = {'on_hand_qty': 'on_hand', 'forecast_qty': 'forecast', 'demand_qty': 'demand',
                 'safety_qty': 'safety', 'shortage_qty': 'shortage'}


class StockTransferRequest(models.Model):
    """The transfer request form (调货申请单): goods a region needs from the head office.

    Gathered from the market's demand or proposed by the stock check, approved by the region's
    manager then by sales headquarters (the approval engine), and turned into a transfer order
    for the warehouse, which the request follows until the goods have arrived. A rejection sends
    it back to re-check the stock before it can be submitted again.
    """
    _name = 'stock.transfer.request'
    _description = 'Stock Transfer Request'
    _inherit = ['sales.region.mixin', 'sales.approval.mixin']
    _order = 'date_request desc, id desc'

    _approval_amount_field = 'amount_total'
    _approval_depends = ('state', 'stock_rechecked')
    # what only the request's actions write: its status, the re-check loop, the figures' date,
    # where it came from and its transfer orders
    _workflow_fields = {'name', 'state', 'recheck_count', 'recheck_reason', 'stock_rechecked',
                        'figures_date', 'origin_type', 'picking_ids'}
    _unlocked_fields = {'note'}

    name = fields.Char(
        string='Reference', required=True, readonly=True, copy=False, index=True,
        default=lambda self: _('New'))
    user_id = fields.Many2one(
        'res.users', string='Requested By', required=True, index=True,
        default=lambda self: self.env.user, track_visibility='onchange')
    date_request = fields.Date(
        string='Request Date', required=True, copy=False, index=True,
        default=fields.Date.context_today)
    date_needed = fields.Date(string='Needed By', track_visibility='onchange')
    source_warehouse_id = fields.Many2one(
        'stock.warehouse', required=True, ondelete='restrict',
        default=lambda self: self._default_source_warehouse(), track_visibility='onchange',
        help="The head-office warehouse the goods are transferred from.")
    warehouse_id = fields.Many2one(
        'stock.warehouse', string='Destination Warehouse', compute='_compute_warehouse_id',
        store=True, readonly=True, index=True, ondelete='restrict',
        help="The region's warehouse, set when the region is chosen.")
    line_ids = fields.One2many(
        'stock.transfer.request.line', 'request_id', string='Products', copy=True)
    origin_type = fields.Selection(
        [('manual', 'Entered by Hand'), ('demand', 'Market Demand'),
         ('stock_check', 'Stock Check Proposal')],
        string='Created From', default='manual', required=True, readonly=True, copy=False,
        help="Entered by hand, made from selected market demand, or proposed by the stock "
             "check for the products below their safety level.")
    state = fields.Selection(
        [('draft', 'Draft'), ('to_approve', 'Waiting for Approval'),
         ('recheck', 'Re-check Stock'), ('transfer', 'Waiting for Transfer'),
         ('partial', 'Partially Transferred'), ('done', 'Done'), ('cancel', 'Cancelled')],
        string='Status', default='draft', required=True, readonly=True, copy=False, index=True,
        track_visibility='onchange')
    figures_date = fields.Datetime(
        string='Stock Checked On', readonly=True, copy=False,
        help="When the stock figures of the lines were last computed; they are frozen when the "
             "request is submitted.")
    recheck_count = fields.Integer(
        string='Re-check Cycles', readonly=True, copy=False, default=0,
        help="How many times the request was rejected and sent back to re-check the stock.")
    recheck_reason = fields.Text(string='Reason for Re-check', readonly=True, copy=False)
    stock_rechecked = fields.Boolean(
        string='Stock Re-checked', readonly=True, copy=False,
        help="Set when the requester has refreshed the stock figures after a rejection; "
             "required to submit again.")
    picking_ids = fields.One2many(
        'stock.picking', 'transfer_request_id', string='Transfer Orders', readonly=True,
        copy=False)
    picking_count = fields.Integer(string='Transfer Order Count', compute='_compute_picking_count')
    currency_id = fields.Many2one(
        'res.currency', string='Currency', related='company_id.currency_id', readonly=True)
    amount_total = fields.Monetary(
        string='Value at Cost', compute='_compute_amount_total', store=True,
        currency_field='currency_id',
        help="The requested quantities at the products' cost; approval steps may apply above "
             "an amount.")
    product_count = fields.Integer(compute='_compute_amount_total',
                                   store=True)
    note = fields.Text(string='Notes')

    @api.model
    def _default_source_warehouse(self):
        return self.env['stock.warehouse']._sales_head_office_warehouse(
            self.env['res.company']._company_default_get(self._name))

    @api.depends('region_id')
    def _compute_warehouse_id(self):
        # depends on the region only: a request keeps the destination it was made for even if
        # the region is later served by another warehouse
        for request in self:
            request.warehouse_id = request.region_id.warehouse_id

    @api.depends('picking_ids')
    def _compute_picking_count(self):
        for request in self:
            request.picking_count = len(request.picking_ids)

    @api.depends('line_ids.value')
    def _compute_amount_total(self):
        for request in self:
            request.amount_total = sum(request.line_ids.mapped('value'))
            request.product_count = len(request.line_ids)

    @api.constrains('region_id', 'warehouse_id')
    def _check_region_warehouse(self):
        for request in self:
            request._require_region_warehouse()

    @api.constrains('source_warehouse_id', 'warehouse_id', 'company_id')
    def _check_warehouses(self):
        for request in self.sudo():
            # no request number in the messages: a request being created has none yet
            if request.source_warehouse_id == request.warehouse_id:
                raise ValidationError(_(
                    "The source and destination warehouses of the transfer request are the same "
                    "(%(warehouse)s): a transfer goes from the head office to another warehouse.")
                    % {'warehouse': request.warehouse_id.name})
            for warehouse in request.source_warehouse_id | request.warehouse_id:
                if warehouse.company_id != request.company_id:
                    raise ValidationError(_(
                        "The warehouse %(warehouse)s belongs to another company than the transfer "
                        "request (%(company)s).") % {'warehouse': warehouse.name,
                                                     'company': request.company_id.name})

    @api.onchange('region_id')
    def _onchange_region_id(self):
        if self.region_id and not self.region_id.warehouse_id:
            return {'warning': {
                'title': _('No regional warehouse'),
                'message': _("The region %(region)s has no regional warehouse: set one in Sales "
                             "Process > Configuration > Regions.") % {
                    'region': self.region_id.name}}}

    # CRUD

    @api.model
    def create(self, vals):
        request = super(StockTransferRequest, self).create(vals)
        # numbered once saved and checked, from a gap-free sequence (its counter is part of the
        # transaction): a refused request neither takes nor names a number
        request._workflow_write({'name': self.env['ir.sequence'].next_by_code(
            'stock.transfer.request') or request.name})
        if request.line_ids:
            request._refresh_figures()
        return request

    @api.multi
    def write(self, vals):
        result = super(StockTransferRequest, self).write(vals)
        if {'line_ids', 'region_id'} & set(vals):
            # the client does not send the (read-only) figures of new lines: take them here
            editable = self.filtered(lambda request: request.state in EDITABLE_REQUEST_STATES)
            editable._refresh_figures()
        return result

    @api.multi
    def unlink(self):
        if any(request.state not in ('draft', 'cancel') for request in self):
            raise UserError(_("Only draft or cancelled transfer requests can be deleted; cancel "
                              "the others."))
        if self.mapped('picking_ids'):
            raise UserError(_("A transfer request that has transfer orders cannot be deleted."))
        self.mapped('line_ids.demand_ids').filtered(
            lambda demand: demand.state == 'requested')._set_state('open')
        return super(StockTransferRequest, self).unlink()

    # Actions

    @api.multi
    def action_refresh_figures(self):
        """Refresh the lines' stock figures ("Re-check Stock" after a rejection)."""
        for request in self:
            if request.state not in EDITABLE_REQUEST_STATES:
                raise UserError(_("The stock figures of %(request)s are frozen: they were taken "
                                  "when it was submitted.") % {'request': request.name})
        self._check_write_access()
        rechecked = self.filtered(lambda request: request.state == 'recheck')
        self._refresh_figures()
        for request in rechecked:
            request._workflow_write({'stock_rechecked': True})
            request._post(_("Stock re-checked: the figures were refreshed for the "
                            "resubmission."))
        return True

    @api.multi
    def action_cancel(self):
        for request in self:
            if request.state not in EDITABLE_REQUEST_STATES:
                raise UserError(_(
                    "%(request)s is %(state)s: only a draft request or one sent back to re-check "
                    "the stock can be cancelled (the transfer order of an approved request is "
                    "cancelled in Inventory).") % {'request': request.name,
                                                   'state': request._selection_label().lower()})
        self._check_write_access()
        self._set_cancelled()
        return True

    @api.multi
    def action_view_pickings(self):
        self.ensure_one()
        action = self.env.ref('sales_process.stock_picking_action_transfer_request').read()[0]
        action['domain'] = [('transfer_request_id', '=', self.id)]
        if len(self.picking_ids) == 1:
            action['views'] = [(self.env.ref('stock.view_picking_form').id, 'form')]
            action['res_id'] = self.picking_ids.id
        return action

    @api.model
    def action_check_stock(self):
        """The "Check Stock" button: propose draft requests for the current user's regions."""
        self.check_access_rights('create')
        requests = self._propose_from_stock_check(self._stock_check_regions())
        action = self.env.ref('sales_process.stock_transfer_request_action').read()[0]
        action['domain'] = [('id', 'in', requests.ids)]
        action['context'] = {}
        action['help'] = '<p>%s</p>' % _(
            "No product of your regions' warehouses is below its safety level without an open "
            "transfer request.")
        return action

    @api.model
    def _stock_check_regions(self):
        """The regions whose stock the current user checks: theirs, every region for head
        office."""
        if self.env.user.has_group('sales_process.group_all_regions'):
            return self.env['crm.team'].search([('is_sales_region', '=', True)])
        return self.env.user.sales_region_ids

    # Approval engine hooks

    def _approval_submittable(self):
        # sent back to re-check the stock: Re-check Stock first, then submit again
        return self.state != 'recheck' or self.stock_rechecked

    def _approval_reset_refusal(self):
        if self.state == 'recheck':
            return _("%(request)s was sent back to re-check the stock: press \"Re-check Stock\" "
                     "and submit it again, or cancel it.") % {'request': self.name}
        return super(StockTransferRequest, self)._approval_reset_refusal()

    def _approval_check_decision(self, step, decision):
        # what can still be transferred is checked at every approval, before it is recorded
        if decision == 'approve':
            self._check_transferable()

    def _approval_check_submit(self):
        if self.state == 'recheck' and not self.stock_rechecked:
            raise UserError(_(
                "%(request)s was sent back to re-check the stock (%(reason)s): refresh the stock "
                "figures with \"Re-check Stock\" and adjust the quantities before submitting it "
                "again.") % {'request': self.name, 'reason': self.recheck_reason or ''})
        if self.state not in EDITABLE_REQUEST_STATES:
            raise UserError(_("%(request)s is %(state)s: it cannot be submitted.")
                            % {'request': self.name, 'state': self._selection_label().lower()})
        if not self.line_ids:
            raise UserError(_("%(request)s has no products to transfer.") % {'request': self.name})
        self._require_region_warehouse()
        self._check_transferable()

    def _on_approval_submitted(self):
        self._close_activities(['sales_process.mail_activity_type_transfer_review'])
        self._refresh_figures()
        self._workflow_write({'state': 'to_approve', 'stock_rechecked': False})

    def _on_approved(self):
        self._check_transferable()
        picking = self._create_picking()
        self._workflow_write({'state': 'transfer'})
        self._post(_("Approved: the transfer order %(picking)s was sent to the "
                     "warehouse.") % {'picking': picking.name})
        # the warehouse's to-do, on the request (read where the request is), until the goods
        # have arrived or the transfer is cancelled
        self._schedule_activity(
            TRANSFER_PROCESS_ACTIVITY,
            group_members(self.env.ref('sales_process.group_warehouse'), self.company_id),
            '_text_to_process', picking, deadline=self.date_needed)

    def _on_rejected(self, reason):
        self._workflow_write({'state': 'recheck', 'recheck_count': self.recheck_count + 1,
                              'recheck_reason': reason, 'stock_rechecked': False})

    def _on_approval_reset(self):
        # withdrawn while waiting (a rejected one is re-checked, see action_approval_reset)
        self._workflow_write({'state': 'draft'})

    def _report_approvals(self):
        """(step, who approved it in the current cycle, or no user yet) for the signature block
        of the printed form: every step of the chain that applies to the request."""
        self.ensure_one()
        decisions = self._approval_decisions()
        return [(step, decisions.filtered(lambda line: line.step_id == step)[:1].user_id)
                for step in self._approval_steps() if step._applies_to(self)]

    def _report_transfers(self):
        """The transfer orders the warehouse has validated, for the signature block of the
        printed form (who validated each, when). Read with the module's rights: every reader of
        the request, who prints it as themselves, sees who signed it, Inventory rights or not."""
        self.ensure_one()
        return self.sudo().picking_ids.filtered(lambda picking: picking.state == 'done').sorted(
            lambda picking: (picking.date_done, picking.id))

    def _report_file_name(self):
        """The printed form's file name (print_report_name), in the reader's language."""
        return self.env['ir.actions.report']._sales_process_file_name(
            'sales_process.action_report_stock_transfer_request', self.name)

    # Business helpers

    # The document layer: a request is edited as a draft or while its stock is re-checked

    def _is_locked(self):
        return (self.state not in EDITABLE_REQUEST_STATES
                or super(StockTransferRequest, self)._is_locked())

    def _lock_state_label(self):
        return self._selection_label().lower()

    def _check_lines_editable(self):
        for request in self:
            if request._is_locked():
                raise UserError(_("%(request)s is %(state)s: its products and quantities can no "
                                  "longer be changed.") % {'request': request.name,
                                                           'state': request._lock_state_label()})

    def _check_transferable(self):
        """Refuse, with the product at fault, what cannot be transferred any more."""
        self.ensure_one()
        for line in self.line_ids:
            product = line.product_id
            if not product.active:
                raise UserError(_("%(product)s was archived since it was requested in %(request)s: "
                                  "remove it from the request (or restore the product).")
                                % {'product': product.display_name, 'request': self.name})
            line._check_product_storable()
            line._check_product_qty()

    def _refresh_figures(self):
        """Write the current stock figures of the destination warehouse on every line.

        One computation for all the lines of all the requests (see sales.stock.check), written
        in one statement: the number of queries does not grow with the number of lines.
        """
        lines = self.mapped('line_ids')
        keys = {line.id: (line.product_id.id, line.request_id.warehouse_id.id) for line in lines}
        figures = self.env['sales.stock.check'].get_figures(keys.values())
        lines._write_figures({line_id: figures[key] for line_id, key in keys.items()})
        self._workflow_write({'figures_date': fields.Datetime.now()})

    def _create_picking(self):
        """The warehouse's transfer order: head-office stock to the region's stock, confirmed
        and reserved as far as the stock allows."""
        self.ensure_one()
        source, destination = self.source_warehouse_id.sudo(), self.warehouse_id.sudo()
        picking_type = source._sales_transfer_picking_type()
        date = self.date_needed or fields.Datetime.now()
        picking = self.env['stock.picking'].sudo().create({
            'picking_type_id': picking_type.id,
            'location_id': source.lot_stock_id.id,
            'location_dest_id': destination.lot_stock_id.id,
            'partner_id': destination.partner_id.id,
            'origin': self.name,
            'scheduled_date': date,
            'company_id': self.company_id.id,
            'transfer_request_id': self.id,
            'move_lines': [(0, 0, {
                'name': line.product_id.display_name,
                'product_id': line.product_id.id,
                'product_uom_qty': line.product_qty,
                'product_uom': line.product_id.uom_id.id,
                'location_id': source.lot_stock_id.id,
                'location_dest_id': destination.lot_stock_id.id,
                'picking_type_id': picking_type.id,
                'date_expected': date,
                'company_id': self.company_id.id,
                'origin': self.name,
                'transfer_request_line_id': line.id,
            }) for line in self.line_ids],
        })
        picking.action_confirm()
        picking.action_assign()
        return picking

    def _sync_transfer_state(self):
        """Follow the transfer orders: partially transferred, done when the goods have
        arrived (nothing left to transfer), cancelled when nothing was transferred."""
        for request in self._as_module():
            if request.state not in ('transfer', 'partial'):
                continue
            moves = request.mapped('line_ids.move_ids')
            if not moves:
                continue
            pending = moves.filtered(lambda move: move.state not in ('done', 'cancel'))
            done = moves.filtered(lambda move: move.state == 'done')
            if pending:
                state = 'partial' if done else 'transfer'
            else:
                state = 'done' if done else 'cancel'
            if state == request.state:
                continue
            if state == 'cancel':
                request._set_cancelled()
                request._post(_("The transfer orders were cancelled in the warehouse before any "
                                "goods were transferred: the request is cancelled and its demand "
                                "is open again."), notify=True)
                continue
            request._workflow_write({'state': state})
            if state == 'done':
                request._close_activities([TRANSFER_PROCESS_ACTIVITY])
                request.mapped('line_ids.demand_ids').filtered(
                    lambda demand: demand.state == 'requested')._set_state('done')
                request._post(_("The goods have arrived in %(warehouse)s.")
                              % {'warehouse': request.warehouse_id.name}, notify=True)

    def _set_cancelled(self):
        self._workflow_write({'state': 'cancel'})
        self._close_activities([TRANSFER_PROCESS_ACTIVITY])
        # the demand is not covered: it is open again, to be requested anew
        self.mapped('line_ids.demand_ids').filtered(
            lambda demand: demand.state == 'requested')._set_state('open')

    @api.model
    def _propose_from_stock_check(self, regions, responsible=None):
        """Draft requests for the products below their safety level in the regions' warehouses.

        One request per region (added to the region's draft request from an earlier stock check
        when there is one); a product with an open request for the warehouse is not proposed
        again. `responsible`: the requester of the new requests; the current user by default, the
        region's manager for the scheduled check (``responsible='manager'``).
        """
        # before reading the shortages and the open requests: another check running at the same
        # moment (another server, the scheduled one) would propose the same products again
        self.env['sales.process.document']._claim_run(STOCK_CHECK_JOB)
        regions = regions.filtered(lambda region: region.warehouse_id and region.is_sales_region)
        region_of_warehouse = OrderedDict()
        for region in regions.sorted('id'):
            region_of_warehouse.setdefault(region.warehouse_id.id, region)
        if not region_of_warehouse:
            return self.browse()
        shortages = self.env['sales.stock.check'].get_shortages(
            self.env['stock.warehouse'].browse(list(region_of_warehouse)))
        proposals = OrderedDict()
        for figures in shortages:
            region = region_of_warehouse[figures.warehouse_id]
            proposals.setdefault(region, []).append(figures)
        Line = self.env['stock.transfer.request.line']
        Line.check_access_rights('create')  # before anything is written
        requests = self.browse()
        for region, region_figures in proposals.items():
            request = self.search([('region_id', '=', region.id), ('state', '=', 'draft'),
                                   ('origin_type', '=', 'stock_check')], limit=1)
            if request:
                # what writing its lines on it would check
                request._check_write_access()
                request._check_unlocked(['line_ids'])
            else:
                company = region.company_id or region.warehouse_id.company_id
                by_manager = responsible == 'manager' and region.user_id
                user = region.user_id if by_manager else self.env.user
                request = self.create({
                    'region_id': region.id, 'company_id': company.id, 'user_id': user.id,
                    'source_warehouse_id': self.env['stock.warehouse']._sales_head_office_warehouse(
                        company).id})
                request._workflow_write({'origin_type': 'stock_check'})
                if by_manager:
                    request._schedule_review_activity(region.user_id)
            lines = Line._create_for_request(request, [
                (figures.product_id, figures.shortage) for figures in region_figures])
            request._refresh_figures()
            request._take_open_demand(lines)
            requests |= request
        return requests

    def _take_open_demand(self, lines):
        """The proposed quantities cover the open demand of the warehouse (the shortage counts
        it): that demand now belongs to these lines, so that it is not requested a second time
        (it is open again if the request is cancelled).

        Written for all the lines at once: the state through the ORM (tracked), the line of
        each demand in one statement (a value per demand, a write per line otherwise).
        """
        demand = self.env['sales.demand'].sudo().search([
            ('state', '=', 'open'), ('region_id.warehouse_id', '=', self.warehouse_id.id),
            ('product_id', 'in', lines.mapped('product_id').ids)])
        if not demand:
            return
        line_of_product = {line.product_id.id: line.id for line in lines}
        demand._workflow_write({'state': 'requested'})
        self.env.cr.execute("""
            UPDATE sales_demand demand SET request_line_id = new.line_id
              FROM unnest(%s::int[], %s::int[]) AS new(id, line_id)
             WHERE demand.id = new.id""", [demand.ids, [line_of_product[item.product_id.id]
                                                        for item in demand]])
        demand.invalidate_cache(['request_line_id'], demand.ids)
        # its stored copy of the request (one write per request, the value being shared)
        demand.modified(['request_line_id'])
        demand.recompute()

    def _schedule_review_activity(self, user):
        """A to-do for whoever must review a request the scheduled stock check proposed."""
        self._schedule_activity('sales_process.mail_activity_type_transfer_review', user,
                                '_text_to_review')

    def _text_to_review(self):
        return _("Stock below safety level: review the proposed transfer request")

    def _text_to_process(self, picking):
        return _("Process the transfer order %(picking)s to %(warehouse)s") % {
            'picking': picking.name, 'warehouse': self.warehouse_id.name}

    def _activity_open_action(self, activity):
        """My Approvals opens the transfer orders of the warehouse's to-do, the request
        otherwise (see mail.activity.action_open_sales_document)."""
        if activity.activity_type_id == self.env.ref(TRANSFER_PROCESS_ACTIVITY) and self.picking_ids:
            return self.action_view_pickings()
        return super(StockTransferRequest, self)._activity_open_action(activity)

    @api.model
    def _cron_check_stock(self):
        """Scheduled stock check: proposals for every region of every company."""
        if not self.env['sales.process.document']._claim_scheduled_run(STOCK_CHECK_JOB):
            return True
        regions = self.env['crm.team'].sudo().search([('is_sales_region', '=', True)])
        self.sudo()._propose_from_stock_check(regions, responsible='manager')
        return True

    @api.model
    def _create_from_demand(self, demands, source_warehouse=None):
        """Transfer requests from open demand: one per region, the demand merged per product."""
        requested = demands.filtered(lambda demand: demand.state == 'requested')
        if requested:
            raise UserError(_("%(demand)s is already requested in %(request)s: it is not requested "
                              "a second time.") % {'demand': requested[0].display_name,
                                                   'request': requested[0].request_id.name})
        not_open = demands.filtered(lambda demand: demand.state != 'open')
        if not_open:
            raise UserError(_("%(demand)s is not open demand: only open demand can be requested.")
                            % {'demand': not_open[0].display_name})
        if not demands:
            raise UserError(_("Select the open demand to request."))
        for region in demands.mapped('region_id'):
            if not region.warehouse_id:
                raise UserError(_("The region %(region)s has no regional warehouse: set one in "
                                  "Sales Process > Configuration > Regions.")
                                % {'region': region.name})
        requests = self.browse()
        for region in demands.mapped('region_id'):
            region_demands = demands.filtered(lambda demand: demand.region_id == region)
            per_product = OrderedDict()
            for demand in region_demands.sorted(lambda demand: (demand.product_id.id, demand.id)):
                per_product.setdefault(demand.product_id, self.env['sales.demand'])
                per_product[demand.product_id] |= demand
            company = region_demands[0].company_id
            request = self.create({
                'region_id': region.id,
                'company_id': company.id,
                'date_needed': min(region_demands.mapped('date_needed')),
                'source_warehouse_id': (source_warehouse or self.env['stock.warehouse']
                                        ._sales_head_office_warehouse(company)).id,
                'line_ids': [(0, 0, {'product_id': product.id,
                                     'product_qty': sum(product_demands.mapped('product_qty'))})
                             for product, product_demands in per_product.items()],
            })
            request._workflow_write({'origin_type': 'demand'})
            for line in request.line_ids:
                per_product[line.product_id]._set_state('requested', line)
            requests |= request
        return requests


class StockTransferRequestLine(models.Model):
    """A product of a transfer request, with the stock figures of the destination warehouse
    frozen when the request was submitted, and what the transfer orders have delivered."""
    _name = 'stock.transfer.request.line'
    _description = 'Stock Transfer Request Line'
    _order = 'request_id, sequence, id'

    request_id = fields.Many2one(
        'stock.transfer.request', string='Transfer Request', required=True, index=True,
        ondelete='cascade')
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one(
        'product.product', required=True, index=True, ondelete='restrict',
        domain=[('type', '=', 'product')])
    product_uom_id = fields.Many2one(
        'product.uom', string='Unit of Measure', related='product_id.uom_id', readonly=True)
    uom_rounding = fields.Float(related='product_uom_id.rounding', readonly=True,
                                string='Unit Rounding')  # the decimals the quantities show
    product_qty = fields.Float(
        string='Quantity', required=True, default=1.0,
        digits=dp.get_precision('Product Unit of Measure'))
    on_hand_qty = fields.Float(
        string='On Hand', readonly=True, digits=dp.get_precision('Product Unit of Measure'),
        help="In the destination warehouse when the figures were taken.")
    forecast_qty = fields.Float(
        string='Forecast', readonly=True, digits=dp.get_precision('Product Unit of Measure'),
        help="On hand plus incoming minus outgoing pending moves of the destination warehouse.")
    demand_qty = fields.Float(
        string='Open Demand', readonly=True, digits=dp.get_precision('Product Unit of Measure'),
        help="Open market demand of the destination warehouse's regions.")
    safety_qty = fields.Float(
        string='Safety Stock', readonly=True, digits=dp.get_precision('Product Unit of Measure'),
        help="The minimum of the reordering rules of the destination warehouse.")
    shortage_qty = fields.Float(
        string='Shortage', readonly=True, digits=dp.get_precision('Product Unit of Measure'),
        help="Safety stock plus open demand minus forecast, when positive: what the stock "
             "lacks.")
    transferred_qty = fields.Float(
        string='Transferred', compute='_compute_transferred_qty', store=True,
        digits=dp.get_precision('Product Unit of Measure'),
        help="Received in the destination warehouse through the transfer orders.")
    value = fields.Float(string='Value at Cost', compute='_compute_value', store=True,
                         digits=dp.get_precision('Product Price'))
    demand_ids = fields.One2many('sales.demand', 'request_line_id',
                                 readonly=True)
    move_ids = fields.One2many('stock.move', 'transfer_request_line_id', string='Stock Moves',
                               readonly=True)
    # stored copies of the request's, for the record rules and the analysis
    region_id = fields.Many2one(related='request_id.region_id', store=True, readonly=True,
                                string='Region', index=True)
    company_id = fields.Many2one(related='request_id.company_id', store=True, readonly=True,
                                 string='Company', index=True)
    warehouse_id = fields.Many2one(related='request_id.warehouse_id', store=True, readonly=True,
                                   string='Destination Warehouse')
    state = fields.Selection(related='request_id.state', store=True, readonly=True,
                             string='Status')
    date_request = fields.Date(related='request_id.date_request', store=True, readonly=True,
                               string='Request Date')

    _sql_constraints = [
        ('product_request_uniq', 'unique(request_id, product_id)',
         'A product appears once in a transfer request: change the quantity of its line.'),
    ]

    @api.depends('move_ids.state', 'move_ids.product_qty')
    def _compute_transferred_qty(self):
        for line in self:
            line.transferred_qty = sum(line.move_ids.filtered(
                lambda move: move.state == 'done').mapped('product_qty'))

    @api.depends('product_id', 'product_qty')
    def _compute_value(self):
        for line in self:
            line.value = line.product_qty * line.product_id.standard_price

    @api.constrains('product_qty')
    def _check_product_qty(self):
        for line in self:
            if float_compare(line.product_qty, 0.0,
                             precision_rounding=line.product_id.uom_id.rounding or 0.01) <= 0:
                raise ValidationError(_("The quantity to transfer must be positive (%(product)s: "
                                        "%(qty)s).") % {'product': line.product_id.display_name,
                                                        'qty': line.product_qty})

    @api.constrains('product_id')
    def _check_product_storable(self):
        for line in self:
            if line.product_id.type != 'product':
                raise ValidationError(_("%(product)s is not a storable product: only stocked "
                                        "products can be transferred between warehouses.")
                                      % {'product': line.product_id.display_name})

    @api.onchange('product_id')
    def _onchange_product_id(self):
        warehouse = self.request_id.warehouse_id
        if self.product_id and warehouse:
            figures = self.env['sales.stock.check'].get_figures(
                {(self.product_id.id, warehouse.id)})[self.product_id.id, warehouse.id]
            for field, value in self._figure_values(figures).items():
                self[field] = value

    # CRUD: the lines of a submitted, approved or closed request are frozen with it

    @api.model
    def create(self, vals):
        request = self.env['stock.transfer.request'].browse(vals.get('request_id'))
        request._check_lines_editable()
        self._check_product_once(request, vals.get('product_id'))
        return super(StockTransferRequestLine, self).create(vals)

    @api.multi
    def write(self, vals):
        self.mapped('request_id')._check_lines_editable()
        if vals.get('product_id'):
            for line in self:
                self._check_product_once(line.request_id, vals['product_id'], line)
        return super(StockTransferRequestLine, self).write(vals)

    @api.multi
    def unlink(self):
        self.mapped('request_id')._check_lines_editable()
        self.mapped('demand_ids').filtered(
            lambda demand: demand.state == 'requested')._set_state('open')
        return super(StockTransferRequestLine, self).unlink()

    # Business helpers

    @api.model
    def _create_for_request(self, request, quantities):
        """Add the lines [(product id, quantity)] to `request` at once (the stock check proposes
        thousands, see create_in_bulk), checked as create() checks them; their figures are the
        request's _refresh_figures'."""
        request._check_lines_editable()
        products = self.env['product.product'].browse([product for product, _qty in quantities])
        cost = {product.id: product.standard_price for product in products}
        quantity = self._fields['product_qty']
        vals_list = []
        for product_id, qty in quantities:
            qty = quantity.convert_to_cache(qty, self)  # as stored, then valued (_compute_value)
            vals_list.append({'request_id': request.id, 'product_id': product_id,
                              'product_qty': qty, 'value': qty * cost[product_id],
                              'transferred_qty': 0.0})
        return create_in_bulk(self, vals_list)

    def _check_product_once(self, request, product_id, line=None):
        """The unique constraint's refusal said before the row is written: the ORM would
        otherwise raise the database's error (the constraint stays, for concurrent requests)."""
        if not (request and product_id):
            return
        self.env.cr.execute("SELECT 1 FROM stock_transfer_request_line WHERE request_id = %s "
                            "AND product_id = %s AND id != %s LIMIT 1",
                            [request.id, product_id, line.id if line else 0])
        if self.env.cr.fetchone():
            raise ValidationError(_("A product appears once in a transfer request: change the "
                                    "quantity of its line (%(product)s).") % {
                'product': self.env['product.product'].browse(product_id).display_name})

    @staticmethod
    def _figure_values(figures):
        return {field: getattr(figures, name) for field, name in FIGURE_FIELDS.items()}

    def _write_figures(self, figures_by_line):
        """Store the figures {line id: StockFigures} in one statement.

        Plain stored numbers that nothing depends on, written for whoever refreshes them (the
        figures are the module's, not the user's input): SQL, then the cache is told.
        """
        if not figures_by_line:
            return
        line_ids = list(figures_by_line)
        columns = list(FIGURE_FIELDS)
        values = [[getattr(figures_by_line[line_id], FIGURE_FIELDS[column]) for line_id in line_ids]
                  for column in columns]
        self.env.cr.execute("""
            UPDATE stock_transfer_request_line line
               SET {assignments}, write_uid = %s, write_date = (now() at time zone 'UTC')
              FROM unnest(%s::int[], {arrays}) AS new(id, {names})
             WHERE line.id = new.id""".format(
            assignments=', '.join('%s = new.%s' % (column, column) for column in columns),
            arrays=', '.join(['%s::numeric[]'] * len(columns)),
            names=', '.join(columns)), [self.env.uid, line_ids] + values)
        self.browse(line_ids).invalidate_cache(fnames=columns + ['write_uid', 'write_date'])
