"""The warehouse's to-do: an approved request's transfer order is a "Process Transfer Order"
activity of the warehouse staff, closed when the goods have arrived or the transfer is
cancelled; the Transfer Orders menu opens on the orders still to process."""
from lxml import etree

from odoo.tools.safe_eval import safe_eval

from odoo.addons.sales_process.tests.stock_transfer_common import StockTransferCase

PROCESS = 'sales_process.mail_activity_type_transfer_process'


class TestWarehouseTodo(StockTransferCase):

    @classmethod
    def setUpClass(cls):
        super(TestWarehouseTodo, cls).setUpClass()
        cls._set_stock(cls.fryer, cls.head_office_warehouse, 100)
        cls._set_stock(cls.cooker, cls.head_office_warehouse, 10)

    def test_approval_asks_the_warehouse_and_validation_closes_it(self):
        request = self.new_request(self.salesperson, [(self.fryer, 5)], date_needed='2030-06-01')
        request.sudo(self.salesperson).action_approval_submit()
        self.approve(request, self.manager_a)
        self.assertFalse(self.activities(request, PROCESS))  # not before the final approval
        self.approve(request, self.hq)

        todo = self.activities(request, PROCESS)
        picking = request.picking_ids
        # every warehouse user of the company, nobody else (not the requester or approvers)
        warehouse_staff = self.env.ref('sales_process.group_warehouse').users.filtered(
            lambda user: self.company in user.company_ids and not user.share)
        self.assertEqual(todo.mapped('user_id'), warehouse_staff)
        self.assertIn(self.warehouse_user, todo.mapped('user_id'))
        self.assertFalse(todo.mapped('user_id') & (self.salesperson | self.manager_a | self.hq))
        mine = todo.filtered(lambda activity: activity.user_id == self.warehouse_user)
        self.assertEqual(mine.summary, 'Process the transfer order %s to Region A Warehouse'
                         % picking.name)
        self.assertEqual(mine.date_deadline, '2030-06-01')
        # listed in the warehouse user's My Approvals; read where the request is read
        approvals = self.env['mail.activity'].sudo(self.warehouse_user).action_my_sales_approvals()
        self.assertIn(mine, self.env['mail.activity'].sudo(self.warehouse_user).search(
            approvals['domain']))
        self.assertFalse(self.env['mail.activity'].sudo(self.salesperson_b).search(
            [('id', 'in', todo.ids)]))
        self.assertEqual(len(self.env['mail.activity'].sudo(self.salesperson).search(
            [('id', 'in', todo.ids)])), len(todo))  # the requester's region reads the request

        self.process(picking)
        self.assertEqual(request.state, 'done')
        self.assertFalse(self.activities(request, PROCESS))

    def test_a_partial_transfer_keeps_the_todo_until_the_backorder_arrives(self):
        request = self.approved_request([(self.cooker, 15)])
        self.process(request.picking_ids)  # 10 of 15: a backorder
        self.assertEqual(request.state, 'partial')
        self.assertIn(self.warehouse_user, self.activities(request, PROCESS).mapped('user_id'))
        backorder = request.picking_ids.filtered(lambda picking: picking.state != 'done')
        backorder.sudo(self.warehouse_user).action_cancel()
        self.assertEqual(request.state, 'done')
        self.assertFalse(self.activities(request, PROCESS))

    def test_a_cancelled_transfer_closes_the_todo(self):
        request = self.approved_request([(self.fryer, 5)])
        self.assertTrue(self.activities(request, PROCESS))
        request.picking_ids.sudo(self.warehouse_user).action_cancel()
        self.assertEqual(request.state, 'cancel')
        self.assertFalse(self.activities(request, PROCESS))

    def test_transfer_orders_menu_opens_on_the_orders_to_process(self):
        done = self.approved_request([(self.fryer, 5)])
        self.process(done.picking_ids)
        open_request = self.approved_request([(self.fryer, 3)])
        action = self.env.ref('sales_process.stock_picking_action_transfer_request')
        context = safe_eval(action.context)
        self.assertEqual(context.get('search_default_to_process'), 1)

        Picking = self.env['stock.picking'].sudo(self.warehouse_user)
        search = etree.fromstring(Picking.fields_view_get(
            action.search_view_id.id, 'search')['arch'])
        to_process = search.xpath("//filter[@name='to_process']")
        self.assertEqual(len(to_process), 1)
        shown = Picking.search(safe_eval(action.domain) + safe_eval(to_process[0].get('domain')))
        self.assertIn(open_request.picking_ids, shown)
        self.assertNotIn(done.picking_ids, shown)
        self.assertFalse(shown.filtered(lambda picking: picking.state in ('done', 'cancel')))

        # useful columns: the request, its region, from and to which warehouse, when, status
        tree_view = action.view_ids.filtered(lambda view: view.view_mode == 'tree').view_id
        tree = etree.fromstring(Picking.fields_view_get(tree_view.id, 'tree')['arch'])
        visible = [field.get('name') for field in tree.iter('field')
                   if field.get('invisible') not in ('1', 'True')
                   and '"invisible": true' not in (field.get('modifiers') or '')]
        for name in ('transfer_request_id', 'transfer_region_id', 'transfer_source_warehouse_id',
                     'transfer_warehouse_id', 'scheduled_date', 'state'):
            self.assertIn(name, visible)
        self.assertNotIn('partner_id', visible)
        picking = open_request.picking_ids.sudo(self.warehouse_user)
        self.assertEqual((picking.transfer_region_id, picking.transfer_source_warehouse_id,
                          picking.transfer_warehouse_id),
                         (self.region_a, self.head_office_warehouse, self.warehouse_a))
