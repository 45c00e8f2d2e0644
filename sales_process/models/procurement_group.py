from odoo import models


class ProcurementGroup(models.Model):
    _inherit = 'procurement.group'

    # Stock transfer requests

    def _get_orderpoint_domain(self, company_id=False):
        """The scheduler leaves the reordering rules of regional warehouses alone.

        Their minimum is the safety level of the sales process: regional stock is replenished
        from the head office through approved stock transfer requests (the stock check proposes
        them), not by procurements. Regional warehouses have no route to replenish them, so the
        scheduler would otherwise only log a "no procurement rule" activity on each product.
        """
        domain = super(ProcurementGroup, self)._get_orderpoint_domain(company_id=company_id)
        regional = self.env['stock.warehouse']._sales_regional_warehouses()
        if regional:
            domain += [('warehouse_id', 'not in', regional.ids)]
        return domain
