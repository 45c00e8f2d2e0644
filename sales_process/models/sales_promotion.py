"""Promotions (促销计划书): the promotion plan, approved by the sales director then the
president, priced on the sale orders of its regions during its period, run on site with an
incident log, and evaluated against the sales it measured.

This file holds the plan's core: its period, regions, customers and promoted products with
their mechanics (what pricing and the uplift measure read). Its workflow, staffing, incidents,
reports and evaluation are declared with it.
"""
from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.exceptions import ValidationError

# The states in which an official plan prices its regions' orders (during its period)
PRICED_STATES = ('official', 'running')


class SalesPromotion(models.Model):
    _name = 'sales.promotion'
    _description = 'Promotion Plan'
    _inherit = ['sales.approval.mixin']
    _order = 'date_start desc, id desc'

    name = fields.Char(string='Promotion', required=True, translate=False,
                       track_visibility='onchange')
    state = fields.Selection(
        [('draft', 'Draft'), ('to_approve', 'Waiting for Approval'), ('official', 'Official'),
         ('running', 'Running'), ('evaluation', 'Evaluation'), ('closed', 'Closed'),
         ('superseded', 'Superseded'), ('cancel', 'Cancelled')],
        string='Status', default='draft', required=True, readonly=True, copy=False, index=True,
        track_visibility='onchange')
    date_start = fields.Date(string='Start', required=True, index=True,
                             track_visibility='onchange')
    date_end = fields.Date(string='End', required=True, index=True, track_visibility='onchange')
    region_ids = fields.Many2many(
        'crm.team', 'sales_promotion_region_rel', 'promotion_id', 'region_id', string='Regions',
        required=True, domain=[('is_sales_region', '=', True)],
        help="The regions whose customers' orders get the promotional prices.")
    customer_scope = fields.Selection(
        [('all', "All the Regions' Customers"), ('tagged', 'Tagged Customers')],
        string='Target Customers', default='all', required=True)
    partner_category_ids = fields.Many2many(
        'res.partner.category', 'sales_promotion_partner_category_rel', 'promotion_id',
        'category_id', string='Customer Tags',
        help="Only customers with one of these tags get the promotional prices.")
    line_ids = fields.One2many('sales.promotion.line', 'promotion_id',
                               string='Promoted Products', copy=True)
    currency_id = fields.Many2one('res.currency', related='company_id.currency_id',
                                  readonly=True)
    expected_amount = fields.Monetary(string='Expected Sales', currency_field='currency_id')
    # the budget: computed from the cost and material lines (planned / actual), stored so that
    # the measure reads a batch's in one query
    cost_planned = fields.Monetary(string='Budget', currency_field='currency_id', readonly=True)
    cost_actual = fields.Monetary(string='Actual Cost', currency_field='currency_id',
                                  readonly=True)

    @api.constrains('date_start', 'date_end')
    def _check_dates(self):
        for promotion in self:
            if promotion.date_end < promotion.date_start:
                raise ValidationError(_(
                    "The promotion %(promotion)s ends (%(end)s) before it starts (%(start)s).")
                    % {'promotion': promotion.name, 'end': promotion.date_end,
                       'start': promotion.date_start})

    def _check_pricing_conflicts(self):
        """Raise if a promoted product (or a product of a promoted category) is on another
        official promotion overlapping this one's period in one of its regions: called when a
        plan becomes official (defined with pricing)."""
        return True


class SalesPromotionLine(models.Model):
    """A promoted product, or a product category (with its sub-categories), and its mechanics:
    a percentage discount, or a fixed promotional price."""
    _name = 'sales.promotion.line'
    _description = 'Promoted Product'
    _order = 'promotion_id, sequence, id'

    promotion_id = fields.Many2one('sales.promotion', required=True, ondelete='cascade',
                                   index=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related='promotion_id.company_id', store=True, readonly=True)
    product_id = fields.Many2one('product.product', index=True,
                                 ondelete='restrict')
    categ_id = fields.Many2one('product.category', string='Product Category', index=True,
                               ondelete='restrict')
    discount = fields.Float(string='Discount (%)', digits=dp.get_precision('Discount'))
    fixed_price = fields.Float(string='Promotional Price', digits=dp.get_precision('Product Price'),
                               help="A fixed unit price instead of the discount (0: none).")
    expected_qty = fields.Float(string='Expected Quantity',
                                digits=dp.get_precision('Product Unit of Measure'))

    @api.constrains('product_id', 'categ_id', 'discount', 'fixed_price')
    def _check_mechanics(self):
        for line in self:
            if bool(line.product_id) == bool(line.categ_id):
                raise ValidationError(_(
                    "Each promoted line names either a product or a product category."))
            if not 0 <= line.discount <= 100:
                raise ValidationError(_("A promotional discount is between 0 and 100%."))
            if line.fixed_price < 0:
                raise ValidationError(_("A promotional price must be greater than 0."))
