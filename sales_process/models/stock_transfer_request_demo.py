from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class StockTransferRequestDemo(models.AbstractModel):
    """The demo story of stock transfer requests (demo/stock_transfer_request_demo.xml)."""
    _name = 'stock.transfer.request.demo'
    _inherit = 'sales.process.demo'
    _description = 'Stock Transfer Requests Demo Data'

    @api.model
    def _generate_transfer_requests(self):
        """Safety levels of the regional warehouses, the markets' demand, and transfer requests
        in every state, each moved by the users whose role it is."""
        self = self.with_context(mail_create_nosubscribe=True, mail_auto_subscribe_no_notify=True)
        ref = self._ref
        products = ['product_kettle', 'product_soymilk', 'product_rice_cooker', 'product_induction',
                    'product_air_fryer']
        safety = dict(zip(products, (30, 20, 20, 20, 15)))
        Orderpoint = self.env['stock.warehouse.orderpoint']
        for warehouse in ('warehouse_east', 'warehouse_south', 'warehouse_north'):
            for product in products:
                Orderpoint.create({
                    'product_id': ref(product).id, 'warehouse_id': ref(warehouse).id,
                    'location_id': ref(warehouse).lot_stock_id.id,
                    'product_min_qty': safety[product], 'product_max_qty': safety[product] * 2})

        def demand(user, product, quantity, customer, days):
            return self.env['sales.demand'].sudo(ref(user)).create({
                'product_id': ref(product).id, 'product_qty': quantity,
                'partner_id': ref(customer).id,
                'date_needed': fields.Date.to_string(date.today() + relativedelta(days=days))})

        def approve(request, user):
            request.sudo(ref(user)).with_context(
                approval_expected_step_id=request.approval_step_id.id).action_approval_approve()

        Request = self.env['stock.transfer.request']
        # South: an earlier request, approved and received
        done = Request.sudo(ref('user_sales_south')).create({
            'date_request': fields.Date.to_string(date.today() - relativedelta(days=12)),
            'line_ids': [(0, 0, {'product_id': ref('product_rice_cooker').id, 'product_qty': 20})]})
        done.sudo(ref('user_sales_south')).action_approval_submit()
        approve(done, 'user_manager_south')
        approve(done, 'user_sales_hq')
        picking = done.picking_ids.sudo(ref('user_warehouse'))
        for move in picking.move_lines:
            move.move_line_ids[:1].qty_done = move.product_uom_qty
        picking.button_validate()

        # East: the market's demand, requested and approved: the transfer waits in the warehouse
        east = (demand('user_salesperson', 'product_kettle', 40, 'customer_east_1', 10)
                | demand('user_salesperson', 'product_rice_cooker', 25, 'customer_east_2', 14))
        demand('user_sales_east2', 'product_air_fryer', 10, 'customer_east_3', 21)
        in_transfer = Request.sudo(ref('user_salesperson'))._create_from_demand(east)
        in_transfer.sudo(ref('user_salesperson')).action_approval_submit()
        approve(in_transfer, 'user_regional_manager')
        approve(in_transfer, 'user_sales_hq')
        # ... and the stock check proposes what is below its safety level
        Request.sudo(ref('user_salesperson'))._propose_from_stock_check(ref('region_east'))

        # South: waiting for the regional manager
        south = demand('user_sales_south', 'product_rice_cooker', 30, 'customer_south_1', 7)
        demand('user_sales_south', 'product_kettle', 15, 'customer_south_2', 20)
        waiting = Request.sudo(ref('user_sales_south'))._create_from_demand(south)
        waiting.sudo(ref('user_sales_south')).action_approval_submit()

        # North: rejected by headquarters, back to re-check the stock
        north = (demand('user_sales_north', 'product_air_fryer', 20, 'customer_north_1', 5)
                 | demand('user_sales_north', 'product_kettle', 25, 'customer_north_2', 9))
        demand('user_sales_north', 'product_induction', 10, 'customer_north_3', 30)
        recheck = Request.sudo(ref('user_sales_north'))._create_from_demand(north)
        recheck.sudo(ref('user_sales_north')).action_approval_submit()
        approve(recheck, 'user_manager_north')
        recheck.sudo(ref('user_sales_hq')).with_context(
            approval_expected_step_id=recheck.approval_step_id.id).action_approval_reject(
            "Returns from the Beijing promotion bring 12 air fryers back to the North warehouse "
            "next week: re-check the stock and lower the air fryers.")
        return True
