from odoo import fields, models


class CalendarEvent(models.Model):
    _inherit = 'calendar.event'

    sales_strategy_id = fields.Many2one('sales.strategy', index=True,
                                        ondelete='set null')
    minutes = fields.Html(help="What the sales meeting decided.")
