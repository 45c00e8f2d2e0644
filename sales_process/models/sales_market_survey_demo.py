from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class SalesMarketSurveyDemo(models.AbstractModel):
    """The demo story of market surveys (demo/sales_market_survey_demo.xml): the surveys of the
    last two quarters in the three regions, each filed by the region's salesperson and reviewed
    by the marketing manager, who still has one to review; one was sent back, one is a draft."""
    _name = 'sales.market.survey.demo'
    _inherit = 'sales.process.demo'
    _description = 'Market Surveys Demo Data'

    # (own product, competitor, the competitor's product, own price, competitor's price,
    #  own volume, competitor's volume, channel)
    PRICES = {
        'region_east': [
            ('product_kettle', 'competitor_golden_sun', 'GS-17 Steel Kettle', 199, 169, 900, 1400,
             'retail'),
            ('product_rice_cooker', 'competitor_meishan', 'MS Smart Cooker 5 L', 599, 569, 400,
             650, 'online'),
            ('product_air_fryer', 'competitor_golden_sun', 'GS Crisp 4 L', 499, 529, 300, 250,
             'retail'),
        ],
        'region_south': [
            ('product_kettle', 'competitor_meishan', 'MS Quick Boil', 189, 179, 1100, 1200,
             'wholesale'),
            ('product_induction', 'competitor_meishan', 'MS Induction 2100', 329, 289, 350, 700,
             'online'),
            ('product_soymilk', 'competitor_beifang', 'BF Soymilk Pro', 459, 439, 200, 260,
             'distributor'),
        ],
        'region_north': [
            ('product_kettle', 'competitor_beifang', 'BF Kettle 1.8 L', 199, 159, 700, 1600,
             'retail'),
            ('product_rice_cooker', 'competitor_beifang', 'BF Rice Master', 599, 619, 500, 300,
             'distributor'),
        ],
    }
    FILED_BY = {'region_east': 'user_salesperson', 'region_south': 'user_sales_south',
                'region_north': 'user_sales_north'}

    @api.model
    def _generate_surveys(self):
        """Last quarter: a reviewed survey per region. This quarter: East reviewed (and a
        second salesperson's draft), South waiting for the marketing manager's review, North
        sent back for its missing channel details."""
        self = self.with_context(mail_create_nosubscribe=True, mail_auto_subscribe_no_notify=True)
        ref = self._ref
        today = date.today()
        this_quarter = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        last_quarter = this_quarter - relativedelta(months=3)
        reviewer = ref('user_marketing_manager')

        def survey(region, quarter, filed_on, price_factor, user=None, summary=None):
            lines = []
            for (product, competitor, competitor_product, own_price, competitor_price,
                 own_volume, competitor_volume, channel) in self.PRICES[region]:
                lines.append((0, 0, {
                    'kind': 'own', 'product_id': ref(product).id, 'channel': channel,
                    'price': round(own_price * price_factor), 'volume': own_volume}))
                lines.append((0, 0, {
                    'kind': 'competitor', 'competitor_id': ref(competitor).id,
                    'competitor_product': competitor_product, 'product_id': ref(product).id,
                    'channel': channel, 'price': round(competitor_price * price_factor),
                    'volume': competitor_volume,
                    'observations': 'Shelf price seen in three stores; volume from the '
                                    'distributor.'}))
            return self.env['sales.market.survey'].sudo(ref(user or self.FILED_BY[region])).create({
                'region_id': ref(region).id,
                'date': fields.Date.to_string(filed_on),
                'date_from': fields.Date.to_string(quarter),
                'date_to': fields.Date.to_string(quarter + relativedelta(months=3, days=-1)),
                'line_ids': lines,
                'summary': summary or "The competitors undercut us on kettles; our air fryers "
                                      "and rice cookers hold their prices.",
            })

        def review(surveys, comment=None):
            for record in surveys:
                record.action_approval_submit()
                record.sudo(reviewer).with_context(
                    approval_expected_step_id=record.approval_step_id.id).action_review(comment)

        last_filed = last_quarter + relativedelta(months=2, days=14)
        review([survey(region, last_quarter, last_filed, 1.0)
                for region in ('region_east', 'region_south', 'region_north')],
               "Thank you: forwarded to the product managers.")

        # this quarter's surveys are dated before today, in the quarter
        def recent(days):
            return max(this_quarter, today - relativedelta(days=days))

        review(survey('region_east', this_quarter, recent(20), 0.95,
                      summary="Double 11: the rivals cut kettle prices by another 5%; our air "
                              "fryer sells well online."),
               "Agreed: propose a kettle promotion for the Spring Festival.")
        south = survey('region_south', this_quarter, recent(3), 0.95)
        south.action_approval_submit()
        north = survey('region_north', this_quarter, recent(10), 0.97)
        north.action_approval_submit()
        north.sudo(reviewer).with_context(
            approval_expected_step_id=north.approval_step_id.id).action_send_back(
            "Say in which channel each competitor price was seen, and add the induction cookers.")
        survey('region_east', this_quarter, recent(1), 0.95, user='user_sales_east2',
               summary="Draft: prices of the Hangzhou stores.")
        return True
