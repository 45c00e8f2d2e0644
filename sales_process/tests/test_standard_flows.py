"""With the module installed, Odoo's own sale, stock and CRM flows still work for the roles."""
from .common import SalesProcessCase


class TestStandardFlows(SalesProcessCase):

    @classmethod
    def setUpClass(cls):
        super(TestStandardFlows, cls).setUpClass()
        cls.product = cls.env['product.product'].create({
            'name': 'Standard Flow Kettle', 'type': 'product', 'list_price': 100.0,
            'invoice_policy': 'delivery'})
        cls.env['stock.quant']._update_available_quantity(
            cls.product, cls.head_office_warehouse.lot_stock_id, 10.0)
        cls.customer = cls.env['res.partner'].create({'name': 'Standard Customer', 'customer': True})

    def test_lead_to_won_opportunity(self):
        lead = self.env['crm.lead'].sudo(self.salesperson).create({
            'name': 'Supermarket chain wants kettles', 'partner_id': self.customer.id, 'type': 'lead'})
        self.assertEqual(lead.team_id, self.region_a)
        lead.convert_opportunity(self.customer.id)
        self.assertEqual(lead.type, 'opportunity')
        lead.action_set_won()
        self.assertEqual(lead.probability, 100)

    def test_quotation_delivery_invoice(self):
        order = self.env['sale.order'].sudo(self.salesperson).create({
            'partner_id': self.customer.id, 'warehouse_id': self.head_office_warehouse.id,
            'order_line': [(0, 0, {'product_id': self.product.id, 'product_uom_qty': 3})]})
        order.action_confirm()
        self.assertEqual(order.state, 'sale')
        picking = order.picking_ids
        self.assertEqual(len(picking), 1)
        picking = picking.sudo(self.users['warehouse'])
        picking.action_assign()
        self.assertEqual(picking.state, 'assigned')
        picking.move_lines.move_line_ids.write({'qty_done': 3})
        picking.action_done()
        self.assertEqual(picking.state, 'done')
        self.assertEqual(order.order_line.qty_delivered, 3)
        invoice_ids = order.action_invoice_create()
        invoice = self.env['account.invoice'].browse(invoice_ids)
        invoice.action_invoice_open()
        self.assertEqual(invoice.state, 'open')
        self.assertAlmostEqual(invoice.amount_untaxed, 300.0)
        self.assertEqual(order.invoice_status, 'invoiced')
