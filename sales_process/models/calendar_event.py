from odoo import fields, models


class CalendarEvent(models.Model):
    _inherit = 'calendar.event'

    sales_strategy_id = fields.Many2one('sales.strategy', string='Sales Strategy', index=True,
                                        ondelete='set null')
    minutes = fields.Html(string='Minutes', help="What the sales meeting decided.")
