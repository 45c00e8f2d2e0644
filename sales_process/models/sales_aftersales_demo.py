from odoo import api, models


class SalesAftersalesDemo(models.AbstractModel):
    """The demo story of exchanges and returns (demo/sales_aftersales_demo.xml)."""
    _name = 'sales.aftersales.demo'
    _inherit = 'sales.process.demo'
    _description = 'Exchanges and Returns Demo Data'

    @api.model
    def _generate_aftersales_cases(self):
        return True
