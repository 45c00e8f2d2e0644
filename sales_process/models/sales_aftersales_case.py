"""Exchanges and returns (换货 / 退货): the after-sales case of a customer's quality complaint.

Reported in writing by the region's responsible person (or filed by the customer from the
portal), assessed by the quality department, decided by the marketing manager through the
approval engine (exchange, return, or rejected as not a quality problem), the goods returned to
the factory, then a replacement approved by the sales director or a credit note, and the
customer's feedback collected so that the same defect does not come back.

The case's core fields (name ... date_closed, the lines) are what the measures and the portal
read; the workflow below moves them.

The approval engine runs twice on a case, each time with the steps whose condition matches its
``approval_stage``: the marketing manager's decision (stage ``decision``, submitted when the
written report is sent to marketing, decided once quality has assessed it), then, for an
exchange, the salesperson's exchange request approved by the sales director (stage
``exchange``).
"""
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_is_zero

from .approval_step import group_members
from .sales_process_document import (ALWAYS_UNLOCKED, WORKFLOW_TOKEN, is_workflow_call,
                                     refuse_workflow_values)

# the states in which a case is over
CLOSED_CASE_STATES = ('closed', 'rejected', 'cancel')
# the states in which the goods may be coming back and the replacement or refund is prepared
RESOLVING_CASE_STATES = ('goods_back', 'replacement', 'refund')
# what the quality department writes, and when the salesperson collects the customer's feedback
ASSESSMENT_FIELDS = frozenset({'root_cause_id', 'assessment_analysis', 'corrective_action',
                               'preventive_action', 'proposed_solution'})
FEEDBACK_FIELDS = frozenset({'feedback_satisfaction', 'feedback_comment'})
# days the salesperson has to collect the customer's feedback before "no response" is allowed
FEEDBACK_DAYS = 7

ASSESS_ACTIVITY = 'sales_process.mail_activity_type_aftersales_assess'
EXCHANGE_REQUEST_ACTIVITY = 'sales_process.mail_activity_type_aftersales_exchange_request'
FEEDBACK_ACTIVITY = 'sales_process.mail_activity_type_aftersales_feedback'
CASE_ACTIVITIES = (ASSESS_ACTIVITY, EXCHANGE_REQUEST_ACTIVITY, FEEDBACK_ACTIVITY)
INTAKE_GROUPS = ('sales_process.group_salesperson', 'sales_process.group_customer_service')


class SalesAftersalesRootCause(models.Model):
    """A root-cause category of the quality department's assessment (configurable)."""
    _name = 'sales.aftersales.root.cause'
    _description = 'Root Cause'
    _order = 'sequence, id'

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)


class SalesAftersalesCase(models.Model):
    _name = 'sales.aftersales.case'
    _description = 'After-Sales Case'
    _inherit = ['sales.region.mixin', 'sales.approval.mixin']
    _order = 'date_intake desc, id desc'

    _approval_depends = ('state', 'approval_stage')

    name = fields.Char(string='Reference', required=True, readonly=True, copy=False,
                       index=True, default=lambda self: _('New'))
    partner_id = fields.Many2one('res.partner', string='Customer', required=True, index=True,
                                 ondelete='restrict', track_visibility='onchange')
    sale_order_id = fields.Many2one('sale.order', required=True,
                                    index=True, ondelete='restrict')
    picking_id = fields.Many2one('stock.picking', string='Delivery', index=True,
                                 ondelete='restrict',
                                 help="The delivery the goods came with (the order's last "
                                      "delivery when left empty); the goods go back through "
                                      "its return.")
    line_ids = fields.One2many('sales.aftersales.case.line', 'case_id', string='Products',
                               copy=True)
    description = fields.Text(string='Problem', required=True)
    kind_proposed = fields.Selection([('exchange', 'Exchange'), ('return', 'Return')],
                                     string='Requested', required=True, default='exchange')
    kind = fields.Selection([('exchange', 'Exchange'), ('return', 'Return')],
                            string='Decision', readonly=True, copy=False,
                            track_visibility='onchange')
    channel = fields.Selection([('staff', 'Regional Staff'), ('portal', 'Customer Portal')],
                               string='Filed Through', default='staff', required=True,
                               readonly=True)
    root_cause_id = fields.Many2one('sales.aftersales.root.cause', index=True,
                                    ondelete='restrict', track_visibility='onchange')
    state = fields.Selection(
        [('draft', 'Intake'), ('reported', 'Quality Assessment'),
         ('to_decide', 'Waiting for Decision'), ('goods_back', 'Goods Coming Back'),
         ('replacement', 'Replacement'), ('refund', 'Refund'), ('feedback', 'Feedback'),
         ('closed', 'Closed'), ('rejected', 'Rejected'), ('cancel', 'Cancelled')],
        string='Status', default='draft', required=True, readonly=True, copy=False, index=True,
        track_visibility='onchange')
    # when each stage was reached (the measures' stage times read these)
    date_intake = fields.Datetime(string='Received On', required=True, readonly=True,
                                  copy=False, index=True, default=fields.Datetime.now)
    date_reported = fields.Datetime(string='Reported On', readonly=True, copy=False)
    date_assessed = fields.Datetime(string='Assessed On', readonly=True, copy=False)
    date_decided = fields.Datetime(string='Decided On', readonly=True, copy=False)
    date_goods_back = fields.Datetime(string='Goods Back On', readonly=True, copy=False)
    date_resolved = fields.Datetime(string='Replaced or Refunded On', readonly=True, copy=False)
    date_closed = fields.Datetime(string='Closed On', readonly=True, copy=False, index=True)

    # intake: the region's responsible person
    user_id = fields.Many2one(
        'res.users', string='Responsible', required=True, index=True,
        default=lambda self: self.env.user if self.env.user.sales_region_ids else False,
        track_visibility='onchange',
        help="The region's person who reports the complaint, writes the exchange request and "
             "collects the customer's feedback.")
    # the engine's run: the marketing manager's decision, then the exchange request
    approval_stage = fields.Selection(
        [('decision', 'Decision'), ('exchange', 'Exchange Request')],
        default='decision', required=True, readonly=True, copy=False)
    # the quality department's assessment
    assessment_analysis = fields.Text(string='Analysis')
    corrective_action = fields.Text()
    preventive_action = fields.Text()
    proposed_solution = fields.Text()
    assessed_by_id = fields.Many2one('res.users', readonly=True, copy=False)
    # the decision
    decided_by_id = fields.Many2one('res.users', readonly=True, copy=False)
    rejection_reason = fields.Text(string='Reason for Rejection', readonly=True, copy=False)
    # goods back, replacement, refund
    return_picking_id = fields.Many2one('stock.picking', string='Return', readonly=True,
                                        copy=False, ondelete='restrict')
    replacement_picking_id = fields.Many2one('stock.picking', string='Replacement Delivery',
                                             readonly=True, copy=False, ondelete='restrict')
    credit_note_ids = fields.One2many('account.invoice', 'aftersales_case_id',
                                      string='Credit Notes', readonly=True, copy=False)
    exchange_approved = fields.Boolean(readonly=True, copy=False,
                                       help="The sales director approved the exchange request.")
    ship_before_return = fields.Boolean(
        string='Ship Before Goods Are Back', readonly=True, copy=False,
        help="The replacement is sent as soon as the exchange request is approved, without "
             "waiting for the faulty goods to come back.")
    ship_before_return_user_id = fields.Many2one('res.users', string='Chosen By', readonly=True,
                                                 copy=False)
    ship_before_return_date = fields.Datetime(string='Chosen On', readonly=True, copy=False)
    # feedback
    feedback_deadline = fields.Date(readonly=True, copy=False)
    feedback_satisfaction = fields.Selection(
        [('1', '1 - Very dissatisfied'), ('2', '2 - Dissatisfied'), ('3', '3 - Neutral'),
         ('4', '4 - Satisfied'), ('5', '5 - Very satisfied')], string='Satisfaction',
        copy=False)
    feedback_comment = fields.Text(string='Customer Comments', copy=False)
    feedback_no_response = fields.Boolean(string='No Response', readonly=True, copy=False)

    # the buttons
    can_report = fields.Boolean(compute='_compute_can')
    can_assess = fields.Boolean(compute='_compute_can')
    can_decide = fields.Boolean(compute='_compute_can')
    can_request_exchange = fields.Boolean(compute='_compute_can')
    can_ship_before_return = fields.Boolean(compute='_compute_can')
    can_close = fields.Boolean(compute='_compute_can')

    _workflow_fields = {'name', 'state', 'kind', 'channel', 'date_reported', 'date_assessed',
                        'date_decided', 'date_goods_back', 'date_resolved', 'date_closed',
                        'approval_stage', 'assessed_by_id', 'decided_by_id', 'rejection_reason',
                        'return_picking_id', 'replacement_picking_id', 'credit_note_ids',
                        'exchange_approved', 'ship_before_return', 'ship_before_return_user_id',
                        'ship_before_return_date', 'feedback_deadline', 'feedback_no_response'}
    _unlocked_fields = ASSESSMENT_FIELDS | FEEDBACK_FIELDS

    @api.depends('state', 'approval_state', 'approval_stage', 'kind', 'exchange_approved',
                 'ship_before_return', 'date_goods_back')
    def _compute_can(self):
        user = self.env.user
        intake = self._is_intake_user()
        quality = user.has_group('sales_process.group_quality')
        marketing = user.has_group('sales_process.group_marketing_manager')
        for case in self:
            exchange_open = (case.kind == 'exchange' and case.state in RESOLVING_CASE_STATES
                             and not case.exchange_approved)
            case.can_report = intake and case.state == 'draft' and case.approval_state == 'draft'
            case.can_assess = quality and case.state == 'reported'
            case.can_decide = case.state == 'to_decide' and case.approval_can_decide
            case.can_request_exchange = (intake and exchange_open
                                         and case.approval_state != 'pending')
            case.can_ship_before_return = (marketing and case.kind == 'exchange'
                                           and case.state == 'goods_back'
                                           and not case.ship_before_return)
            case.can_close = case.state == 'feedback'

    @api.onchange('sale_order_id')
    def _onchange_sale_order_id(self):
        order = self.sale_order_id
        if order:
            self.partner_id = order.partner_id
            if order.team_id.is_sales_region:
                self.region_id = order.team_id
            self.picking_id = self._last_delivery(order)

    # CRUD

    @api.model
    def create(self, vals):
        order = self.env['sale.order'].browse(vals.get('sale_order_id'))
        if order and not vals.get('partner_id'):
            # the form's onchange, for scripts (the database's NOT NULL error otherwise)
            vals['partner_id'] = order.sudo().partner_id.id
        if order and not vals.get('picking_id'):
            vals['picking_id'] = self._last_delivery(order).id
        if order and not vals.get('region_id') and order.sudo().team_id.is_sales_region:
            vals['region_id'] = order.sudo().team_id.id
        if order and not vals.get('user_id'):
            # filed by customer service or from the portal: the order's salesperson follows it
            vals['user_id'] = (order.sudo().user_id or order.sudo().team_id.user_id
                               or self.env.user).id
        case = super(SalesAftersalesCase, self).create(vals)
        # numbered once saved and checked (see the transfer request)
        case._workflow_write({'name': self.env['ir.sequence'].next_by_code(
            'sales.aftersales.case') or case.name})
        return case

    @api.multi
    def write(self, vals):
        if not is_workflow_call(self.env):
            self._check_editable(vals)
        return super(SalesAftersalesCase, self).write(vals)

    @api.multi
    def unlink(self):
        if any(case.state != 'draft' or case.approval_state != 'draft' for case in self):
            raise UserError(_("Only a case still at intake can be deleted; cancel it instead."))
        return super(SalesAftersalesCase, self).unlink()

    # Constraints: the case against its order and delivery

    @api.constrains('sale_order_id', 'picking_id', 'partner_id', 'company_id')
    def _check_order(self):
        for case in self.sudo():
            order = case.sale_order_id
            if order.state == 'cancel':
                raise ValidationError(_("The sale order %(order)s is cancelled: a complaint is "
                                        "filed on goods that were delivered.")
                                      % {'order': order.name})
            if order.company_id != case.company_id:
                raise ValidationError(_("The sale order %(order)s belongs to another company.")
                                      % {'order': order.name})
            if order.partner_id.commercial_partner_id != case.partner_id.commercial_partner_id:
                raise ValidationError(_("The sale order %(order)s is not an order of "
                                        "%(customer)s.") % {'order': order.name,
                                                            'customer': case.partner_id.name})
            if not case.picking_id:
                raise ValidationError(_("The sale order %(order)s has not been delivered yet: a "
                                        "complaint is filed on goods the customer received.")
                                      % {'order': order.name})
            picking = case.picking_id
            if (picking.state != 'done' or picking.location_dest_id.usage != 'customer'
                    or picking not in order.picking_ids):
                raise ValidationError(_("%(picking)s is not a delivery of the sale order %(order)s "
                                        "that the customer received.")
                                      % {'picking': picking.name, 'order': order.name})

    def _check_lines(self):
        """The lines against the order and the delivery: products of the order, lots delivered
        to the customer, quantities within what can still come back. Two queries for any number
        of cases and lines, whatever the order's size and history (see _returnable)."""
        cases = self.sudo().filtered(lambda case: case.state == 'draft')
        if not cases:
            return
        cases._check_order()  # the order first: its lines mean nothing on a wrong order
        returnable, returnable_lots = cases._returnable()
        for case in cases:
            order_products = case.sale_order_id.order_line.mapped('product_id')
            wanted, wanted_lots = {}, {}
            for line in case.line_ids:
                product = line.product_id
                if product not in order_products:
                    raise ValidationError(_("%(product)s is not in the sale order %(order)s.")
                                          % {'product': product.display_name,
                                             'order': case.sale_order_id.name})
                if float_compare(line.quantity, 0.0,
                                 precision_rounding=product.uom_id.rounding) <= 0:
                    raise ValidationError(_("The quantity of %(product)s must be positive.")
                                          % {'product': product.display_name})
                if product.tracking != 'none' and not line.lot_id:
                    raise ValidationError(_("%(product)s is tracked: give the lot or serial "
                                            "number of the goods.")
                                          % {'product': product.display_name})
                if line.lot_id:
                    if product.tracking == 'serial' and float_compare(
                            line.quantity, 1.0, precision_rounding=product.uom_id.rounding):
                        raise ValidationError(_("%(product)s has serial numbers: one line per "
                                                "serial number, with the quantity 1.")
                                              % {'product': product.display_name})
                    key = (case.id, product.id, line.lot_id.id)
                    if key not in returnable_lots:
                        raise ValidationError(_(
                            "The lot or serial number %(lot)s of %(product)s was not delivered to "
                            "%(customer)s with %(picking)s.") % {
                            'lot': line.lot_id.name, 'product': product.display_name,
                            'customer': case.partner_id.name, 'picking': case.picking_id.name})
                    wanted_lots[key] = wanted_lots.get(key, 0.0) + line.quantity
                key = (case.id, product.id)
                wanted[key] = wanted.get(key, 0.0) + line.quantity
            for (case_id, product_id), quantity in wanted.items():
                case._check_returnable_quantity(product_id, quantity,
                                                returnable.get((case_id, product_id)))
            for (case_id, product_id, lot_id), quantity in wanted_lots.items():
                case._check_returnable_quantity(product_id, quantity,
                                                returnable_lots[case_id, product_id, lot_id],
                                                lot=self.env['stock.production.lot'].browse(lot_id))

    def _check_returnable_quantity(self, product_id, quantity, figures, lot=None):
        product = self.env['product.product'].browse(product_id)
        if not figures:
            raise ValidationError(_("%(product)s was not delivered with %(picking)s.")
                                  % {'product': product.display_name,
                                     'picking': self.picking_id.name})
        delivered, returned, claimed = figures
        available = delivered - returned - claimed
        if float_compare(quantity, available, precision_rounding=product.uom_id.rounding) > 0:
            raise ValidationError(_(
                "%(quantity)s %(product)s%(lot)s cannot come back: %(delivered)s were delivered "
                "with %(picking)s, %(returned)s already returned and %(claimed)s claimed by other "
                "open cases, so at most %(available)s.") % {
                'quantity': quantity, 'product': product.display_name,
                'lot': lot and ' (%s)' % lot.name or '', 'delivered': delivered,
                'returned': returned, 'claimed': claimed, 'picking': self.picking_id.name,
                'available': max(available, 0.0)})

    def _returnable(self):
        """What the customer can still send back, per case and product, and per case, product
        and lot: {key: (delivered, returned, claimed)} in the products' units.

        Delivered: the done moves (operations, for lots) of the case's delivery to the customer;
        returned: their returns, done or on their way (not cancelled); claimed: the lines of the
        customer's other open cases on the same delivery whose goods are not on a return yet.
        One statement per dictionary, whatever the number of cases, lines and earlier returns.
        """
        case_ids = tuple(self.ids)
        self.env.cr.execute("""
            WITH cases AS (
                SELECT id AS case_id, picking_id FROM sales_aftersales_case WHERE id IN %(cases)s
            ), delivered AS (
                SELECT c.case_id, m.id AS move_id, m.product_id, m.product_qty
                  FROM cases c
                  JOIN stock_move m ON m.picking_id = c.picking_id AND m.state = 'done'
                  JOIN stock_location dest ON dest.id = m.location_dest_id
                 WHERE dest.usage = 'customer'
            ), returned AS (
                SELECT d.case_id, d.product_id, SUM(r.product_qty) AS qty
                  FROM delivered d
                  JOIN stock_move r ON r.origin_returned_move_id = d.move_id
                 WHERE r.state != 'cancel'
                 GROUP BY d.case_id, d.product_id
            ), claimed AS (
                SELECT c.case_id, l.product_id, SUM(l.quantity) AS qty
                  FROM cases c
                  JOIN sales_aftersales_case other
                    ON other.picking_id = c.picking_id AND other.id != c.case_id
                   AND other.state NOT IN %(closed)s AND other.return_picking_id IS NULL
                  JOIN sales_aftersales_case_line l ON l.case_id = other.id
                 GROUP BY c.case_id, l.product_id
            )
            SELECT d.case_id, d.product_id, SUM(d.product_qty),
                   COALESCE(MAX(r.qty), 0), COALESCE(MAX(cl.qty), 0)
              FROM delivered d
              LEFT JOIN returned r ON r.case_id = d.case_id AND r.product_id = d.product_id
              LEFT JOIN claimed cl ON cl.case_id = d.case_id AND cl.product_id = d.product_id
             GROUP BY d.case_id, d.product_id""",
                            {'cases': case_ids, 'closed': CLOSED_CASE_STATES})
        returnable = {(row[0], row[1]): tuple(row[2:]) for row in self.env.cr.fetchall()}
        self.env.cr.execute("""
            WITH cases AS (
                SELECT id AS case_id, picking_id FROM sales_aftersales_case WHERE id IN %(cases)s
            ), delivered AS (
                SELECT c.case_id, ml.product_id, ml.lot_id, SUM(ml.qty_done) AS qty
                  FROM cases c
                  JOIN stock_move m ON m.picking_id = c.picking_id AND m.state = 'done'
                  JOIN stock_location dest ON dest.id = m.location_dest_id
                  JOIN stock_move_line ml ON ml.move_id = m.id AND ml.lot_id IS NOT NULL
                 WHERE dest.usage = 'customer'
                 GROUP BY c.case_id, ml.product_id, ml.lot_id
            ), returned AS (
                SELECT c.case_id, ml.product_id, ml.lot_id, SUM(ml.qty_done) AS qty
                  FROM cases c
                  JOIN stock_move m ON m.picking_id = c.picking_id AND m.state = 'done'
                  JOIN stock_move r ON r.origin_returned_move_id = m.id AND r.state = 'done'
                  JOIN stock_move_line ml ON ml.move_id = r.id AND ml.lot_id IS NOT NULL
                 GROUP BY c.case_id, ml.product_id, ml.lot_id
            ), claimed AS (
                SELECT c.case_id, l.product_id, l.lot_id, SUM(l.quantity) AS qty
                  FROM cases c
                  JOIN sales_aftersales_case other
                    ON other.picking_id = c.picking_id AND other.id != c.case_id
                   AND other.state NOT IN %(closed)s AND other.return_picking_id IS NULL
                  JOIN sales_aftersales_case_line l ON l.case_id = other.id
                   AND l.lot_id IS NOT NULL
                 GROUP BY c.case_id, l.product_id, l.lot_id
            )
            SELECT d.case_id, d.product_id, d.lot_id, d.qty, COALESCE(r.qty, 0),
                   COALESCE(cl.qty, 0)
              FROM delivered d
              LEFT JOIN returned r ON (r.case_id, r.product_id, r.lot_id)
                                    = (d.case_id, d.product_id, d.lot_id)
              LEFT JOIN claimed cl ON (cl.case_id, cl.product_id, cl.lot_id)
                                    = (d.case_id, d.product_id, d.lot_id)""",
                            {'cases': case_ids, 'closed': CLOSED_CASE_STATES})
        returnable_lots = {(row[0], row[1], row[2]): tuple(row[3:])
                           for row in self.env.cr.fetchall()}
        return returnable, returnable_lots

    @api.constrains('line_ids', 'picking_id')
    def _check_line_ids(self):
        self._check_lines()

    def _check_lines_editable(self, vals):
        """The goods and quantities are the intake's; what replaces them is the exchange
        request's, until it is submitted."""
        replacement_only = not set(vals) - {'replacement_product_id', 'replacement_qty'}
        for case in self:
            if case.state == 'draft' and case.approval_state == 'draft':
                continue
            if (replacement_only and case.kind == 'exchange'
                    and case.state in RESOLVING_CASE_STATES and not case.exchange_approved
                    and case.approval_state != 'pending'):
                continue
            raise UserError(_("%(case)s is %(state)s: its products and quantities can no longer "
                              "be changed.") % {'case': case.name,
                                                'state': case._selection_label().lower()})

    @api.model
    def _is_intake_user(self):
        """Customer service and the regions' staff: who file, report and follow a case."""
        return any(self.env.user.has_group(group) for group in INTAKE_GROUPS)

    @api.model
    def _last_delivery(self, order):
        """The order's last delivery the customer received (none: not delivered)."""
        return order.sudo().picking_ids.filtered(
            lambda picking: picking.state == 'done'
            and picking.location_dest_id.usage == 'customer').sorted(
            lambda picking: (picking.date_done or '', picking.id))[-1:]

    # Who edits what

    def _check_editable(self, vals):
        """The intake roles edit the case at intake; the quality department its assessment
        while it assesses; the responsible person the customer's feedback."""
        names = set(vals) - set(self._get_workflow_fields())
        if not names or self.env.user._is_superuser():
            return  # workflow fields: the document layer refuses them
        self.check_access_rights('write')  # no write access at all: Odoo's own error
        user = self.env.user
        for case in self:
            if names & ASSESSMENT_FIELDS:
                if not user.has_group('sales_process.group_quality'):
                    raise UserError(_("Only the quality department writes the assessment of "
                                      "%(case)s.") % {'case': case.name})
                if case.state != 'reported':
                    raise UserError(_("%(case)s is %(state)s: its assessment can no longer be "
                                      "changed.") % {'case': case.name,
                                                     'state': case._selection_label().lower()})
            if names & FEEDBACK_FIELDS and case.state != 'feedback':
                raise UserError(_("The customer's feedback is collected once the goods are "
                                  "replaced or refunded (%(case)s is %(state)s).")
                                % {'case': case.name, 'state': case._selection_label().lower()})
            other = names - ASSESSMENT_FIELDS - FEEDBACK_FIELDS - ALWAYS_UNLOCKED
            if (other or names & FEEDBACK_FIELDS) and not self._is_intake_user():
                raise UserError(_("Only customer service and the region's staff edit the case "
                                  "%(case)s.") % {'case': case.name})

    def _is_locked(self):
        return self.state != 'draft' or super(SalesAftersalesCase, self)._is_locked()

    def _lock_state_label(self):
        return self._selection_label().lower()

    # Actions (the buttons)

    @api.multi
    def action_report(self):
        """Intake: the written report goes to marketing (the decision's approval starts) and
        the quality department is asked to assess it."""
        for case in self:
            if case.state != 'draft':
                raise UserError(_("%(case)s has already been reported.") % {'case': case.name})
            case.action_approval_submit()
        return True

    @api.multi
    def action_assess(self):
        """The quality department's assessment is complete: the marketing manager decides."""
        if not self.env.user.has_group('sales_process.group_quality'):
            raise UserError(_("Only the quality department assesses a complaint."))
        for case in self:
            if case.state != 'reported':
                raise UserError(_("%(case)s is %(state)s: it is not waiting for the quality "
                                  "assessment.") % {'case': case.name,
                                                    'state': case._selection_label().lower()})
            missing = [case._fields[name].get_description(self.env)['string']
                       for name in ('root_cause_id', 'assessment_analysis', 'proposed_solution')
                       if not case[name]]
            if missing:
                raise UserError(_("Complete the assessment of %(case)s first: %(fields)s.")
                                % {'case': case.name, 'fields': ', '.join(missing)})
            case._check_write_access()
            case._workflow_write({'state': 'to_decide', 'date_assessed': fields.Datetime.now(),
                                  'assessed_by_id': self.env.uid})
            case._close_activities([ASSESS_ACTIVITY])
            case._post(_("Quality assessment done: %(cause)s.")
                       % {'cause': case.root_cause_id.name}, case.proposed_solution)
        return True

    @api.multi
    def action_decide(self, decision, comment=None):
        """The marketing manager's decision (the decision wizard): 'exchange' or 'return'
        approve the case as that kind, 'reject' rejects it as not a quality problem (the
        comment is the reason, required)."""
        if decision not in ('exchange', 'return', 'reject'):
            raise UserError(_("Decide an exchange, a return or a rejection."))
        for case in self:
            if case.approval_stage != 'decision':
                raise UserError(_("%(case)s has already been decided.") % {'case': case.name})
            if decision == 'reject':
                case.action_approval_reject(comment)
            else:
                case.with_context(aftersales_decision=decision).action_approval_approve(comment)
        return True

    @api.multi
    def action_decide_wizard(self):
        self.ensure_one()
        self._approval_check_decider()
        return {
            'type': 'ir.actions.act_window',
            'name': _('Decide'),
            'res_model': 'sales.aftersales.decision.wizard',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_case_id': self.id, 'default_decision': self.kind_proposed,
                        'approval_expected_step_id': self.approval_step_id.id},
        }

    @api.multi
    def action_request_exchange(self):
        """The salesperson's exchange request, for the sales director's approval."""
        if not self._is_intake_user():
            raise UserError(_("The region's staff write the exchange request."))
        for case in self:
            if case.kind != 'exchange' or case.state not in RESOLVING_CASE_STATES:
                raise UserError(_("%(case)s is not an exchange waiting for its request.")
                                % {'case': case.name})
            if case.exchange_approved or case.approval_state == 'pending':
                raise UserError(_("The exchange request of %(case)s has already been submitted.")
                                % {'case': case.name})
            case.line_ids._check_no_replacement()
            case._check_write_access()
            if case.approval_state == 'approved':  # the decision's run is over: a new one
                case._workflow_write({'approval_state': 'draft'})
            case.action_approval_submit()
        return True

    @api.multi
    def action_ship_before_return(self):
        """Send the replacement as soon as the exchange is approved, before the goods are
        back (the marketing manager's choice, recorded)."""
        if not self.env.user.has_group('sales_process.group_marketing_manager'):
            raise UserError(_("The marketing manager decides to ship a replacement before the "
                              "goods are back."))
        for case in self:
            if case.kind != 'exchange' or case.state != 'goods_back':
                raise UserError(_("%(case)s is not an exchange waiting for the goods to come "
                                  "back.") % {'case': case.name})
            case._workflow_write({'ship_before_return': True,
                                  'ship_before_return_user_id': self.env.uid,
                                  'ship_before_return_date': fields.Datetime.now()})
            case._post(_("The replacement will be shipped before the goods are back."))
            if case.exchange_approved and not case.replacement_picking_id:
                case._create_replacement()
        return True

    @api.multi
    def action_close(self):
        """The customer's feedback is collected: the case is closed."""
        self._check_feedback_collector()
        for case in self:
            if case.state != 'feedback':
                raise UserError(_("%(case)s is not waiting for the customer's feedback.")
                                % {'case': case.name})
            if not case.feedback_satisfaction:
                raise UserError(_("Record the customer's satisfaction (1 to 5) before closing "
                                  "%(case)s, or \"No Response\" once the deadline has passed.")
                                % {'case': case.name})
            case._set_closed(_("Feedback collected: satisfaction %(score)s.")
                             % {'score': case.feedback_satisfaction}, case.feedback_comment)
        return True

    @api.multi
    def action_no_response(self):
        """The customer did not answer by the deadline: the case is closed without feedback."""
        self._check_feedback_collector()
        today = fields.Date.context_today(self)
        for case in self:
            if case.state != 'feedback':
                raise UserError(_("%(case)s is not waiting for the customer's feedback.")
                                % {'case': case.name})
            if case.feedback_deadline and case.feedback_deadline >= today:
                raise UserError(_("The customer has until %(date)s to give their feedback on "
                                  "%(case)s.") % {'date': case.feedback_deadline,
                                                  'case': case.name})
            case._workflow_write({'feedback_no_response': True})
            case._set_closed(_("No response from the customer by the deadline."))
        return True

    @api.multi
    def action_cancel(self):
        for case in self:
            if case.state != 'draft' or case.approval_state != 'draft':
                raise UserError(_("%(case)s has been reported: only a case at intake can be "
                                  "cancelled.") % {'case': case.name})
        self._check_write_access()
        self._workflow_write({'state': 'cancel', 'date_closed': fields.Datetime.now()})
        return True

    @api.multi
    def action_view_pickings(self):
        self.ensure_one()
        pickings = self.sudo().return_picking_id | self.sudo().replacement_picking_id
        action = self.env.ref('stock.action_picking_tree_all').read()[0]
        action['domain'] = [('id', 'in', pickings.ids)]
        action['context'] = {}
        return action

    @api.multi
    def action_view_credit_notes(self):
        self.ensure_one()
        action = self.env.ref('account.action_invoice_out_refund').read()[0]
        action['domain'] = [('aftersales_case_id', '=', self.id)]
        action['context'] = {'default_type': 'out_refund'}
        return action

    # Approval engine hooks

    def _approval_submittable(self):
        if self.approval_stage == 'decision':
            return self.state == 'draft'
        return self.kind == 'exchange' and self.state in RESOLVING_CASE_STATES

    def _approval_inject_form(self, arch):
        result = super(SalesAftersalesCase, self)._approval_inject_form(arch)
        # the case's own buttons submit it: Report to Marketing, Request the Exchange
        for button in arch.iter('button'):
            if button.get('name') == 'action_approval_submit':
                button.getparent().remove(button)
                break
        return result

    def _approval_check_submit(self):
        if not self._is_intake_user():
            raise UserError(_("Customer service or the region's staff report a complaint and "
                              "write the exchange request."))
        if self.approval_stage == 'decision':
            if self.state != 'draft':
                raise UserError(_("%(case)s has already been reported.") % {'case': self.name})
            if not self.line_ids:
                raise UserError(_("%(case)s has no products: say which goods the complaint is "
                                  "about.") % {'case': self.name})
            self._check_lines()
        elif self.kind != 'exchange' or self.state not in RESOLVING_CASE_STATES:
            raise UserError(_("%(case)s is not an exchange waiting for its request.")
                            % {'case': self.name})

    def _approval_check_decision(self, step, decision):
        if self.approval_stage != 'decision':
            return
        if self.state != 'to_decide':
            raise UserError(_("The quality department has not assessed %(case)s yet: the "
                              "decision follows its assessment.") % {'case': self.name})
        if decision == 'approve' and self._decided_kind() == 'return':
            self._invoice_lines()  # refused now, not when the goods are back

    def _approval_reset_refusal(self):
        if self.approval_stage == 'decision' and self.approval_state == 'rejected':
            return _("%(case)s was rejected: it is closed.") % {'case': self.name}
        return super(SalesAftersalesCase, self)._approval_reset_refusal()

    def _on_approval_submitted(self):
        if self.approval_stage == 'decision':
            self._workflow_write({'state': 'reported', 'date_reported': fields.Datetime.now()})
            self._schedule_activity(
                ASSESS_ACTIVITY,
                group_members(self.env.ref('sales_process.group_quality'), self.company_id),
                '_text_to_assess')
        else:
            self._close_activities([EXCHANGE_REQUEST_ACTIVITY])

    def _on_approved(self):
        if self.approval_stage == 'exchange':
            self._workflow_write({'exchange_approved': True})
            if self.date_goods_back or self.ship_before_return:
                self._create_replacement()
            return
        kind = self._decided_kind()
        self._workflow_write({'kind': kind, 'state': 'goods_back',
                              'date_decided': fields.Datetime.now(),
                              'decided_by_id': self.env.uid,
                              'approval_stage': 'exchange' if kind == 'exchange' else 'decision'})
        picking = self._create_return()
        self._inform_customer(
            _("Your complaint %(case)s is accepted: %(kind)s. Please send the goods back (return "
              "%(picking)s).") % {'case': self.name, 'kind': self._selection_label('kind').lower(),
                                  'picking': picking.name})
        if kind == 'exchange':
            self._schedule_activity(EXCHANGE_REQUEST_ACTIVITY, self.user_id,
                                    '_text_to_request_exchange')

    def _on_rejected(self, reason):
        if self.approval_stage == 'exchange':
            return  # the salesperson reworks the request
        # rejected as not a quality problem: the case is over; nothing to rework
        self._close_activities(['sales_process.mail_activity_type_approval_rework',
                                ASSESS_ACTIVITY])
        self._workflow_write({'state': 'rejected', 'rejection_reason': reason,
                              'date_decided': fields.Datetime.now(),
                              'decided_by_id': self.env.uid,
                              'date_closed': fields.Datetime.now()})
        self._inform_customer(_("Your complaint %(case)s is not accepted as a quality problem.")
                              % {'case': self.name}, reason)

    def _on_approval_reset(self):
        if self.approval_stage == 'decision':  # the report is withdrawn
            self._close_activities([ASSESS_ACTIVITY])
            self._workflow_write({'state': 'draft', 'date_reported': False})

    def _decided_kind(self):
        decision = self.env.context.get('aftersales_decision')
        return decision if decision in ('exchange', 'return') else self.kind_proposed

    # Wording of the activities (in the assignee's language)

    def _text_to_assess(self):
        return _("Assess the quality complaint %(case)s") % {'case': self.name}

    def _text_to_request_exchange(self):
        return _("Write the exchange request of %(case)s") % {'case': self.name}

    def _text_to_collect_feedback(self):
        return _("Collect the customer's feedback on %(case)s") % {'case': self.name}

    # Business helpers

    def _inform_customer(self, title, comment=None):
        """A message to the customer, who follows the case."""
        self._as_module().message_subscribe(partner_ids=self.partner_id.ids)
        self._post(title, comment, notify=True)

    def _faulty_location(self):
        location = self.env.ref('sales_process.stock_location_faulty_goods',
                                raise_if_not_found=False)
        if not location or location.company_id not in (self.company_id, self.env['res.company']):
            raise UserError(_("There is no location for faulty goods in %(company)s: create an "
                              "internal location for returns (Inventory > Configuration > "
                              "Locations, \"Is a Return Location?\").")
                            % {'company': self.company_id.name})
        return location

    def _create_return(self):
        """The return of the original delivery (Odoo's own return), its quantities the case's,
        received into the faulty-goods location."""
        self.ensure_one()
        delivery = self.picking_id.sudo()
        wizard = self.env['stock.return.picking'].sudo().with_context(
            active_id=delivery.id, active_ids=delivery.ids).create(
            {'location_id': self._faulty_location().id})
        wanted = {}
        for line in self.line_ids:
            wanted[line.product_id] = wanted.get(line.product_id, 0.0) + line.quantity
        for return_line in wizard.product_return_moves:
            take = min(wanted.get(return_line.product_id, 0.0), return_line.quantity)
            wanted[return_line.product_id] = wanted.get(return_line.product_id, 0.0) - take
            return_line.write({'quantity': take, 'to_refund': self.kind == 'return'})
        picking_id, _type_id = wizard._create_returns()
        picking = self.env['stock.picking'].sudo().browse(picking_id)
        picking.write({'aftersales_case_id': self.id,
                       'origin': '%s (%s)' % (picking.origin, self.name)})
        # the serial numbers the customer sends back are the case's
        for line in self.line_ids.filtered('lot_id'):
            move_line = picking.move_line_ids.filtered(
                lambda ml: ml.product_id == line.product_id and not ml.lot_id)[:1]
            if move_line:
                move_line.write({'lot_id': line.lot_id.id})
        self._workflow_write({'return_picking_id': picking.id})
        return picking

    def _create_replacement(self):
        """The replacement delivery, at no charge (linked to no order line, so nothing is
        invoiced), from the warehouse that delivered the goods."""
        self.ensure_one()
        self.line_ids._check_no_replacement()
        delivery = self.picking_id.sudo()
        picking = self.env['stock.picking'].sudo().create({
            'picking_type_id': delivery.picking_type_id.id,
            'location_id': delivery.location_id.id,
            'location_dest_id': delivery.location_dest_id.id,
            'partner_id': delivery.partner_id.id,
            'origin': _("Replacement of %(case)s") % {'case': self.name},
            'company_id': self.company_id.id,
            'aftersales_case_id': self.id,
        })
        for line in self.line_ids:
            product = line.replacement_product_id or line.product_id
            move = self.env['stock.move'].sudo().create({
                'name': product.display_name, 'product_id': product.id,
                'product_uom_qty': line.replacement_qty or line.quantity,
                'product_uom': product.uom_id.id, 'picking_id': picking.id,
                'location_id': delivery.location_id.id,
                'location_dest_id': delivery.location_dest_id.id,
                'picking_type_id': delivery.picking_type_id.id,
                'partner_id': delivery.partner_id.id,
                'company_id': self.company_id.id, 'origin': picking.origin,
            })
            line._as_workflow().write(
                {'replacement_move_id': move.id})
        picking.action_confirm()
        picking.action_assign()
        self._workflow_write({'replacement_picking_id': picking.id})
        self._post(_("Replacement delivery %(picking)s sent to the warehouse.")
                   % {'picking': picking.name})
        return picking

    def _invoice_lines(self):
        """{invoice: [(case line, invoice line)]}: the customer's validated invoice lines of
        the case's products, at which price they are refunded; a clear error when the order
        was never invoiced."""
        self.ensure_one()
        per_invoice = {}
        for line in self.sudo().line_ids:
            invoice_line = line.sale_line_id.invoice_lines.filtered(
                lambda il: il.invoice_id.type == 'out_invoice'
                and il.invoice_id.state in ('open', 'paid'))[:1]
            if not invoice_line:
                raise UserError(_(
                    "%(product)s of the sale order %(order)s has not been invoiced: a return is "
                    "refunded with a credit note on its invoice. Invoice the order first "
                    "(Sales > Orders to Invoice) and validate the invoice, or decide an "
                    "exchange.") % {'product': line.product_id.display_name,
                                    'order': self.sale_order_id.name})
            per_invoice.setdefault(invoice_line.invoice_id, []).append((line, invoice_line))
        return per_invoice

    def _create_credit_notes(self):
        """Draft credit notes for the returned quantities at the invoiced price, one per
        invoice, linked to it: the billing users validate them."""
        self.ensure_one()
        returned = {}
        for move in self.return_picking_id.sudo().move_lines.filtered(
                lambda m: m.state == 'done'):
            returned[move.product_id] = returned.get(move.product_id, 0.0) + move.product_qty
        Invoice = self.env['account.invoice'].sudo()
        credit_notes = Invoice.browse()
        for invoice, pairs in self._invoice_lines().items():
            values = Invoice._prepare_refund(
                invoice, description=_("Return %(case)s") % {'case': self.name})
            lines = []
            for case_line, invoice_line in pairs:
                quantity = min(returned.get(case_line.product_id, 0.0), case_line.quantity)
                returned[case_line.product_id] = returned.get(case_line.product_id, 0.0) - quantity
                quantity = case_line.product_id.uom_id._compute_quantity(
                    quantity, invoice_line.uom_id)
                if float_is_zero(quantity, precision_rounding=invoice_line.uom_id.rounding or 0.01):
                    continue
                line_values = Invoice._refund_cleanup_lines(invoice_line)[0][2]
                line_values.update(quantity=quantity,
                                   sale_line_ids=[(6, 0, case_line.sale_line_id.ids)])
                lines.append((0, 0, line_values))
            if not lines:
                continue
            values.update(invoice_line_ids=lines, tax_line_ids=[],
                          aftersales_case_id=self.id)
            credit_note = Invoice.create(values)
            credit_note.compute_taxes()
            credit_notes |= credit_note
        return credit_notes

    def _sync_pickings(self):
        """Follow the return and the replacement (the warehouse validates them)."""
        for case in self._as_module():
            if case.state not in RESOLVING_CASE_STATES:
                continue
            if not case.date_goods_back and case.return_picking_id.state == 'done':
                case._workflow_write({'date_goods_back': fields.Datetime.now()})
                case._post(_("The goods are back in %(location)s.")
                           % {'location': case.return_picking_id.location_dest_id.display_name})
                if case.kind == 'return':
                    credit_notes = case._create_credit_notes()
                    case._workflow_write({'state': 'refund'})
                    case._post(_("Credit note drafted for the billing department: %(amount)s.")
                               % {'amount': sum(credit_notes.mapped('amount_total'))})
                else:
                    case._workflow_write({'state': 'replacement'})
                    if case.exchange_approved and not case.replacement_picking_id:
                        case._create_replacement()
            if (case.kind == 'exchange' and case.date_goods_back
                    and case.replacement_picking_id.state == 'done'):
                case._enter_feedback()

    def _sync_credit_notes(self):
        """Follow the credit notes (the billing users validate them)."""
        for case in self._as_module():
            notes = case.credit_note_ids.filtered(lambda note: note.state != 'cancel')
            if case.state == 'refund' and notes and all(
                    note.state in ('open', 'paid') for note in notes):
                case._enter_feedback()

    def _enter_feedback(self):
        deadline = fields.Date.to_string(fields.Date.from_string(
            fields.Date.context_today(self)) + timedelta(days=FEEDBACK_DAYS))
        self._workflow_write({'state': 'feedback', 'date_resolved': fields.Datetime.now(),
                              'feedback_deadline': deadline})
        self._inform_customer(_("Your complaint %(case)s is resolved: %(kind)s done.")
                              % {'case': self.name,
                                 'kind': self._selection_label('kind').lower()})
        self._schedule_activity(FEEDBACK_ACTIVITY, self.user_id, '_text_to_collect_feedback',
                                deadline=deadline)

    def _set_closed(self, title, comment=None):
        self._check_write_access()
        self._workflow_write({'state': 'closed', 'date_closed': fields.Datetime.now()})
        self._close_activities([FEEDBACK_ACTIVITY])
        self._post(title, comment)

    def _check_feedback_collector(self):
        if not self._is_intake_user():
            raise UserError(_("The region's staff or customer service collect the customer's "
                              "feedback."))

    # Printed documents

    def _report_file_name(self, report_xmlid):
        """A printed document's file name (print_report_name), in the reader's language."""
        return self.env['ir.actions.report']._sales_process_file_name(report_xmlid, self.name)

    def _report_approvals(self):
        """(step, who approved it) of every run of the engine on the case, for the signature
        block: the marketing manager's decision, and the sales director's for an exchange."""
        self.ensure_one()
        history = self.env['sales.approval.history'].sudo().search([
            ('res_model', '=', self._name), ('res_id', '=', self.id),
            ('decision', '=', 'approved')], order='id')
        steps = self._approval_steps()
        if self.kind != 'exchange':
            steps = steps.filtered(lambda step: step == self.env.ref(
                'sales_process.sales_aftersales_case_step_decision'))
        return [(step, history.filtered(lambda line: line.step_id == step)[-1:].user_id)
                for step in steps]

    def _report_transfers(self):
        """The return and replacement the warehouse validated (who, when), read with the
        module's rights for every reader of the case."""
        self.ensure_one()
        pickings = self.sudo().return_picking_id | self.sudo().replacement_picking_id
        return pickings.filtered(lambda picking: picking.state == 'done')


class SalesAftersalesCaseLine(models.Model):
    _name = 'sales.aftersales.case.line'
    _description = 'After-Sales Case Line'

    case_id = fields.Many2one('sales.aftersales.case', required=True, ondelete='cascade',
                              index=True)
    company_id = fields.Many2one(related='case_id.company_id', store=True, readonly=True)
    sale_line_id = fields.Many2one('sale.order.line', string='Order Line', index=True,
                                   ondelete='restrict')
    product_id = fields.Many2one('product.product', required=True,
                                 index=True, ondelete='restrict')
    lot_id = fields.Many2one('stock.production.lot', string='Lot/Serial Number',
                             ondelete='restrict')
    quantity = fields.Float(required=True, digits=dp.get_precision('Product Unit of Measure'))
    uom_id = fields.Many2one(related='product_id.uom_id', readonly=True,
                             string='Unit of Measure')
    tracking = fields.Selection(related='product_id.tracking', readonly=True)
    # the exchange: what is sent instead (the same product by default)
    replacement_product_id = fields.Many2one(
        'product.product', string='Replacement', ondelete='restrict',
        help="The product sent instead (the same one when left empty).")
    replacement_qty = fields.Float(string='Replacement Quantity',
                                   digits=dp.get_precision('Product Unit of Measure'),
                                   help="The quantity sent instead (the same when left empty).")
    replacement_move_id = fields.Many2one('stock.move', readonly=True, copy=False, ondelete='set null')
    # the case's, stored for the analysis (product x root cause x region x month)
    region_id = fields.Many2one(related='case_id.region_id', store=True, readonly=True,
                                string='Region', index=True)
    root_cause_id = fields.Many2one(related='case_id.root_cause_id', store=True, readonly=True,
                                    string='Root Cause')
    kind = fields.Selection(related='case_id.kind', store=True, readonly=True, string='Decision')
    state = fields.Selection(related='case_id.state', store=True, readonly=True, string='Status')
    date_intake = fields.Datetime(related='case_id.date_intake', store=True, readonly=True,
                                  string='Received On')

    @api.constrains('product_id', 'lot_id', 'quantity')
    def _check_against_order(self):
        # lines written on their own (the case's constraint covers those written through it)
        self.mapped('case_id')._check_lines()

    @api.onchange('product_id')
    def _onchange_product_id(self):
        order = self.case_id.sale_order_id
        if self.product_id and order:
            self.sale_line_id = order.order_line.filtered(
                lambda line: line.product_id == self.product_id)[:1]

    @api.model
    def create(self, vals):
        refuse_workflow_values(self, vals, {'replacement_move_id'}, creating=True)
        case = self.env['sales.aftersales.case'].browse(vals.get('case_id'))
        case._check_lines_editable(vals)
        line = super(SalesAftersalesCaseLine, self).create(vals)
        line._set_sale_line()
        return line

    @api.multi
    def write(self, vals):
        if not is_workflow_call(self.env):
            refuse_workflow_values(self, vals, {'replacement_move_id'})
            self.mapped('case_id')._check_lines_editable(vals)
        result = super(SalesAftersalesCaseLine, self).write(vals)
        if {'product_id', 'sale_line_id'} & set(vals):
            self._set_sale_line()
        return result

    @api.multi
    def unlink(self):
        self.mapped('case_id')._check_lines_editable({'product_id': False})
        return super(SalesAftersalesCaseLine, self).unlink()

    def _set_sale_line(self):
        """The order line of the product (refused later by the case's check when none)."""
        for line in self.sudo():
            order_lines = line.case_id.sale_order_id.order_line
            if line.sale_line_id in order_lines and line.sale_line_id.product_id == line.product_id:
                continue
            sale_line = order_lines.filtered(lambda ol: ol.product_id == line.product_id)[:1]
            line._as_workflow().write({'sale_line_id': sale_line.id})

    def _as_workflow(self):
        """The lines as the case's workflow writes them (see sales.process.document)."""
        return self.sudo().with_context(sales_process_workflow=WORKFLOW_TOKEN)

    def _check_no_replacement(self):
        """A line is replaced once: a second replacement is refused."""
        for line in self.sudo():
            if line.replacement_move_id and line.replacement_move_id.state != 'cancel':
                raise UserError(_("A replacement of %(product)s has already been sent for "
                                  "%(case)s (%(picking)s): a line is replaced once.")
                                % {'product': line.product_id.display_name,
                                   'case': line.case_id.name,
                                   'picking': line.replacement_move_id.picking_id.name})
