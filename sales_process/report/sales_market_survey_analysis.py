from odoo import api, fields, models, tools

from ..models.sales_market_survey import CHANNELS, LINE_KINDS, SURVEY_STATES


class SalesMarketSurveyAnalysis(models.Model):
    """Own and competitors' prices and volumes, one row per price of a filed survey (submitted
    or reviewed), for pivot and graph views: by region, month, own/competitor and the own
    product compared.

    The price gap of a row is the average own price minus the average competitors' price of the
    same product in the same region and month (the same on every row of that group, so that its
    average in a pivot cell of one region, month and product is the gap itself; over several
    products, the average of their gaps weighted by their prices observed).
    """
    _name = 'sales.market.survey.analysis'
    _description = 'Market Survey Analysis'
    _auto = False
    _order = 'date desc, region_id'

    survey_id = fields.Many2one('sales.market.survey', string='Survey', readonly=True)
    company_id = fields.Many2one('res.company', readonly=True)
    region_id = fields.Many2one('crm.team', string='Region', readonly=True)
    user_id = fields.Many2one('res.users', string='Filed By', readonly=True)
    date = fields.Date(readonly=True)
    month = fields.Date(readonly=True, help="The first day of the survey's month.")
    state = fields.Selection(SURVEY_STATES, string='Status', readonly=True)
    kind = fields.Selection(LINE_KINDS, string='Type', readonly=True)
    product_id = fields.Many2one('product.product', string='Product', readonly=True,
                                 help="The company's product: observed, or compared.")
    competitor_id = fields.Many2one('res.partner', string='Competitor', readonly=True)
    competitor_product = fields.Char(string="Competitor's Product", readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    price = fields.Float(string='Average Price', readonly=True, group_operator='avg')
    own_price = fields.Float(string='Own Price', readonly=True, group_operator='avg')
    competitor_price = fields.Float(string="Competitors' Price", readonly=True,
                                    group_operator='avg')
    volume = fields.Float(string='Estimated Volume', readonly=True)
    own_volume = fields.Float(string='Own Volume', readonly=True)
    competitor_volume = fields.Float(string="Competitors' Volume", readonly=True)
    price_gap = fields.Float(string='Price Gap', readonly=True, group_operator='avg',
                             help="Own price minus competitors' price, for the same product, "
                                  "region and month (positive: the company is dearer).")
    price_count = fields.Integer(string='Prices Observed', readonly=True)

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE OR REPLACE VIEW sales_market_survey_analysis AS (
                WITH price AS (
                    SELECT line.id, line.survey_id, survey.company_id, survey.region_id,
                           survey.user_id, survey.date,
                           date_trunc('month', survey.date)::date AS month, survey.state,
                           line.kind, line.product_id, line.competitor_id,
                           line.competitor_product, line.channel, line.price,
                           COALESCE(line.volume, 0) AS volume
                      FROM sales_market_survey_line line
                      JOIN sales_market_survey survey ON survey.id = line.survey_id
                     WHERE survey.state IN ('submitted', 'reviewed')
                )
                SELECT price.*,
                       CASE WHEN kind = 'own' THEN price.price END AS own_price,
                       CASE WHEN kind = 'competitor' THEN price.price END AS competitor_price,
                       CASE WHEN kind = 'own' THEN volume ELSE 0 END AS own_volume,
                       CASE WHEN kind = 'competitor' THEN volume ELSE 0 END AS competitor_volume,
                       AVG(CASE WHEN kind = 'own' THEN price.price END) OVER comparison
                       - AVG(CASE WHEN kind = 'competitor' THEN price.price END) OVER comparison
                           AS price_gap,
                       1 AS price_count
                  FROM price
                WINDOW comparison AS (PARTITION BY region_id, month, product_id)
            )""")
