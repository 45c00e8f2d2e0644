import random
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from .sales_achievement import Target


class SalesProcessDemo(models.AbstractModel):
    """Builders of the demo database's story, called from demo/*.xml only.

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
    def generate_sales_history(self, stock_left, head_office_stock):
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
        for product_xmlid, quantity in head_office_stock.items():
            quantities[self._ref('stock.warehouse0'), self._ref(product_xmlid)] = quantity
        for warehouse_xmlid, per_product in stock_left.items():
            warehouse = self._ref(warehouse_xmlid)
            for product_xmlid, quantity in per_product.items():
                product = self._ref(product_xmlid)
                quantities[warehouse, product] = quantity + delivered.get((warehouse, product), 0)
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

    @api.model
    def generate_sales_plans(self, strategy_xmlid):
        """This year's plans of the three regions, run through their workflow by the demo users:
        East China approved, decomposed and in execution (its last quarter still to accept),
        South China waiting for the general manager after the marketing assistant's review,
        North China still a draft; and South China's last quarter of last year, closed."""
        Achievement = self.env['sales.achievement']
        Plan = self.env['sales.plan']
        strategy = self._ref(strategy_xmlid)
        today = date.today()
        year_start, year_end = today.replace(month=1, day=1), today.replace(month=12, day=31)
        elapsed_months = max(today.month - 1, 1)
        assistant, gm = self._ref('user_marketing_assistant'), self._ref('user_general_manager')

        def targets_for(region, users):
            """Each salesperson's target: this year's pace so far, plus 10%, rounded."""
            measured = Achievement.measure([
                Target(user.id, region.company_id.id or self.env.user.company_id.id, region.id,
                       user.id, False, fields.Date.to_string(year_start),
                       fields.Date.to_string(today.replace(day=1) - relativedelta(days=1)))
                for user in users])
            return [(0, 0, {'region_id': region.id, 'user_id': user.id,
                            'target_amount': round(measured[user.id][0] * 12 / elapsed_months * 1.1, -3) or 100000.0,
                            'target_qty': round(measured[user.id][1] * 12 / elapsed_months * 1.1)})
                    for user in users]

        def plan_for(region_xmlid, drafter_xmlid, users, description):
            region = self._ref(region_xmlid)
            drafter = self._ref(drafter_xmlid)
            return Plan.sudo(drafter).create({
                'region_id': region.id, 'strategy_id': strategy.id, 'period_type': 'year',
                'date_start': fields.Date.to_string(year_start),
                'date_end': fields.Date.to_string(year_end),
                'description': description,
                'line_ids': targets_for(region, [self._ref(xmlid) for xmlid in users]),
            }).sudo(drafter)

        def review(plan, opinion):
            plan.action_approval_submit()
            plan.sudo(assistant).with_context(approval_expected_step_id=plan.approval_step_id.id) \
                .action_approval_approve(opinion)

        east = plan_for('region_east', 'user_salesperson', ['user_salesperson', 'user_sales_east2'],
                        '<p>Open two new supermarket chains in Hangzhou; push air fryers for Double 11.</p>')
        review(east, 'Realistic. Plan more stock of rice cookers before the Spring Festival.')
        east.sudo(gm).with_context(approval_expected_step_id=east.approval_step_id.id).action_approval_approve()
        # evenly: the demo history is one year long, so last year's seasonality is not known yet
        self.env['sales.plan.decompose.wizard'].sudo(gm).create({
            'plan_id': east.id, 'split': 'quarter_month', 'method': 'even'}).action_decompose()
        manager = self._ref('user_regional_manager')
        for quarter in east.child_ids.sorted('date_start')[:3]:
            quarter.sudo(manager).action_accept()

        south = plan_for('region_south', 'user_sales_south', ['user_sales_south', 'user_manager_south'],
                         '<p>Recover the kettle market share lost to online shops in Shenzhen.</p>')
        review(south, 'The soymilk maker target looks low: last year grew 20%.')

        plan_for('region_north', 'user_sales_north', ['user_sales_north', 'user_manager_north'],
                 '<p>Winter is the season: induction cookers first.</p>')

        # last year's fourth quarter in South China, closed with its figures frozen
        quarter_start = year_start - relativedelta(months=3)
        closed = Plan.sudo(self._ref('user_sales_south')).create({
            'region_id': self._ref('region_south').id, 'period_type': 'quarter',
            'date_start': fields.Date.to_string(quarter_start),
            'date_end': fields.Date.to_string(year_start - relativedelta(days=1)),
            'line_ids': [(0, 0, {'region_id': self._ref('region_south').id, 'target_amount': 30000.0})],
        }).sudo(self._ref('user_sales_south'))
        review(closed, False)
        closed.sudo(gm).with_context(approval_expected_step_id=closed.approval_step_id.id).action_approval_approve()
        closed.sudo(gm).action_propose()
        closed.sudo(self._ref('user_manager_south')).action_accept()
        Plan._cron_close_ended_plans()
        return True

    def _opening_inventory(self, quantities):
        inventory = self.env['stock.inventory'].create({
            'name': 'Opening stock (sales_process demo)',
            'filter': 'partial',
            'line_ids': [(0, 0, {'product_id': product.id,
                                 'location_id': warehouse.lot_stock_id.id,
                                 'product_qty': quantity})
                         for (warehouse, product), quantity in sorted(
                             quantities.items(), key=lambda item: (item[0][0].id, item[0][1].id))],
        })
        inventory.action_start()
        inventory.action_done()
        return inventory

    @api.model
    def generate_transfer_requests(self):
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
