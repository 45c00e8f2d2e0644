from odoo import api, models


class SalesAftersalesPortalDemo(models.AbstractModel):
    """The demo of the customer portal (demo/sales_aftersales_portal_demo.xml)."""
    _name = 'sales.aftersales.portal.demo'
    _inherit = 'sales.process.demo'
    _description = 'After-Sales Portal Demo Data'

    @api.model
    def _file_portal_case(self):
        """The portal customer reports a problem on their company's last delivered order, as
        they would from the portal's form."""
        self = self.with_context(mail_create_nosubscribe=True, mail_auto_subscribe_no_notify=True)
        buyer = self._ref('user_portal_customer')
        Case = self.env['sales.aftersales.case']
        orders = self.env['sale.order'].search(
            Case._portal_orders_domain(buyer.partner_id), order='confirmation_date desc')
        order = orders.filtered(lambda order: Case._portal_deliveries(order))[:1]
        line = order.order_line[:1]
        Case.sudo(buyer)._portal_file(
            order, {line.id: min(2, line.qty_delivered)},
            "两台产品通电后不加热，指示灯亮。The units do not heat up when switched on; the power "
            "light is on.", kind='exchange')
