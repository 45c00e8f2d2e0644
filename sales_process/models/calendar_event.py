from odoo import fields, models


class CalendarEvent(models.Model):
    _inherit = 'calendar.event'

    # Sales plans: the minutes of the strategy's sales meetings

    sales_strategy_id = fields.Many2one('sales.strategy', index=True,
                                        ondelete='set null')
    minutes = fields.Html(help="What the sales meeting decided.")
