from odoo.exceptions import UserError
from odoo.tools.safe_eval import safe_eval

from odoo.addons.sales_process.tests.common import without_spaces
from odoo.addons.sales_process.tests.stock_transfer_common import REQUEST, StockTransferCase


class TestTransferFlow(StockTransferCase):
    """From the market's demand to the goods arrived in the region's warehouse, as the roles."""

    @classmethod
    def setUpClass(cls):
        super(TestTransferFlow, cls).setUpClass()
        cls._set_stock(cls.kettle, cls.head_office_warehouse, 100)
        cls._set_stock(cls.fryer, cls.head_office_warehouse, 100)
        cls._set_stock(cls.kettle, cls.warehouse_a, 5)
        cls._safety(cls.kettle, cls.warehouse_a, 20)

    def test_from_demand_to_goods_arrived(self):
        # the salesperson gathers the market's demand
        demands = (self.new_demand(self.salesperson, self.kettle, 30, partner_id=self.customer.id)
                   | self.new_demand(self.salesperson, self.kettle, 10)
                   | self.new_demand(self.salesperson, self.fryer, 12))
        self.assertEqual(demands.mapped('region_id'), self.region_a)

        # ... and requests a transfer for it: one request, merged per product
        wizard = self.env['sales.demand.transfer.wizard'].sudo(self.salesperson).with_context(
            active_model='sales.demand', active_ids=demands.ids).create({})
        self.assertEqual(wizard.demand_ids, demands)
        self.assertEqual(wizard.source_warehouse_id, self.head_office_warehouse)
        action = wizard.action_create_requests()
        request = self.env[REQUEST].browse(action['res_id'])
        self.assertEqual((request.region_id, request.warehouse_id, request.source_warehouse_id),
                         (self.region_a, self.warehouse_a, self.head_office_warehouse))
        self.assertEqual((request.state, request.origin_type, request.user_id),
                         ('draft', 'demand', self.salesperson))
        kettle_line = request.line_ids.filtered(lambda line: line.product_id == self.kettle)
        self.assertEqual(sorted(request.line_ids.mapped('product_qty')), [12.0, 40.0])
        self.assertEqual(kettle_line.demand_ids, demands[:2])
        self.assertEqual(set(demands.mapped('state')), {'requested'})
        # the figures of the region's warehouse: 5 on hand, 40 of demand, safety 20
        self.assertEqual((kettle_line.on_hand_qty, kettle_line.forecast_qty, kettle_line.demand_qty,
                          kettle_line.safety_qty, kettle_line.shortage_qty),
                         (5.0, 5.0, 40.0, 20.0, 55.0))
        self.assertTrue(request.figures_date)

        # submitted: the regional manager, then sales headquarters
        request.sudo(self.salesperson).action_approval_submit()
        self.assertEqual((request.state, request.approval_state), ('to_approve', 'pending'))
        self.assertEqual(self.activities(request, 'sales_process.mail_activity_type_approval').user_id,
                         self.manager_a)
        self.approve(request, self.manager_a)
        self.assertEqual(request.state, 'to_approve')
        self.assertIn(self.hq, self.activities(
            request, 'sales_process.mail_activity_type_approval').mapped('user_id'))
        self.assertFalse(request.picking_ids)
        self.approve(request, self.hq)

        # the warehouse's transfer order: head-office stock to the region's stock, reserved
        self.assertEqual((request.state, request.approval_state), ('transfer', 'approved'))
        picking = request.picking_ids
        self.assertEqual(len(picking), 1)
        self.assertEqual((picking.location_id, picking.location_dest_id),
                         (self.head_office_warehouse.lot_stock_id, self.warehouse_a.lot_stock_id))
        self.assertEqual(picking.picking_type_id, self.head_office_warehouse.transfer_request_type_id)
        self.assertEqual((picking.picking_type_id.code, picking.picking_type_id.active), ('internal', True))
        self.assertEqual((picking.state, picking.origin), ('assigned', request.name))
        self.assertEqual({(move.product_id, move.product_uom_qty, move.transfer_request_line_id)
                          for move in picking.move_lines},
                         {(line.product_id, line.product_qty, line) for line in request.line_ids})
        # warehouse staff see it in their menu of transfer orders from requests
        action = self.env.ref('sales_process.stock_picking_action_transfer_request')
        self.assertIn(picking, self.env['stock.picking'].sudo(self.warehouse_user).search(
            safe_eval(action.domain)))
        self.assertEqual(picking.sudo(self.warehouse_user).transfer_request_id.name, request.name)

        # the warehouse user processes it: the goods have arrived, the request is done
        self.process(picking)
        self.assertEqual(picking.state, 'done')
        self.assertEqual(request.state, 'done')
        self.assertEqual(request.line_ids.mapped('transferred_qty'), request.line_ids.mapped('product_qty'))
        self.assertEqual(self.on_hand(self.kettle, self.warehouse_a), 45.0)
        self.assertEqual(self.on_hand(self.kettle, self.head_office_warehouse), 60.0)
        self.assertEqual(set(demands.mapped('state')), {'done'})
        arrived = request.message_ids.filtered(lambda m: 'The goods have arrived' in (m.body or ''))
        # the chatter names the warehouse user, who may only read the request
        self.assertEqual(arrived.author_id, self.warehouse_user.partner_id)
        tracked = request.message_ids.filtered('tracking_value_ids')[:1]  # the latest: done
        self.assertEqual(tracked.author_id, self.warehouse_user.partner_id)
        # the figures of the approval stay those taken at the submission
        self.assertEqual(kettle_line.on_hand_qty, 5.0)

    def test_partial_transfer_with_a_backorder(self):
        self._set_stock(self.cooker, self.head_office_warehouse, 30)
        request = self.approved_request([(self.cooker, 50), (self.fryer, 10)])
        picking = request.picking_ids
        self.assertEqual(picking.state, 'assigned')  # reserved as far as the stock allows
        cooker_move = picking.move_lines.filtered(lambda move: move.product_id == self.cooker)
        self.assertEqual(cooker_move.reserved_availability, 30.0)

        self.process(picking)  # 30 cookers and 10 fryers: a backorder for 20 cookers
        self.assertEqual(request.state, 'partial')
        backorder = request.picking_ids - picking
        self.assertEqual(backorder.backorder_id, picking)
        self.assertEqual(backorder.transfer_request_id, request)
        self.assertEqual(backorder.move_lines.product_uom_qty, 20.0)
        self.assertEqual(backorder.move_lines.transfer_request_line_id.product_id, self.cooker)
        lines = {line.product_id: line for line in request.line_ids}
        self.assertEqual((lines[self.cooker].transferred_qty, lines[self.fryer].transferred_qty),
                         (30.0, 10.0))
        self.assertEqual(request.sudo(self.salesperson).picking_count, 2)

        # the head office is restocked; the backorder arrives
        self._set_stock(self.cooker, self.head_office_warehouse, 20)
        backorder.sudo(self.warehouse_user).action_assign()
        self.process(backorder)
        self.assertEqual(request.state, 'done')
        self.assertEqual(lines[self.cooker].transferred_qty, 50.0)
        self.assertEqual(self.on_hand(self.cooker, self.warehouse_a), 50.0)

    def test_partial_transfer_without_backorder_is_done(self):
        request = self.approved_request([(self.fryer, 40)])
        self.process(request.picking_ids, {self.fryer: 25}, backorder=False)
        self.assertEqual(request.state, 'done')
        self.assertEqual(request.line_ids.transferred_qty, 25.0)
        self.assertEqual(len(request.picking_ids), 2)
        self.assertEqual(set(request.picking_ids.mapped('state')), {'done', 'cancel'})

    def test_cancelled_transfer_cancels_the_request_and_reopens_the_demand(self):
        demand = self.new_demand(self.salesperson, self.fryer, 8)
        request = self.env[REQUEST].sudo(self.salesperson)._create_from_demand(demand)
        request.sudo(self.salesperson).action_approval_submit()
        self.approve(request, self.manager_a)
        self.approve(request, self.hq)
        request.picking_ids.sudo(self.warehouse_user).action_cancel()
        self.assertEqual(request.state, 'cancel')
        self.assertEqual((demand.state, demand.request_line_id.id), ('open', False))
        # the requester is told, by the warehouse user who cancelled it
        told = request.message_ids.filtered(lambda m: 'cancelled in the warehouse' in (m.body or ''))
        self.assertEqual((told.author_id, told.subtype_id), (self.warehouse_user.partner_id,
                                                             self.env.ref('mail.mt_comment')))

    def test_draft_request_cancelled_by_the_requester(self):
        demand = self.new_demand(self.salesperson, self.fryer, 8)
        request = self.env[REQUEST].sudo(self.salesperson)._create_from_demand(demand)
        request.sudo(self.salesperson).action_cancel()
        self.assertEqual((request.state, demand.state), ('cancel', 'open'))
        # a demand removed from its request is open again
        demand2 = self.new_demand(self.salesperson, self.kettle, 3)
        request2 = self.env[REQUEST].sudo(self.salesperson)._create_from_demand(demand2)
        request2.line_ids.sudo(self.salesperson).unlink()
        self.assertEqual(demand2.state, 'open')

    def test_approval_history_and_chatter(self):
        request = self.approved_request([(self.fryer, 5)])
        self.assertEqual(self.history(request).mapped('decision'), ['submitted', 'approved', 'approved'])
        self.assertEqual(self.history(request).mapped('user_id'), self.salesperson | self.manager_a | self.hq)
        self.assertTrue(request.message_ids.filtered(
            lambda message: request.picking_ids.name in (message.body or '')))
        self.assertFalse(self.activities(request, 'sales_process.mail_activity_type_approval'))


class TestRecheckCycle(StockTransferCase):
    """A request that is not approved goes back so that the department re-checks the stock."""

    @classmethod
    def setUpClass(cls):
        super(TestRecheckCycle, cls).setUpClass()
        cls._set_stock(cls.kettle, cls.warehouse_a, 4)
        cls._safety(cls.kettle, cls.warehouse_a, 20)

    def test_activities_are_worded_in_their_users_language(self):
        if not self.env['res.lang'].search([('code', '=', 'zh_CN')]):
            self.env['res.lang'].load_lang('zh_CN')
        self.env['ir.translation'].load_module_terms(['sales_process'], ['zh_CN'])
        self.salesperson.lang = 'zh_CN'
        request = self.new_request(self.salesperson, [(self.kettle, 16)])
        request.sudo(self.salesperson).action_approval_submit()
        todo = self.activities(request, 'sales_process.mail_activity_type_approval')
        self.assertEqual(todo.summary, 'To approve: Regional manager')  # the manager reads English
        self.reject(request, self.manager_a, 'Check again')
        rework = self.activities(request, 'sales_process.mail_activity_type_approval_rework')
        self.assertEqual(rework.summary, '待修改：区域经理 已驳回')

    def test_rejection_recheck_resubmission(self):
        request = self.new_request(self.salesperson, [(self.kettle, 16)])
        request.sudo(self.salesperson).action_approval_submit()

        # the manager rejects: back to re-check the stock, with the reason
        self.reject(request, self.manager_a, 'Shanghai stock arrives Monday: check again')
        self.assertEqual((request.state, request.approval_state), ('recheck', 'rejected'))
        self.assertEqual((request.recheck_count, request.recheck_reason),
                         (1, 'Shanghai stock arrives Monday: check again'))
        self.assertEqual(self.activities(request, 'sales_process.mail_activity_type_approval_rework').user_id,
                         self.salesperson)

        # resubmitting without re-checking is refused, nothing changes
        with self.assertRaisesRegex(UserError, 'Re-check Stock'):
            request.sudo(self.salesperson).action_approval_submit()
        self.assertEqual((request.state, request.approval_state, request.approval_cycle),
                         ('recheck', 'rejected', 1))
        self.assertEqual(self.history(request).mapped('decision'), ['submitted', 'rejected'])

        # the stock arrived: the requester re-checks, sees the new figures, adjusts, resubmits
        self._set_stock(self.kettle, self.warehouse_a, 10)
        request.sudo(self.salesperson).action_refresh_figures()
        self.assertTrue(request.stock_rechecked)
        self.assertEqual((request.line_ids.on_hand_qty, request.line_ids.shortage_qty), (14.0, 6.0))
        request.line_ids.sudo(self.salesperson).product_qty = 6
        request.sudo(self.salesperson).action_approval_submit()
        self.assertEqual((request.state, request.approval_cycle, request.stock_rechecked),
                         ('to_approve', 2, False))

        # headquarters rejects too: a second re-check cycle
        self.approve(request, self.manager_a)
        self.reject(request, self.hq, 'Wait for the next production batch')
        self.assertEqual((request.state, request.recheck_count), ('recheck', 2))
        request.sudo(self.salesperson).action_refresh_figures()
        request.sudo(self.salesperson).action_approval_submit()
        self.approve(request, self.manager_a)
        self.approve(request, self.hq)
        self.assertEqual((request.state, request.recheck_count), ('transfer', 2))
        self.assertEqual(request.picking_ids.move_lines.product_uom_qty, 6.0)
        self.assertEqual(self.history(request).mapped('decision'),
                         ['submitted', 'rejected', 'submitted', 'approved', 'rejected',
                          'submitted', 'approved', 'approved'])

    def test_figures_are_frozen_at_submission(self):
        request = self.new_request(self.salesperson, [(self.kettle, 16)])
        self._set_stock(self.kettle, self.warehouse_a, 3)
        request.sudo(self.salesperson).action_approval_submit()
        self.assertEqual(request.line_ids.on_hand_qty, 7.0)  # taken again at the submission
        self._set_stock(self.kettle, self.warehouse_a, 50)
        with self.assertRaisesRegex(UserError, 'frozen'):
            request.sudo(self.salesperson).action_refresh_figures()
        self.approve(request, self.manager_a)
        self.assertEqual(request.line_ids.on_hand_qty, 7.0)

    def test_rejected_request_goes_through_its_recheck(self):
        request = self.new_request(self.salesperson, [(self.kettle, 16)])
        request.sudo(self.salesperson).action_approval_submit()
        self.reject(request, self.manager_a, 'Too much')
        # no way around the re-check: no reset to draft, no Submit button until re-checked
        self.assertFalse(request.sudo(self.salesperson).approval_can_reset)
        self.assertFalse(request.sudo(self.salesperson).approval_can_submit)
        with self.assertRaisesRegex(UserError, 'Re-check Stock'):
            request.sudo(self.salesperson).action_approval_reset()
        with self.assertRaisesRegex(UserError, 'Re-check Stock'):
            request.sudo(self.salesperson).action_approval_submit()
        self.assertEqual((request.state, request.approval_state), ('recheck', 'rejected'))
        self.assertEqual(self.history(request).mapped('decision'), ['submitted', 'rejected'])
        # withdrawn while waiting: back to draft
        request.sudo(self.salesperson).action_refresh_figures()
        self.assertTrue(request.sudo(self.salesperson).approval_can_submit)
        request.sudo(self.salesperson).action_approval_submit()
        request.sudo(self.salesperson).action_approval_reset()
        self.assertEqual((request.state, request.approval_state), ('draft', 'draft'))


class TestTransferRequestForm(StockTransferCase):
    """The printable form (调货申请单) and the views the engine completes."""

    def test_pdf_renders_in_chinese(self):
        self._set_stock(self.kettle, self.head_office_warehouse, 10)
        request = self.approved_request([(self.kettle, 10)])
        if not self.env['res.lang'].search([('code', '=', 'zh_CN')]):
            self.env['res.lang'].load_lang('zh_CN')
        self.env['ir.translation'].load_module_terms(['sales_process'], ['zh_CN'])
        report = self.env.ref('sales_process.action_report_stock_transfer_request')

        html = report.with_context(lang='zh_CN').render_qweb_html(request.ids)[0].decode()
        self.assertIn('调货申请单', html)
        self.assertIn(request.name, html)
        self.assertIn('Test Kettle', html)
        self.assertIn(self.manager_a.name, html)  # the approvals are on the form
        # the steps in the reader's language, and who signed each in the signature block
        self.assertIn('销售总部', html)
        self.assertNotIn('Sales headquarters', html)
        self.assertEqual([(step.name, user) for step, user in request._report_approvals()],
                         [('Regional manager', self.manager_a), ('Sales headquarters', self.hq)])
        self.assertIn(self.hq.name, html)

        # a real PDF through wkhtmltopdf, printed by a reader of Chinese from the test's own
        # server of style sheets (common.printed_pdf): never from Odoo's, which answers no
        # request while Odoo's runner installs or updates the module
        self.salesperson.lang = 'zh_CN'
        pdf, text = self.printed_pdf('sales_process.action_report_stock_transfer_request', request,
                                     self.salesperson)
        self.assertTrue(pdf.startswith(b'%PDF'))
        self.assertIn(b'WenQuanYi', pdf)  # the Chinese text is set in a CJK font
        self.assertIn('调货申请单', without_spaces(text))

    def test_engine_completes_the_form(self):
        arch = self.env[REQUEST].sudo(self.salesperson).fields_view_get(view_type='form')['arch']
        for name in ('action_approval_submit', 'action_approval_approve', 'action_refresh_figures',
                     'approval_history_ids', 'recheck_count'):
            self.assertIn(name, arch)
        for view_type in ('tree', 'kanban', 'pivot', 'graph', 'search'):
            self.env[REQUEST].sudo(self.salesperson).fields_view_get(view_type=view_type)

    def test_transfer_orders_menu_offers_no_create(self):
        # a transfer order comes from an approved request: one created from this menu would not
        # belong to any and would vanish from the list
        action = self.env.ref('sales_process.stock_picking_action_transfer_request')
        self.assertEqual(action.view_ids.mapped('view_mode'), ['tree', 'kanban'])
        Picking = self.env['stock.picking'].sudo(self.warehouse_user)
        for view in action.view_ids:
            arch = Picking.fields_view_get(view_id=view.view_id.id, view_type=view.view_mode)['arch']
            self.assertIn('create="false"', arch)
