import random
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class SalesProcessDemo(models.AbstractModel):
    """The demo company's story (its sales history), and what the demo builder of each process
    (sales.plan.demo, stock.transfer.request.demo) shares. Called from demo/*.xml only: every
    builder is private, so that no user can call it over RPC.

    A year of sale orders is generated rather than written out in XML: one confirmed and
    delivered order a month in every region, deterministic (fixed seed), with seasonal peaks around
    the Spring Festival, "618" and "Double 11".
    """
    _name = 'sales.process.demo'
    _description = 'Sales Process Demo Data'

    SEASONALITY = {1: 1.5, 2: 1.3, 3: 0.8, 4: 0.8, 5: 0.9, 6: 1.4,
                   7: 0.9, 8: 0.9, 9: 1.0, 10: 1.1, 11: 1.7, 12: 1.2}

    def _ref(self, xmlid):
        return self.env.ref(xmlid if '.' in xmlid else 'sales_process.' + xmlid)

    @api.model
    def _generate_sales_history(self, stock_left, head_office_stock):
        """Opening inventory, then twelve months of orders for every demo customer.

        :param stock_left: {warehouse xmlid: {product xmlid: quantity on hand at the end}}
        :param head_office_stock: {product xmlid: quantity on hand at head office}
        """
        # no chatter or follower notifications for a hundred generated documents
        self = self.with_context(tracking_disable=True, mail_notrack=True, mail_create_nolog=True,
                                 mail_create_nosubscribe=True, mail_auto_subscribe_no_notify=True)
        rng = random.Random(2026)
        products = self.env['product.product'].browse(
            [self._ref(xmlid).id for xmlid in sorted(head_office_stock)])
        customers = self.env['res.partner'].search(
            [('customer', '=', True), ('team_id.is_sales_region', '=', True),
             ('id', 'in', [self._ref('customer_%s_%s' % (region, number)).id
                           for region in ('east', 'south', 'north') for number in (1, 2, 3)])])
        first_month = date.today().replace(day=1) - relativedelta(months=11)
        regions = customers.mapped('team_id')
        plans = []  # (customer, order date, [(product, quantity)])
        delivered = {}  # (warehouse, product) -> quantity
        for month in range(12):
            day = first_month + relativedelta(months=month)
            factor = self.SEASONALITY[day.month]
            for region in regions:
                # one order a month per region, the region's customers taking turns
                region_customers = customers.filtered(lambda partner: partner.team_id == region)
                customer = region_customers[month % len(region_customers)]
                chosen = rng.sample(list(products), rng.randint(2, 4))
                lines = [(product, max(1, int(round(rng.randint(10, 40) * factor))))
                         for product in chosen]
                order_date = day + relativedelta(days=rng.randint(0, 25), hours=rng.randint(1, 9))
                plans.append((customer, order_date, lines))
                warehouse = region.warehouse_id
                for product, quantity in lines:
                    delivered[warehouse, product] = delivered.get((warehouse, product), 0) + quantity

        quantities = {}
        # head office's goods on its shelves (demo/stock_demo.xml), the regions' in their stock
        shelves = self._ref('location_head_office_shelves')
        for product_xmlid, quantity in head_office_stock.items():
            quantities[shelves, self._ref(product_xmlid)] = quantity
        for warehouse_xmlid, per_product in stock_left.items():
            warehouse = self._ref(warehouse_xmlid)
            for product_xmlid, quantity in per_product.items():
                product = self._ref(product_xmlid)
                quantities[warehouse.lot_stock_id, product] = (
                    quantity + delivered.get((warehouse, product), 0))
        self._opening_inventory(quantities)

        orders = self.env['sale.order']
        for customer, order_date, lines in plans:
            orders |= orders.create({
                'partner_id': customer.id,
                'team_id': customer.team_id.id,
                'user_id': customer.user_id.id,
                'warehouse_id': customer.team_id.warehouse_id.id,
                'date_order': fields.Datetime.to_string(order_date),
                'order_line': [(0, 0, {'product_id': product.id, 'product_uom_qty': quantity})
                               for product, quantity in lines],
            })
        for order in orders:  # sale._action_confirm() only handles one order at a time in 11.0
            order.action_confirm()
        for order, (_customer, order_date, _lines) in zip(orders, plans):
            when = fields.Datetime.to_string(order_date)
            order.write({'date_order': when, 'confirmation_date': when})
        pickings = orders.mapped('picking_ids')
        pickings.action_assign()
        for move in pickings.mapped('move_lines'):
            for move_line in move.move_line_ids:
                move_line.qty_done = move_line.product_uom_qty
        pickings.action_done()
        return True

    def _opening_inventory(self, quantities):
        """:param quantities: {(location, product): quantity on hand}"""
        inventory = self.env['stock.inventory'].create({
            'name': 'Opening stock (sales_process demo)',
            'filter': 'partial',
            'line_ids': [(0, 0, {'product_id': product.id,
                                 'location_id': location.id,
                                 'product_qty': quantity})
                         for (location, product), quantity in sorted(
                             quantities.items(), key=lambda item: (item[0][0].id, item[0][1].id))],
        })
        inventory.action_start()
        inventory.action_done()
        return inventory
