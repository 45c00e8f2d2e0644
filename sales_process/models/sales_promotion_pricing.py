"""Promotions: the promotional prices of an official plan on its regions' sale orders.

The rule (applied by sale.order.line, see models/sale_order_line.py):

* a promotion prices while it is in PRICED_STATES (official, running), for the orders dated
  (in the company's time zone) within its period, whose sales team is one of its regions and,
  with tagged customers, whose customer (its commercial entity) has one of its tags;
* a promoted line (its product, or a product of its category or of a sub-category; within one
  promotion a product line wins over a category line, a sub-category over its parent) gets the
  promotional price: the product's sales price less the discount, or the fixed promotional
  price, given to the line as Odoo's own order-line discount, and is attributed to it;
* the customer's own net price (its pricelist's price less its own discount) is never made
  dearer: a promotion applies only when its price is lower;
* promotions never stack: the lowest promotional price wins, the earliest promotion (lowest
  id) on a tie;
* only quotations (draft, sent) are priced: a confirmed order is never repriced, so a
  promotion cancelled or closed afterwards leaves it as sold.
"""
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .sales_promotion import PRICED_STATES

# The promotions applicable to an order (company, region, customer, local date), per product
# of the order: one row per product and promotion, the promotion's most specific line first
# (a product line, then the deepest category), for any number of promotions in the database.
APPLICABLE_SQL = """
    SELECT DISTINCT ON (product.id, promotion.id)
           product.id, promotion.id, line.discount, line.fixed_price
      FROM sales_promotion promotion
      JOIN sales_promotion_region_rel region ON region.promotion_id = promotion.id
      JOIN sales_promotion_line line ON line.promotion_id = promotion.id
      LEFT JOIN product_category promoted_categ ON promoted_categ.id = line.categ_id
      JOIN product_product product ON product.id = ANY(%(product_ids)s)
      JOIN product_template template ON template.id = product.product_tmpl_id
      JOIN product_category categ ON categ.id = template.categ_id
     WHERE promotion.state IN %(states)s
       AND promotion.company_id = %(company_id)s
       AND promotion.date_start <= %(date)s AND promotion.date_end >= %(date)s
       AND region.region_id = %(region_id)s
       AND (line.product_id = product.id
            OR categ.parent_left BETWEEN promoted_categ.parent_left AND promoted_categ.parent_right)
       AND (promotion.customer_scope = 'all' OR EXISTS (
            SELECT 1
              FROM sales_promotion_partner_category_rel tag
              JOIN res_partner_res_partner_category_rel partner_tag
                ON partner_tag.category_id = tag.category_id
             WHERE tag.promotion_id = promotion.id AND partner_tag.partner_id = %(partner_id)s))
     ORDER BY product.id, promotion.id, line.product_id IS NULL, promoted_categ.parent_left DESC
"""

# Pairs of promoted lines of two promotions in PRICED_STATES (or being made official) that
# overlap: same company, overlapping periods, a common region, and the same product, a product
# of the other's category, or nested categories.
CONFLICT_SQL = """
    SELECT mine.promotion_id, theirs.promotion_id, mine.id, theirs.id, region.region_id
      FROM sales_promotion_line mine
      JOIN sales_promotion promotion ON promotion.id = mine.promotion_id
      JOIN sales_promotion other ON other.id != promotion.id
                                AND other.company_id = promotion.company_id
                                AND other.date_start <= promotion.date_end
                                AND other.date_end >= promotion.date_start
      JOIN sales_promotion_line theirs ON theirs.promotion_id = other.id
      JOIN sales_promotion_region_rel region ON region.promotion_id = promotion.id
      JOIN sales_promotion_region_rel other_region ON other_region.promotion_id = other.id
                                                  AND other_region.region_id = region.region_id
      LEFT JOIN product_category mine_categ ON mine_categ.id = mine.categ_id
      LEFT JOIN product_category theirs_categ ON theirs_categ.id = theirs.categ_id
      LEFT JOIN product_product mine_product ON mine_product.id = mine.product_id
      LEFT JOIN product_template mine_template ON mine_template.id = mine_product.product_tmpl_id
      LEFT JOIN product_category mine_product_categ ON mine_product_categ.id = mine_template.categ_id
      LEFT JOIN product_product theirs_product ON theirs_product.id = theirs.product_id
      LEFT JOIN product_template theirs_template
             ON theirs_template.id = theirs_product.product_tmpl_id
      LEFT JOIN product_category theirs_product_categ
             ON theirs_product_categ.id = theirs_template.categ_id
     WHERE mine.promotion_id = ANY(%(ids)s)
       AND (other.state IN %(states)s OR other.id = ANY(%(ids)s))
       AND other.id != ALL(%(excluded_ids)s)
       AND (mine.product_id = theirs.product_id
            OR mine_product_categ.parent_left
               BETWEEN theirs_categ.parent_left AND theirs_categ.parent_right
            OR theirs_product_categ.parent_left
               BETWEEN mine_categ.parent_left AND mine_categ.parent_right
            OR mine_categ.parent_left BETWEEN theirs_categ.parent_left AND theirs_categ.parent_right
            OR theirs_categ.parent_left BETWEEN mine_categ.parent_left AND mine_categ.parent_right)
     ORDER BY mine.promotion_id, other.id, mine.sequence, mine.id
     LIMIT 1
"""


class SalesPromotion(models.Model):
    _inherit = 'sales.promotion'

    attributed_line_count = fields.Integer(
        string='Orders', compute='_compute_attributed_line_count',
        help="The sale order lines priced by this promotion.")

    def _compute_attributed_line_count(self):
        # the lines the user may read (the sales rules), counted in one query
        groups = self.env['sale.order.line'].read_group(
            [('promotion_id', 'in', self.ids)], ['promotion_id'], ['promotion_id'])
        counts = {group['promotion_id'][0]: group['promotion_id_count'] for group in groups}
        for promotion in self:
            promotion.attributed_line_count = counts.get(promotion.id, 0)

    # Actions

    @api.multi
    def action_view_attributed_lines(self):
        """The order lines this promotion priced (the form's "Orders" button)."""
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'name': _('Promoted Order Lines'),
            'res_model': 'sale.order.line',
            'view_mode': 'tree,form',
            'domain': [('promotion_id', '=', self.id)],
            'context': {'create': False},
        }

    # Pricing

    def _check_pricing_conflicts(self):
        """Refuse promotions that would price the same product as another official or running
        promotion (or another of these) overlapping their period in a common region: the rule
        "no stacking" then holds by construction for plans made official, and the pricing's
        best-price choice only settles what the plans do not."""
        if not self:
            return True
        self.env.cr.execute(CONFLICT_SQL, {
            'ids': self.ids, 'states': PRICED_STATES,
            'excluded_ids': self._pricing_conflict_exclusions().ids or [0]})
        row = self.env.cr.fetchone()
        if row:
            promotion, other = self.browse(row[0]).sudo(), self.browse(row[1]).sudo()
            mine, theirs = self.env['sales.promotion.line'].sudo().browse(row[2:4])
            raise ValidationError(_(
                "%(item)s of the promotion %(promotion)s is already promoted by %(other)s "
                "(%(other_item)s, %(start)s - %(end)s) in the region %(region)s: two promotions "
                "cannot price the same product at the same time in one region.") % {
                'item': mine._promoted_label(), 'promotion': promotion.name,
                'other': other.name, 'other_item': theirs._promoted_label(),
                'start': other.date_start, 'end': other.date_end,
                'region': self.env['crm.team'].sudo().browse(row[4]).name})
        return True

    def _pricing_conflict_exclusions(self):
        """Promotions these may overlap without conflict (e.g. the version a revision
        replaces): none by default."""
        return self.browse()

    @api.model
    def _applicable_promotions(self, company, region, partner, date, products):
        """{product id: [(promotion id, discount, fixed price)]}: the promotions that price
        these products on an order of `company`, `region` and `partner` (its commercial
        entity is what tagged promotions target) dated `date` (a date in the company's time
        zone). One query, whatever the number of products and promotions."""
        if not (company and region and partner and products):
            return {}
        self.env.cr.execute(APPLICABLE_SQL, {
            'product_ids': list(products.ids), 'states': PRICED_STATES,
            'company_id': company.id, 'region_id': region.id,
            'partner_id': partner.commercial_partner_id.id, 'date': date})
        candidates = {}
        for product_id, promotion_id, discount, fixed_price in self.env.cr.fetchall():
            candidates.setdefault(product_id, []).append((promotion_id, discount, fixed_price))
        return candidates


class SalesPromotionLine(models.Model):
    _inherit = 'sales.promotion.line'

    def _promoted_label(self):
        self.ensure_one()
        if self.product_id:
            return _("The product %(product)s") % {'product': self.product_id.display_name}
        return _("The product category %(category)s") % {'category': self.categ_id.display_name}
