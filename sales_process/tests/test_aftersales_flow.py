"""A full exchange and a full return, as the real roles, through the buttons' methods."""
from .aftersales_common import AftersalesCase, invoice_order

ASSESS = 'sales_process.mail_activity_type_aftersales_assess'
TO_APPROVE = 'sales_process.mail_activity_type_approval'
EXCHANGE_REQUEST = 'sales_process.mail_activity_type_aftersales_exchange_request'
FEEDBACK = 'sales_process.mail_activity_type_aftersales_feedback'


class TestAftersalesFlow(AftersalesCase):

    def test_full_exchange(self):
        case = self.new_case(lines=[(self.kettle, 2)])
        self.assertTrue(case.name.startswith('AS/'))
        self.assertEqual((case.state, case.picking_id, case.region_id, case.user_id),
                         ('draft', self.delivery, self.region_a, self.salesperson))
        self.assertEqual(case.sudo().line_ids.sale_line_id.product_id, self.kettle)

        self.report(case)
        self.assertEqual((case.state, case.approval_state), ('reported', 'pending'))
        self.assertTrue(case.date_reported)
        self.assertIn(self.quality, self.activities(case, ASSESS).mapped('user_id'))
        self.assertIn(self.marketing, self.activities(case, TO_APPROVE).mapped('user_id'))
        self.assertNotIn(self.director, self.activities(case, TO_APPROVE).mapped('user_id'))

        self.assess(case)
        self.assertEqual((case.state, case.assessed_by_id), ('to_decide', self.quality))
        self.assertFalse(self.activities(case, ASSESS))

        self.decide(case, self.marketing, 'exchange', 'Agreed: the hinge is our fault.')
        self.assertEqual((case.state, case.kind, case.decided_by_id, case.approval_stage),
                         ('goods_back', 'exchange', self.marketing, 'exchange'))
        # the customer is told, as a follower
        self.assertIn(self.customer, case.message_follower_ids.mapped('partner_id'))
        # the goods come back: Odoo's return of the delivery, into Faulty Goods
        back = case.return_picking_id
        self.assertEqual((back.location_id, back.location_dest_id),
                         (self.customer_location, self.faulty))
        self.assertEqual(back.move_lines.mapped('origin_returned_move_id'),
                         self.delivery.move_lines.filtered(lambda m: m.product_id == self.kettle))
        self.assertEqual([(m.product_id, m.product_uom_qty, m.to_refund) for m in back.move_lines],
                         [(self.kettle, 2.0, False)])
        self.assertEqual(back.aftersales_case_id, case)
        self.assertEqual(self.activities(case, EXCHANGE_REQUEST).user_id, self.salesperson)

        # the salesperson's exchange request, approved by the sales director
        case.line_ids.sudo(self.salesperson).write({'replacement_product_id': self.cooker.id,
                                                    'replacement_qty': 2})
        case.sudo(self.salesperson).action_request_exchange()
        self.assertEqual(case.approval_state, 'pending')
        self.assertEqual(case.approval_step_id,
                         self.env.ref('sales_process.sales_aftersales_case_step_exchange'))
        self.assertIn(self.director, self.activities(case, TO_APPROVE).mapped('user_id'))
        self.assertNotIn(self.marketing, self.activities(case, TO_APPROVE).mapped('user_id'))
        self.approve(case, self.director)
        self.assertTrue(case.exchange_approved)
        self.assertFalse(case.replacement_picking_id, "not before the goods are back")

        self.process(back)
        self.assertEqual(back.validated_by_id, self.warehouse_user)
        self.assertEqual((case.state, bool(case.date_goods_back)), ('replacement', True))
        self.assertEqual(self.env['stock.quant']._get_available_quantity(self.kettle, self.faulty), 2)
        # the replacement: another product, at no charge (no order line, nothing to invoice)
        replacement = case.replacement_picking_id
        self.assertEqual([(m.product_id, m.product_uom_qty, m.sale_line_id.id)
                          for m in replacement.move_lines], [(self.cooker, 2.0, False)])
        self.assertEqual((replacement.location_id, replacement.location_dest_id),
                         (self.warehouse_a.lot_stock_id, self.customer_location))
        self.assertEqual(case.line_ids.replacement_move_id, replacement.move_lines)

        self.process(replacement)
        self.assertEqual(replacement.validated_by_id, self.warehouse_user)
        self.assertEqual(case.state, 'feedback')
        self.assertTrue(case.date_resolved)
        feedback = self.activities(case, FEEDBACK)
        self.assertEqual((feedback.user_id, feedback.date_deadline),
                         (self.salesperson, case.feedback_deadline))

        case.sudo(self.salesperson).write({'feedback_satisfaction': '4',
                                           'feedback_comment': 'Works well.'})
        case.sudo(self.salesperson).action_close()
        self.assertEqual(case.state, 'closed')
        self.assertTrue(case.date_closed)
        self.assertFalse(self.activities(case, FEEDBACK))
        # the order is neither delivered less nor invoiced more
        kettle_line = self.order.order_line.filtered(lambda line: line.product_id == self.kettle)
        self.assertEqual(kettle_line.qty_delivered, 10)

    def test_full_return(self):
        invoice = invoice_order(self.order)
        case = self.new_case(lines=[(self.kettle, 3)], kind_proposed='return')
        self.report(case, self.service)
        self.assess(case)
        self.decide(case, self.marketing, 'return')
        self.assertEqual((case.state, case.kind), ('goods_back', 'return'))
        back = case.return_picking_id
        self.assertEqual([(m.product_id, m.product_uom_qty, m.to_refund) for m in back.move_lines],
                         [(self.kettle, 3.0, True)])
        self.assertFalse(self.activities(case, EXCHANGE_REQUEST))

        self.process(back)
        self.assertEqual(case.state, 'refund')
        note = case.credit_note_ids
        self.assertEqual(len(note), 1)
        self.assertEqual((note.type, note.state, note.refund_invoice_id, note.partner_id),
                         ('out_refund', 'draft', invoice, self.customer))
        kettle_line = invoice.invoice_line_ids.filtered(lambda line: line.product_id == self.kettle)
        self.assertEqual([(line.product_id, line.quantity, line.price_unit)
                          for line in note.invoice_line_ids], [(self.kettle, 3.0, 120.0)])
        self.assertAlmostEqual(note.amount_total,
                               kettle_line.price_total / kettle_line.quantity * 3, places=2)

        # the billing department validates it
        note.sudo(self.billing).action_invoice_open()
        self.assertEqual(note.state, 'open')
        self.assertEqual(case.state, 'feedback')
        kettle_sale_line = self.order.order_line.filtered(lambda line: line.product_id == self.kettle)
        self.assertEqual((kettle_sale_line.qty_delivered, kettle_sale_line.qty_invoiced), (7, 7))

        # the customer never answered: "no response" once the deadline has passed
        with self.assertRaisesRegex(Exception, 'has until'):
            case.sudo(self.salesperson).action_no_response()
        case._workflow_write({'feedback_deadline': '2000-01-01'})
        case.sudo(self.salesperson).action_no_response()
        self.assertEqual((case.state, case.feedback_no_response), ('closed', True))

    def test_rejection_informs_the_customer(self):
        case = self.new_case()
        self.report(case)
        self.assess(case, 'sales_process.root_cause_usage')
        self.decide(case, self.marketing, 'reject', 'The kettle was used on a gas stove.')
        self.assertEqual((case.state, case.kind, case.approval_state),
                         ('rejected', False, 'rejected'))
        self.assertEqual(case.rejection_reason, 'The kettle was used on a gas stove.')
        self.assertTrue(case.date_closed)
        self.assertFalse(case.return_picking_id)
        self.assertFalse(self.activities(case))
        message = case.message_ids.filtered(lambda m: 'gas stove' in (m.body or '')
                                            and m.subtype_id == self.env.ref('mail.mt_comment'))
        self.assertTrue(message)
        self.assertIn(self.customer, case.message_follower_ids.mapped('partner_id'))
        with self.assertRaisesRegex(Exception, 'it is closed'):
            case.sudo(self.salesperson).action_approval_reset()

    def test_replacement_before_the_goods_are_back(self):
        case = self.decided_case('exchange')
        case.sudo(self.marketing).action_ship_before_return()
        self.assertEqual((case.ship_before_return, case.ship_before_return_user_id),
                         (True, self.marketing))
        self.assertTrue(case.ship_before_return_date)
        self.assertFalse(case.replacement_picking_id, "the exchange is not approved yet")
        case.sudo(self.salesperson).action_request_exchange()
        self.approve(case, self.director)
        replacement = case.replacement_picking_id
        self.assertEqual([(m.product_id, m.product_uom_qty) for m in replacement.move_lines],
                         [(self.kettle, 2.0)])
        self.assertEqual(case.state, 'goods_back')
        self.process(replacement)
        self.assertEqual(case.state, 'goods_back', "the goods are still to come back")
        self.process(case.return_picking_id)
        self.assertEqual(case.state, 'feedback')
