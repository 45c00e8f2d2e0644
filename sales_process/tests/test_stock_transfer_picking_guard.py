import re
import xmlrpc.client

from odoo.exceptions import AccessError, UserError

from odoo.addons.sales_process.tests.common import after_loading
from odoo.addons.sales_process.tests.stock_transfer_common import REQUEST, StockTransferCase

REFUSED = 'only the warehouse'


class TestTransferOrderGuard(StockTransferCase):
    """The transfer order of an approved request is received, cancelled or changed by the
    warehouse only, whatever the way in (the methods the buttons and RPC call), and seen only by
    the request's region and the head office."""

    @classmethod
    def setUpClass(cls):
        super(TestTransferOrderGuard, cls).setUpClass()
        cls._set_stock(cls.kettle, cls.head_office_warehouse, 100)
        cls._set_stock(cls.fryer, cls.head_office_warehouse, 100)
        cls.customer_b = cls.env['res.partner'].create(
            {'name': 'Test Customer B', 'customer': True, 'team_id': cls.region_b.id})
        cls.regional_and_hq = (cls.salesperson, cls.manager_a, cls.hq)

    def transfer_order(self):
        """Region A's request for 30 kettles and 10 fryers, made from the salesperson's demand
        and approved: its transfer order is reserved in full."""
        demand = (self.new_demand(self.salesperson, self.kettle, 30)
                  | self.new_demand(self.salesperson, self.fryer, 10))
        request = self.env[REQUEST].sudo(self.salesperson)._create_from_demand(demand)
        request.sudo(self.salesperson).action_approval_submit()
        self.approve(request, self.manager_a)
        self.approve(request, self.hq)
        self.assertEqual((request.state, request.picking_ids.state), ('transfer', 'assigned'))
        return request, demand, request.picking_ids

    def reserved(self, product, warehouse):
        return sum(self.env['stock.quant'].search([
            ('product_id', '=', product.id),
            ('location_id', '=', warehouse.lot_stock_id.id)]).mapped('reserved_quantity'))

    def snapshot(self, request, demand):
        """Everything a refused attempt must leave as it was, read again from the database."""
        self.env['stock.picking'].invalidate_cache()
        pickings = request.picking_ids
        return {
            'stock': [(self.on_hand(product, warehouse), self.reserved(product, warehouse))
                      for product in (self.kettle, self.fryer)
                      for warehouse in (self.head_office_warehouse, self.warehouse_a)],
            'request': (request.state, pickings),
            'demand': demand.mapped('state'),
            'pickings': [(picking.state, picking.location_id, picking.location_dest_id,
                          picking.transfer_request_id, picking.is_locked) for picking in pickings],
            'moves': [(move.product_id, move.product_uom_qty, move.quantity_done,
                       move.reserved_availability, move.state, move.location_id,
                       move.location_dest_id, move.transfer_request_line_id)
                      for move in pickings.mapped('move_lines')],
            'operations': [(line.product_id, line.product_uom_qty, line.qty_done,
                            line.location_id, line.location_dest_id, line.move_id)
                           for line in pickings.mapped('move_line_ids')],
        }

    def assert_refused(self, request, demand, attempts):
        """Each attempt raises an AccessError naming the transfer order and the warehouse, and
        changes nothing."""
        before = self.snapshot(request, demand)
        message = r'%s is the transfer order of .*%s' % (re.escape(request.picking_ids.name),
                                                         REFUSED)
        for name, attempt in attempts:
            with self.assertRaisesRegex(AccessError, message, msg=name):
                attempt()
            self.assertEqual(self.snapshot(request, demand), before, name)

    def test_regional_roles_and_headquarters_cannot_receive_the_transfer_order(self):
        request, demand, picking = self.transfer_order()
        for user in self.regional_and_hq:
            order = picking.sudo(user)
            kettle_move = order.move_lines.filtered(lambda move: move.product_id == self.kettle)
            self.assert_refused(request, demand, [
                ('%s: quantity done' % user.login,
                 lambda: kettle_move.write({'quantity_done': 30})),
                ('%s: operation done' % user.login,
                 lambda: kettle_move.move_line_ids.write({'qty_done': 30})),
                ('%s: validate' % user.login, order.button_validate),
                ('%s: done' % user.login, order.action_done),
                ('%s: transfer' % user.login, order.do_transfer),
                # the wizards of the Validate button, created as the user would
                ('%s: immediate transfer' % user.login,
                 lambda: self.env['stock.immediate.transfer'].sudo(user).create(
                     {'pick_ids': [(4, picking.id)]}).process()),
                ('%s: backorder wizard' % user.login,
                 lambda: self.env['stock.backorder.confirmation'].sudo(user).create(
                     {'pick_ids': [(4, picking.id)]}).process()),
            ])
        self.assertEqual(self.on_hand(self.kettle, self.warehouse_a), 0.0)

    def test_regional_roles_and_headquarters_cannot_cancel_or_unreserve_it(self):
        request, demand, picking = self.transfer_order()
        for user in self.regional_and_hq:
            order = picking.sudo(user)
            self.assert_refused(request, demand, [
                ('%s: cancel' % user.login, order.action_cancel),
                ('%s: unreserve' % user.login, order.do_unreserve),
                ('%s: force availability' % user.login, order.force_assign),
                ('%s: delete' % user.login, order.unlink),
                ('%s: unlink operations' % user.login, order.move_line_ids.unlink),
                ('%s: delete a move' % user.login, order.move_lines[:1].unlink),
            ])
        # as the request's own Cancel does: it is still waiting for its goods, demand requested
        with self.assertRaisesRegex(UserError, 'can be cancelled'):
            request.sudo(self.salesperson).action_cancel()
        self.assertEqual((request.state, set(demand.mapped('state'))), ('transfer', {'requested'}))

    def test_regional_roles_and_headquarters_cannot_edit_it(self):
        request, demand, picking = self.transfer_order()
        customers = self.customer_location
        for user in self.regional_and_hq:
            order = picking.sudo(user)
            move = order.move_lines.filtered(lambda move: move.product_id == self.kettle)
            line = move.move_line_ids
            self.assert_refused(request, demand, [
                ('%s: quantity' % user.login, lambda: move.write({'product_uom_qty': 50})),
                ('%s: product' % user.login, lambda: move.write({'product_id': self.cooker.id})),
                ('%s: move destination' % user.login,
                 lambda: move.write({'location_dest_id': customers.id})),
                ('%s: reserved quantity' % user.login, lambda: line.write({'product_uom_qty': 5})),
                ('%s: operation destination' % user.login,
                 lambda: line.write({'location_dest_id': customers.id})),
                ('%s: order destination' % user.login,
                 lambda: order.write({'location_dest_id': customers.id})),
                ('%s: moves in the form' % user.login,
                 lambda: order.write({'move_lines': [(1, move.id, {'quantity_done': 30})]})),
                ('%s: add an operation' % user.login,
                 lambda: self.env['stock.move.line'].sudo(user).create({
                     'picking_id': picking.id, 'move_id': move.id,
                     'product_id': self.kettle.id, 'product_uom_id': self.unit.id,
                     'qty_done': 30, 'location_id': picking.location_id.id,
                     'location_dest_id': picking.location_dest_id.id})),
                ('%s: add a move' % user.login,
                 lambda: self.env['stock.move'].sudo(user).create({
                     'name': 'extra', 'picking_id': picking.id, 'product_id': self.cooker.id,
                     'product_uom_qty': 5, 'product_uom': self.unit.id,
                     'location_id': picking.location_id.id,
                     'location_dest_id': picking.location_dest_id.id})),
            ])

    def test_only_the_warehouse_links_a_transfer_order_to_a_request(self):
        request, demand, picking = self.transfer_order()
        order = self.env['sale.order'].sudo(self.salesperson).create({
            'partner_id': self.customer.id, 'warehouse_id': self.head_office_warehouse.id,
            'order_line': [(0, 0, {'product_id': self.kettle.id, 'product_uom_qty': 2})]})
        order.action_confirm()
        delivery = order.picking_ids
        line = request.line_ids.filtered(lambda line: line.product_id == self.kettle)
        link = 'Only the warehouse .* may link'
        for user in self.regional_and_hq:
            with self.assertRaisesRegex(AccessError, link):
                delivery.sudo(user).write({'transfer_request_id': request.id})
            with self.assertRaisesRegex(AccessError, link):
                delivery.move_lines.sudo(user).write({'transfer_request_line_id': line.id})
            with self.assertRaisesRegex(AccessError, link):
                self.env['stock.picking'].sudo(user).create({
                    'picking_type_id': picking.picking_type_id.id,
                    'location_id': picking.location_id.id,
                    'location_dest_id': picking.location_dest_id.id,
                    'transfer_request_id': request.id})
            with self.assertRaisesRegex(AccessError, link):
                self.env['stock.move'].sudo(user).create({
                    'name': 'forged', 'product_id': self.kettle.id, 'product_uom_qty': 1,
                    'product_uom': self.unit.id, 'location_id': picking.location_id.id,
                    'location_dest_id': picking.location_dest_id.id,
                    'transfer_request_line_id': line.id})
            # nor do they slip a move of their own into the transfer order
            with self.assertRaisesRegex(AccessError, REFUSED):
                delivery.move_lines.sudo(user).write({'picking_id': picking.id})
        self.assertFalse(delivery.transfer_request_id)
        self.assertFalse(delivery.move_lines.transfer_request_line_id)
        self.assertEqual(request.picking_ids, picking)
        self.assertEqual(line.move_ids, picking.move_lines.filtered(
            lambda move: move.product_id == self.kettle))

    def test_warehouse_unreserves_edits_and_cancels_the_transfer_order(self):
        request, demand, picking = self.transfer_order()
        order = picking.sudo(self.warehouse_user)
        order.do_unreserve()
        self.assertEqual(set(order.move_lines.mapped('state')), {'confirmed'})
        self.assertEqual(self.reserved(self.kettle, self.head_office_warehouse), 0.0)
        order.action_assign()
        self.assertEqual(self.reserved(self.kettle, self.head_office_warehouse), 30.0)
        kettle_move = order.move_lines.filtered(lambda move: move.product_id == self.kettle)
        kettle_move.write({'product_uom_qty': 25})  # less than reserved: unreserved
        self.assertEqual((kettle_move.product_uom_qty, kettle_move.state), (25.0, 'confirmed'))
        order.force_assign()
        self.assertEqual((kettle_move.state, order.state), ('assigned', 'assigned'))

        order.action_cancel()
        self.assertEqual(picking.state, 'cancel')
        self.assertEqual(request.state, 'cancel')
        self.assertEqual(set(demand.mapped('state')), {'open'})
        self.assertEqual(self.on_hand(self.kettle, self.head_office_warehouse), 100.0)
        self.assertEqual(self.reserved(self.kettle, self.head_office_warehouse), 0.0)
        self.assertEqual(self.on_hand(self.kettle, self.warehouse_a), 0.0)

    def test_warehouse_validates_the_transfer_order_over_xmlrpc(self):
        """The Validate button's answer (the immediate transfer wizard, then the backorder
        one) is sent over XML-RPC as it is to the web client: its context a plain dict (Odoo's
        is a frozendict, which XML-RPC cannot marshal: the warehouse got a server error)."""
        request, _demand, picking = self.transfer_order()
        order = picking.sudo(self.warehouse_user)
        kettle_line = order.move_line_ids.filtered(lambda line: line.product_id == self.kettle)
        kettle_line.write({'qty_done': 20})  # 20 of 30: the backorder wizard
        action = order.button_validate()
        self.assertEqual(action['res_model'], 'stock.backorder.confirmation')
        self.assertIs(type(action['context']), dict)
        xmlrpc.client.dumps((action,), methodresponse=True, allow_none=False)
        kettle_line.write({'qty_done': 0})  # nothing counted: the immediate transfer wizard
        action = order.button_validate()
        self.assertEqual(action['res_model'], 'stock.immediate.transfer')
        self.assertIs(type(action['context']), dict)
        xmlrpc.client.dumps((action,), methodresponse=True, allow_none=False)
        self.env[action['res_model']].sudo(self.warehouse_user).browse(action['res_id']).process()
        self.assertEqual((picking.state, picking.validated_by_id), ('done', self.warehouse_user))
        self.assertEqual(request.state, 'done')

    def test_other_regions_do_not_see_the_transfer_order(self):
        request, demand, picking = self.transfer_order()
        # an ordinary transfer, made for no request, by the head office
        ordinary = self.env['stock.picking'].create({
            'picking_type_id': self.head_office_warehouse.int_type_id.id,
            'location_id': self.head_office_warehouse.lot_stock_id.id,
            'location_dest_id': self.warehouse_b.lot_stock_id.id,
            'move_lines': [(0, 0, {
                'name': 'ordinary', 'product_id': self.kettle.id, 'product_uom_qty': 3,
                'product_uom': self.unit.id})]})
        ordinary.action_assign()
        records = {
            'stock.picking': (picking, ordinary),
            'stock.move': (picking.move_lines, ordinary.move_lines),
            'stock.move.line': (picking.move_line_ids, ordinary.move_line_ids),
        }
        for model, (transfer, other) in records.items():
            self.assertEqual(len(transfer), 1 if model == 'stock.picking' else 2, model)
            self.assertTrue(other, model)
            visible = self.env[model].sudo(self.salesperson_b).search(
                [('id', 'in', (transfer | other).ids)])
            self.assertEqual(visible, other, model)
            field = 'name' if model == 'stock.picking' else 'product_id'
            with self.assertRaises(AccessError):
                transfer.sudo(self.salesperson_b).read([field])
            other.sudo(self.salesperson_b).read([field])
            for user in (self.salesperson, self.manager_a, self.hq, self.warehouse_user,
                         self.users['quality'], self.users['customer_service']):
                self.assertEqual(self.env[model].sudo(user).search(
                    [('id', 'in', (transfer | other).ids)]), transfer | other,
                    '%s %s' % (model, user.login))
        self.assertFalse(self.env['stock.picking'].sudo(self.manager_b).search(
            [('transfer_request_id', '!=', False)]))
        # a refusal does not name what they may not see
        with self.assertRaises(AccessError) as refused:
            picking.sudo(self.salesperson_b).action_cancel()
        self.assertNotIn(picking.name, str(refused.exception))
        self.assertEqual(picking.state, 'assigned')

    def deliver_from_reserved_stock(self, seller, customer):
        """The head office holds 10 cookers, 8 of them reserved by the transfer order of
        region A's request; the seller's customer orders 5 from the head office and the seller
        delivers them (as sale_stock allows a salesperson): 3 come out of the transfer order's
        reservation, which Odoo frees (stock.move.line._free_reservation)."""
        self._set_stock(self.cooker, self.head_office_warehouse, 10)
        request = self.approved_request([(self.cooker, 8)])
        transfer = request.picking_ids
        self.assertEqual(transfer.move_lines.reserved_availability, 8.0)
        order = self.env['sale.order'].sudo(seller).create({
            'partner_id': customer.id, 'warehouse_id': self.head_office_warehouse.id,
            'order_line': [(0, 0, {'product_id': self.cooker.id, 'product_uom_qty': 5})]})
        order.action_confirm()
        delivery = order.picking_ids.sudo(seller)
        delivery.action_assign()
        self.assertEqual(delivery.move_lines.reserved_availability, 2.0)
        delivery.move_lines.move_line_ids.write({'qty_done': 5})
        self.assertFalse(delivery.button_validate())

        self.assertEqual(delivery.state, 'done')
        self.assertEqual(order.order_line.qty_delivered, 5.0)
        # the transfer order keeps what is left, and the stock is reserved no more than on hand
        self.assertEqual(self.on_hand(self.cooker, self.head_office_warehouse), 5.0)
        self.assertEqual(self.reserved(self.cooker, self.head_office_warehouse), 5.0)
        self.assertEqual((transfer.move_lines.reserved_availability, transfer.move_lines.state),
                         (5.0, 'partially_available'))
        self.assertEqual(transfer.move_line_ids.product_qty, 5.0)
        self.assertEqual(request.state, 'transfer')
        return request

    def test_delivery_by_another_region_frees_the_transfer_orders_reservation(self):
        # the seller neither sees nor may change region A's transfer order
        request = self.deliver_from_reserved_stock(self.salesperson_b, self.customer_b)
        # the warehouse transfers the 5 left, a backorder waits for 3
        self.process(request.picking_ids)
        self.assertEqual(request.state, 'partial')
        self.assertEqual(self.on_hand(self.cooker, self.head_office_warehouse), 0.0)
        self.assertEqual(self.on_hand(self.cooker, self.warehouse_a), 5.0)
        self.assertEqual(self.reserved(self.cooker, self.head_office_warehouse), 0.0)

    def test_delivery_by_the_region_frees_the_reservation_and_it_may_reserve_again(self):
        request = self.deliver_from_reserved_stock(self.salesperson, self.customer)
        # restocked: the salesperson checks the availability of the transfer order (reserving
        # is Odoo's bookkeeping, open to them), it is reserved in full again
        self._set_stock(self.cooker, self.head_office_warehouse, 3)
        request.picking_ids.sudo(self.salesperson).action_assign()
        self.assertEqual(request.picking_ids.move_lines.reserved_availability, 8.0)
        self.assertEqual(request.picking_ids.state, 'assigned')
        self.process(request.picking_ids)
        self.assertEqual(request.state, 'done')
        self.assertEqual(self.on_hand(self.cooker, self.warehouse_a), 8.0)

    @after_loading  # Odoo's quantities per warehouse read the locations' nested sets
    def test_every_region_sees_the_same_stock_forecast(self):
        # the transfer order is hidden from region B, not its quantities: the head office's
        # forecast counts the goods leaving for region A whoever looks
        request = self.approved_request([(self.fryer, 6)])
        self.assertFalse(self.env['stock.picking'].sudo(self.salesperson_b).search(
            [('id', 'in', request.picking_ids.ids)]))
        for user in (self.salesperson, self.salesperson_b, self.warehouse_user):
            product = self.fryer.sudo(user).with_context(warehouse=self.head_office_warehouse.id)
            self.assertEqual((product.qty_available, product.outgoing_qty, product.virtual_available),
                             (100.0, 6.0, 94.0), user.login)
