from odoo import api, models


class SalesAftersalesDemo(models.AbstractModel):
    """The demo story of exchanges and returns (demo/sales_aftersales_demo.xml): cases at every
    stage, on the customers' delivered orders, each moved by the users whose role it is."""
    _name = 'sales.aftersales.demo'
    _inherit = 'sales.process.demo'
    _description = 'Exchanges and Returns Demo Data'

    @api.model
    def _generate_aftersales_cases(self):
        self = self.with_context(mail_create_nosubscribe=True, mail_auto_subscribe_no_notify=True,
                                 mail_notify_noemail=True)
        ref = self._ref
        Case = self.env['sales.aftersales.case']

        def new_case(user, customer, description, kind='exchange', quantity=1):
            order = self.env['sale.order'].search(
                # the customer's last delivered order (the promotion's orders of these days
                # are not delivered yet)
                [('partner_id', '=', ref(customer).id), ('state', '=', 'sale'),
                 ('picking_ids.state', '=', 'done')],
                order='date_order desc, id desc', limit=1)
            product = order.order_line[:1].product_id
            return Case.sudo(ref(user)).create({
                'partner_id': order.partner_id.id, 'sale_order_id': order.id,
                'description': description, 'kind_proposed': kind,
                'line_ids': [(0, 0, {'product_id': product.id, 'quantity': quantity})]})

        def assess(case, cause, analysis, solution):
            case.sudo(ref('user_quality')).write({
                'root_cause_id': ref(cause).id, 'assessment_analysis': analysis,
                'corrective_action': 'Inspect the batch still in stock and rework it.',
                'preventive_action': 'Add the check to the assembly line\'s final test.',
                'proposed_solution': solution})
            case.sudo(ref('user_quality')).action_assess()

        def decide(case, decision, comment):
            case.sudo(ref('user_marketing_manager')).with_context(
                approval_expected_step_id=case.approval_step_id.id).action_decide(decision, comment)

        def process(picking):
            picking = picking.sudo(ref('user_warehouse'))
            for move in picking.move_lines:
                for move_line in move.move_line_ids:
                    move_line.qty_done = move_line.product_uom_qty or move.product_uom_qty
            picking.button_validate()

        # East: just received from a customer, at intake
        new_case('user_salesperson', 'customer_east_2',
                 "The kettle's switch does not turn off when the water boils.", quantity=2)

        # South: reported to marketing, the quality department assesses it
        reported = new_case('user_sales_south', 'customer_south_1',
                            "Two rice cookers burn the rice at the bottom on every setting.",
                            quantity=2)
        reported.sudo(ref('user_sales_south')).action_report()

        # North: filed by customer service, assessed, waiting for the marketing manager
        to_decide = new_case('user_customer_service', 'customer_north_1',
                             "The display stays blank after a power cut.", kind='return')
        to_decide.sudo(ref('user_customer_service')).action_report()
        assess(to_decide, 'root_cause_design', "The control board does not restart after a power "
               "cut: a firmware fault of this series.", "Refund the customer.")

        # East: rejected, not a quality problem (the customer was told why)
        rejected = new_case('user_sales_east2', 'customer_east_3',
                            "The glass lid cracked.")
        rejected.sudo(ref('user_sales_east2')).action_report()
        assess(rejected, 'root_cause_usage', "The photos show a fall: the lid cracked on impact.",
               "Not a quality problem.")
        decide(rejected, 'reject', "The lid was broken by a fall, which the warranty does not "
               "cover; we offered a new lid at cost.")

        # South: an exchange agreed, the goods coming back, the exchange request with the
        # sales director
        coming_back = new_case('user_sales_south', 'customer_south_2',
                               "The air fryer's fan is noisy.")
        coming_back.sudo(ref('user_sales_south')).action_report()
        assess(coming_back, 'root_cause_manufacturing', "The fan's bearing was fitted askew.",
               "Exchange the product.")
        decide(coming_back, 'exchange', "Our fault: exchange it.")
        coming_back.sudo(ref('user_sales_south')).action_request_exchange()

        # East: a finished exchange, with the customer's feedback
        exchanged = new_case('user_salesperson', 'customer_east_1',
                             "The base of the product leaks.")
        exchanged.sudo(ref('user_salesperson')).action_report()
        assess(exchanged, 'root_cause_material', "The seal of this batch is too thin.",
               "Exchange the product.")
        decide(exchanged, 'exchange', "Agreed: exchange it.")
        exchanged.sudo(ref('user_salesperson')).action_request_exchange()
        exchanged.sudo(ref('user_sales_director')).with_context(
            approval_expected_step_id=exchanged.approval_step_id.id).action_approval_approve()
        process(exchanged.return_picking_id)
        process(exchanged.replacement_picking_id)
        exchanged.sudo(ref('user_salesperson')).write({
            'feedback_satisfaction': '5',
            'feedback_comment': "The new one works well; the customer appreciated the speed."})
        exchanged.sudo(ref('user_salesperson')).action_close()

        # North: a return refunded with a credit note (the order invoiced first)
        refunded = new_case('user_sales_north', 'customer_north_2',
                            "The pot's coating peels off after a week.", kind='return')
        order = refunded.sudo().sale_order_id
        invoice = self.env['account.invoice'].browse(order.action_invoice_create())
        invoice.action_invoice_open()
        refunded.sudo(ref('user_sales_north')).action_report()
        assess(refunded, 'root_cause_material', "The coating of this batch is below spec.",
               "Refund the customer.")
        decide(refunded, 'return', "Refund: the coating is our fault.")
        process(refunded.return_picking_id)
        refunded.sudo().credit_note_ids.action_invoice_open()  # the billing department
        return True
