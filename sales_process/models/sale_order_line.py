from collections import OrderedDict

from odoo import _, api, fields, models
from odoo.tools import float_compare, float_round

from .sales_process_document import WORKFLOW_TOKEN, is_workflow_call, refuse_workflow_values

# Promotions: what only the pricing writes, and the line values that call for pricing again
PROMOTION_FIELDS = frozenset({'promotion_id'})
PRICING_TRIGGERS = frozenset({'product_id', 'price_unit', 'discount', 'product_uom'})


class SaleOrderLine(models.Model):
    _inherit = 'sale.order.line'

    # Promotions (see models/sales_promotion_pricing.py for the rule)

    promotion_id = fields.Many2one(
        'sales.promotion', readonly=True, copy=False, index=True,
        ondelete='restrict',
        help="The promotion whose price this line got (its discount); set by the pricing.")

    @api.onchange('product_id', 'price_unit', 'product_uom')
    def _onchange_promotion_price(self):
        if self.promotion_id:
            # the promotion's discount is not the customer's own: take the pricelist's again
            self.discount = 0.0
            self._onchange_discount()
        self._onchange_promotion_discount()

    @api.onchange('discount')
    def _onchange_promotion_discount(self):
        order = self.order_id
        if not (self.product_id and order._promotion_priced()):
            return
        discount, promotion_id = self._promotion_pricing(order, [(
            self.product_id, self.product_uom or self.product_id.uom_id, self.price_unit,
            self.discount)])[0]
        self.discount = discount
        self.promotion_id = promotion_id

    # CRUD

    @api.model
    def create(self, values):
        refuse_workflow_values(self, values, PROMOTION_FIELDS, creating=True)
        order = self.env['sale.order'].browse(values.get('order_id'))
        if values.get('product_id') and order._promotion_priced():
            # priced before the line exists (no second write): the price Odoo would give first;
            # the caller's values left as they were (they may create another line)
            values = dict(values)
            values.update(self._prepare_add_missing_fields(values))
            product = self.env['product.product'].browse(values['product_id'])
            values['discount'], values['promotion_id'] = self._promotion_pricing(order, [(
                product, self.env['product.uom'].browse(values['product_uom']),
                values['price_unit'], values.get('discount') or 0.0)])[0]
        return super(SaleOrderLine, self).create(values)

    @api.multi
    def write(self, values):
        if is_workflow_call(self.env):
            return super(SaleOrderLine, self).write(values)
        refuse_workflow_values(self, values, PROMOTION_FIELDS)
        if not PRICING_TRIGGERS & set(values):
            return super(SaleOrderLine, self).write(values)
        own_discounts = {line.id: values['discount'] if 'discount' in values
                         else line._promotion_own_discount() for line in self}
        result = super(SaleOrderLine, self).write(values)
        self._apply_promotions(own_discounts)
        return result

    @api.multi
    def copy_data(self, default=None):
        data = super(SaleOrderLine, self).copy_data(default)
        for line, values in zip(self, data):
            if line.promotion_id and 'discount' not in (default or {}):
                # the copy is priced anew: the promotion may be over
                values['discount'] = 0.0
        return data

    def _workflow_hint(self, field_names):
        return _("The promotional pricing sets it.")

    # Pricing

    def _promotion_own_discount(self):
        """The customer's own discount of the line: a promoted line's discount is the
        promotion's (the own one it replaced was smaller), so none."""
        self.ensure_one()
        return 0.0 if self.promotion_id else self.discount

    def _apply_promotions(self, own_discounts=None):
        """Price these lines again (those of quotations), each order's promotions found in
        one query; write only what changes. `own_discounts`: {line id: the customer's own
        discount}, taken from the lines by default.

        Written at scale (a change of thousands of quotations' dates or regions): the lines are
        grouped by order in one pass, written grouped by discount and promotion, and what
        depends on them (the lines' and orders' amounts) is computed once for all of them, not
        after each write (Odoo's recomputation is most of the cost)."""
        lines_of_order = OrderedDict()
        for line in self:
            if line.product_id:
                lines_of_order.setdefault(line.order_id, []).append(line)
        changes = OrderedDict()
        for order, lines in lines_of_order.items():
            if not order._promotion_priced():
                continue
            prices = self._promotion_pricing(order, [(
                line.product_id, line.product_uom, line.price_unit,
                own_discounts[line.id] if own_discounts else line._promotion_own_discount())
                for line in lines])
            for line, (discount, promotion_id) in zip(lines, prices):
                if (discount, promotion_id) != (line.discount, line.promotion_id.id):
                    changes.setdefault((discount, promotion_id), []).append(line.id)
        if not changes:
            return
        writing = self.with_context(sales_process_workflow=WORKFLOW_TOKEN)
        with self.env.norecompute():
            for (discount, promotion_id), line_ids in changes.items():
                writing.browse(line_ids).write({'discount': discount, 'promotion_id': promotion_id})
        if self.env.recompute and self._context.get('recompute', True):  # as write() would
            writing.recompute()

    @api.model
    def _promotion_pricing(self, order, items):
        """[(discount, promotion id or False)] for `items`, [(product, unit of measure, unit
        price, the customer's own discount)] of lines of the quotation `order`: the best
        promotion's price where it is lower than the customer's own net price, else the own
        discount unchanged."""
        if not items:
            return []
        products = self.env['product.product'].browse({item[0].id for item in items})
        candidates = order._promotion_candidates(products)
        price_digits = self.env['decimal.precision'].precision_get('Product Price')
        discount_digits = self.env['decimal.precision'].precision_get('Discount')
        result = []
        for product, uom, price_unit, own_discount in items:
            own_discount = own_discount or 0.0
            offers = [(float_round(order._promotional_price(product, uom, discount, fixed_price),
                                   precision_digits=price_digits), promotion_id)
                      for promotion_id, discount, fixed_price in candidates.get(product.id, ())]
            own_price = price_unit * (1 - own_discount / 100.0)
            if offers and price_unit > 0:
                price, promotion_id = min(offers)
                if (float_compare(price, price_unit, precision_digits=price_digits) < 0
                        and float_compare(price, own_price, precision_digits=price_digits) <= 0):
                    result.append((float_round((1 - price / price_unit) * 100.0,
                                               precision_digits=discount_digits), promotion_id))
                    continue
            result.append((own_discount, False))
        return result
