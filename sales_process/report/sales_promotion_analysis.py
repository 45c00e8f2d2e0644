from odoo import fields, models


class SalesPromotionAnalysis(models.Model):
    """Uplift and cost of the promotions, for pivot and graph views: a row per promotion,
    region and product with its sales in the period and in the baseline before it (the
    measure's own query, ``sales.promotion.measure.detail_sql``), and a row per promotion with
    its cost (no region, no product: a cost is the promotion's, not a product's).

    Ratios do not add up, so the analysis shows the uplift as an amount (sales less the
    baseline); the promotion's evaluation shows the uplift %.
    """
    _name = 'sales.promotion.analysis'
    _description = 'Promotion Analysis'
    _inherit = ['sales.process.sql.view']
    _auto = False
    _order = 'date_start desc, promotion_id, region_id, product_id'

    promotion_id = fields.Many2one('sales.promotion', readonly=True)
    company_id = fields.Many2one('res.company', readonly=True)
    region_id = fields.Many2one('crm.team', readonly=True)
    product_id = fields.Many2one('product.product', readonly=True)
    categ_id = fields.Many2one('product.category', string='Product Category', readonly=True)
    date_start = fields.Date(string='Start', readonly=True)
    date_end = fields.Date(string='End', readonly=True)
    state = fields.Selection(
        lambda self: self.env['sales.promotion']._fields['state'].selection,
        string='Status', readonly=True)
    amount = fields.Float(string='Sales', readonly=True)
    qty = fields.Float(string='Quantity Sold', readonly=True)
    baseline_amount = fields.Float(string='Baseline Sales', readonly=True)
    baseline_qty = fields.Float(string='Baseline Quantity', readonly=True)
    uplift_amount = fields.Float(string='Uplift', readonly=True,
                                 help="Sales in the period less the baseline's.")
    attributed_count = fields.Integer(string='Promoted Lines', readonly=True)
    attributed_amount = fields.Float(string='Promoted Sales', readonly=True)
    cost_planned = fields.Float(string='Budget', readonly=True)
    cost_actual = fields.Float(string='Actual Cost', readonly=True)

    def _view_query(self):
        detail = self.env['sales.promotion.measure'].detail_sql()
        return """
            WITH detail AS ({detail})
            SELECT row_number() OVER (ORDER BY row.promotion_id, row.region_id NULLS FIRST,
                                               row.product_id) AS id, row.*
              FROM (
                SELECT promotion.id AS promotion_id, promotion.company_id,
                       detail.region_id, detail.product_id, pt.categ_id,
                       promotion.date_start, promotion.date_end, promotion.state,
                       detail.amount, detail.qty, detail.baseline_amount,
                       detail.baseline_qty, detail.amount - detail.baseline_amount
                           AS uplift_amount,
                       detail.attributed_count, detail.attributed_amount,
                       0.0 AS cost_planned, 0.0 AS cost_actual
                  FROM detail
                  JOIN sales_promotion promotion ON promotion.id = detail.promotion_id
                  JOIN product_product pp ON pp.id = detail.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                UNION ALL
                SELECT promotion.id, promotion.company_id, NULL, NULL, NULL,
                       promotion.date_start, promotion.date_end, promotion.state,
                       0.0, 0.0, 0.0, 0.0, 0.0, 0, 0.0,
                       COALESCE(promotion.cost_planned, 0.0),
                       COALESCE(promotion.cost_actual, 0.0)
                  FROM sales_promotion promotion
              ) row""".format(detail=detail)
