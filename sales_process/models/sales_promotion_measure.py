"""The promotions' measure: sales of the promoted products in the promoted regions during the
period vs a baseline period of equal length just before it, the attributed order lines, and
the cost, for a batch of promotions at once (a constant number of queries)."""
from odoo import api, models

FIGURE_KEYS = ('amount', 'qty', 'baseline_amount', 'baseline_qty', 'uplift_amount_pct',
               'uplift_qty_pct', 'attributed_count', 'attributed_amount', 'cost_planned',
               'cost_actual', 'return_on_cost')


class SalesPromotionMeasure(models.AbstractModel):
    _name = 'sales.promotion.measure'
    _description = 'Promotion Measure'

    @api.model
    def figures(self, promotions):
        """{promotion id: {key: value for key in FIGURE_KEYS}} for the batch.

        amount/qty: confirmed sales (sale orders in state sale/done, company currency,
        untaxed) of the promoted products (or categories, with their sub-categories) to
        the promotion's regions (the order's sales team) and target customers, ordered within
        [date_start, date_end]; baseline_*: the same over the equal-length period just before;
        uplift_*_pct: (amount - baseline) / baseline * 100 (0 when there is no baseline);
        attributed_*: the order lines attributed to the promotion; cost_*: the promotion's
        budget and actual cost; return_on_cost: (amount - baseline_amount) / cost_actual.
        """
        # contract stub: replaced by the batched SQL implementation
        return {promotion.id: dict.fromkeys(FIGURE_KEYS, 0.0) for promotion in promotions}
