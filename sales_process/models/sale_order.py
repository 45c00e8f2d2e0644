import pytz

from odoo import api, fields, models

# Promotions: the order values the promotional prices depend on (the lines are priced again
# when one changes on a quotation)
PRICING_ORDER_FIELDS = frozenset({'partner_id', 'team_id', 'date_order', 'company_id',
                                  'pricelist_id'})


class PromotionCandidates(object):
    """The promotions found for an order being created or saved with its lines, shared by
    its lines (Odoo 11 creates them one by one): one query for all of them. Carried in the
    context, where RPC (JSON only) cannot put one."""
    __slots__ = ('product_ids', 'found')

    def __init__(self, product_ids):
        self.product_ids = set(product_ids)
        self.found = {}


class SaleOrder(models.Model):
    _inherit = 'sale.order'

    # CRUD

    @api.model
    def create(self, vals):
        order = super(SaleOrder, self.with_context(
            sales_promotion_candidates=PromotionCandidates(self._promotion_line_products(vals))
        )).create(vals)
        return order.with_env(self.env)

    @api.multi
    def write(self, vals):
        candidates = PromotionCandidates(self._promotion_line_products(vals))
        result = super(SaleOrder, self.with_context(
            sales_promotion_candidates=candidates)).write(vals)
        if PRICING_ORDER_FIELDS & set(vals):
            self.with_context(sales_promotion_candidates=candidates).mapped(
                'order_line')._apply_promotions()
        return result

    # Promotions

    @api.model
    def _promotion_line_products(self, vals):
        """The products of the lines created or changed by these values."""
        return {command[2]['product_id'] for command in vals.get('order_line') or ()
                if command[0] in (0, 1) and command[2].get('product_id')}

    def _promotion_priced(self):
        """Whether promotions price the order's lines: quotations only, never a confirmed
        order."""
        return bool(self) and self.state in ('draft', 'sent')

    def _promotion_date(self):
        """The order's date in its company's time zone: the day promotions are valid on."""
        moment = fields.Datetime.from_string(self.date_order) if self.date_order else \
            fields.Datetime.from_string(fields.Datetime.now())
        zone = pytz.timezone(self.company_id.partner_id.tz or 'UTC')
        return pytz.utc.localize(moment).astimezone(zone).date()

    def _promotion_candidates(self, products):
        """{product id: [(promotion id, discount, fixed price)]}: the promotions applicable to
        these products on this order (see sales.promotion._applicable_promotions), found once
        for all the lines of an order being created or saved."""
        key = (self.company_id.id, self.team_id.id, self.partner_id.commercial_partner_id.id,
               self._promotion_date())
        shared = self.env.context.get('sales_promotion_candidates')
        if not isinstance(shared, PromotionCandidates):
            return self._promotion_search(products)
        product_ids, found = shared.found.get(key, (set(), {}))
        if not set(products.ids) <= product_ids:
            product_ids = shared.product_ids | product_ids | set(products.ids)
            found = self._promotion_search(products.browse(product_ids))
            shared.found[key] = (product_ids, found)
        return found

    def _promotion_search(self, products):
        found = self.env['sales.promotion']._applicable_promotions(
            self.company_id, self.team_id, self.partner_id, self._promotion_date(), products)
        # the promoted products' sales prices and units, read for all of them at once (the
        # lines, created one by one, then find them in the cache)
        promoted = products.browse(list(found))
        promoted.mapped('lst_price')
        promoted.mapped('uom_id')
        return found

    def _promotional_price(self, product, uom, discount, fixed_price):
        """A promotion's unit price of `product` on this order, in its currency and in `uom`:
        the fixed promotional price, else the product's sales price less the discount (both
        set in the company's currency, per the product's unit)."""
        price = fixed_price or product.lst_price * (1 - (discount or 0.0) / 100.0)
        price = product.uom_id._compute_price(price, uom)
        company_currency = self.company_id.currency_id
        currency = self.pricelist_id.currency_id or company_currency
        if currency != company_currency:
            price = company_currency.with_context(date=self.date_order).compute(
                price, currency, round=False)
        return price

    # Exchanges and returns: the order's after-sales cases (smart button)

    aftersales_case_count = fields.Integer(string='After-Sales Cases',
                                           compute='_compute_aftersales_case_count')

    def _compute_aftersales_case_count(self):
        counts = self.env['sales.aftersales.case']._count_cases('sale_order_id', self.ids)
        for order in self:
            order.aftersales_case_count = counts.get(order.id, 0)

    @api.multi
    def action_view_aftersales_cases(self):
        self.ensure_one()
        return self.env['sales.aftersales.case']._open_cases_action(
            [('sale_order_id', '=', self.id)])
