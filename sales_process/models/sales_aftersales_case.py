"""Exchanges and returns (换货 / 退货): the after-sales case of a customer's quality complaint.

Reported in writing by the region's responsible person (or filed by the customer from the
portal), assessed by the quality department, decided by the marketing manager through the
approval engine (exchange, return, or rejected as not a quality problem), the goods returned to
the factory, then a replacement approved by the sales director or a credit note, and the
customer's feedback collected so that the same defect does not come back.

This file holds the case's core (what the measures, the portal and the workflow read).
"""
from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp

# the states in which a case is over
CLOSED_CASE_STATES = ('closed', 'rejected', 'cancel')


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

    name = fields.Char(string='Reference', required=True, readonly=True, copy=False,
                       index=True, default=lambda self: _('New'))
    partner_id = fields.Many2one('res.partner', string='Customer', required=True, index=True,
                                 ondelete='restrict', track_visibility='onchange')
    sale_order_id = fields.Many2one('sale.order', string='Sale Order', required=True,
                                    index=True, ondelete='restrict')
    picking_id = fields.Many2one('stock.picking', string='Delivery', index=True,
                                 ondelete='restrict')
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
    root_cause_id = fields.Many2one('sales.aftersales.root.cause', string='Root Cause',
                                    index=True, ondelete='restrict', track_visibility='onchange')
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

    _workflow_fields = {'name', 'state', 'kind', 'channel', 'date_reported', 'date_assessed',
                        'date_decided', 'date_goods_back', 'date_resolved', 'date_closed'}


class SalesAftersalesCaseLine(models.Model):
    _name = 'sales.aftersales.case.line'
    _description = 'After-Sales Case Line'

    case_id = fields.Many2one('sales.aftersales.case', required=True, ondelete='cascade',
                              index=True)
    company_id = fields.Many2one(related='case_id.company_id', store=True, readonly=True)
    sale_line_id = fields.Many2one('sale.order.line', string='Order Line', index=True,
                                   ondelete='restrict')
    product_id = fields.Many2one('product.product', string='Product', required=True,
                                 index=True, ondelete='restrict')
    lot_id = fields.Many2one('stock.production.lot', string='Lot/Serial Number',
                             ondelete='restrict')
    quantity = fields.Float(required=True, digits=dp.get_precision('Product Unit of Measure'))
