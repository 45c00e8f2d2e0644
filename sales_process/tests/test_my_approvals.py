"""My Approvals: clicking a row opens the document the activity is about (the list's view
calls mail.activity.action_open_sales_document), for those who may read it only."""
from lxml import etree

from odoo.exceptions import AccessError

from odoo.addons.sales_process.tests.stock_transfer_common import StockTransferCase

APPROVE = 'sales_process.mail_activity_type_approval'


class TestMyApprovalsOpen(StockTransferCase):

    def test_a_row_opens_its_document(self):
        request = self.new_request(self.salesperson, [(self.fryer, 5)])
        request.sudo(self.salesperson).action_approval_submit()
        activity = self.activities(request, APPROVE)
        self.assertEqual(activity.user_id, self.manager_a)
        action = activity.sudo(self.manager_a).action_open_sales_document()
        self.assertEqual((action['type'], action['res_model'], action['res_id'], action['views']),
                         ('ir.actions.act_window', 'stock.transfer.request', request.id,
                          [(False, 'form')]))

    def test_a_row_is_not_a_right_to_the_document(self):
        request = self.new_request(self.salesperson, [(self.fryer, 5)])
        request.sudo(self.salesperson).action_approval_submit()
        activity = self.activities(request, APPROVE)
        # another region reads neither the activity nor the request
        with self.assertRaises(AccessError):
            activity.sudo(self.salesperson_b).action_open_sales_document()
        # an activity given to someone who may not read its document opens nothing
        stray = activity.sudo().copy({'user_id': self.salesperson_b.id})
        with self.assertRaises(AccessError):
            stray.sudo(self.salesperson_b).action_open_sales_document()

    def test_the_warehouse_todo_opens_the_transfer_order(self):
        self._set_stock(self.fryer, self.head_office_warehouse, 10)
        request = self.approved_request([(self.fryer, 5)])
        todo = self.activities(request, 'sales_process.mail_activity_type_transfer_process')
        mine = todo.filtered(lambda activity: activity.user_id == self.warehouse_user)
        action = mine.sudo(self.warehouse_user).action_open_sales_document()
        self.assertEqual((action['res_model'], action['res_id']),
                         ('stock.picking', request.picking_ids.id))

    def test_the_list_opens_documents_not_activities(self):
        action = self.env['mail.activity'].sudo(self.manager_a).action_my_sales_approvals()
        self.assertEqual(action['res_model'], 'mail.activity')
        view = self.env.ref('sales_process.mail_activity_view_tree_sales_approvals')
        self.assertEqual(action['view_id'][0], view.id)
        arch = etree.fromstring(self.env['mail.activity'].sudo(self.manager_a).fields_view_get(
            view.id, 'tree')['arch'])
        # the view whose row click calls action_open_sales_document (sales_approvals_list.js)
        self.assertEqual(arch.get('js_class'), 'sales_process_approvals_list')
        assets = self.env.ref('sales_process.assets_backend').arch
        self.assertIn('sales_approvals_list.js', assets)
