"""The demo database tells the story of exchanges and returns: cases at every stage, a finished
exchange with the customer's feedback and a return with its validated credit note."""
from odoo.tests.common import TransactionCase


class TestAftersalesDemo(TransactionCase):

    def test_cases_at_every_stage(self):
        cases = self.env['sales.aftersales.case'].search(
            [('partner_id.customer', '=', True), ('create_uid.login', 'in', [
                'salesperson', 'sales_south', 'sales_north', 'sales_east2', 'customer_service'])])
        states = set(cases.mapped('state'))
        self.assertTrue({'draft', 'reported', 'to_decide', 'rejected', 'goods_back', 'closed',
                         'feedback'} <= states, states)
        exchanged = cases.filtered(lambda case: case.kind == 'exchange' and case.state == 'closed')
        self.assertTrue(exchanged.feedback_satisfaction)
        self.assertEqual(exchanged.sudo().replacement_picking_id.state, 'done')
        self.assertEqual(exchanged.sudo().replacement_picking_id.validated_by_id.login, 'warehouse')
        refunded = cases.filtered(lambda case: case.kind == 'return' and case.credit_note_ids)
        note = refunded.credit_note_ids
        self.assertEqual((note.type, note.state), ('out_refund', 'open'))
        self.assertTrue(note.refund_invoice_id)
        self.assertEqual(refunded.return_picking_id.location_dest_id,
                         self.env.ref('sales_process.stock_location_faulty_goods'))
        rejected = cases.filtered(lambda case: case.state == 'rejected')
        self.assertTrue(rejected.rejection_reason)
