"""Bad input on an after-sales case: a clear error, and nothing written."""
from odoo.exceptions import UserError, ValidationError

from .aftersales_common import CASE, AftersalesCase, deliver_order


class TestAftersalesBadInput(AftersalesCase):

    def assertRefusedCreate(self, message, **kwargs):
        count = self.env[CASE].search_count([])
        with self.assertRaisesRegex(ValidationError, message), self.env.cr.savepoint():
            self.new_case(**kwargs)
        self.assertEqual(self.env[CASE].search_count([]), count)

    def test_returning_more_than_was_delivered(self):
        self.assertRefusedCreate('at most 10', lines=[(self.kettle, 11)])

    def test_earlier_returns_and_open_cases_count(self):
        self.decided_case(lines=[(self.kettle, 6)])  # a return of 6 on its way
        self.new_case(lines=[(self.kettle, 3)])  # an open case claims 3 more
        self.assertRefusedCreate(r'6(\.0)? already returned and 3(\.0)? claimed by other open '
                                 r'cases, so at most 1', lines=[(self.kettle, 2)])
        self.new_case(lines=[(self.kettle, 1)])
        # more, on an existing case's lines (written on their own), is refused the same way
        case = self.new_case(lines=[(self.cooker, 1)])
        with self.assertRaisesRegex(ValidationError, 'at most 4'), self.env.cr.savepoint():
            case.line_ids.sudo(self.salesperson).write({'quantity': 5})
        self.assertEqual(case.line_ids.quantity, 1)

    def test_a_product_not_in_the_order(self):
        self.assertRefusedCreate('Test AS Air Fryer is not in the sale order',
                                 lines=[(self.fryer, 1, self.serials[0])])

    def test_a_cancelled_order(self):
        order = self.env['sale.order'].create({
            'partner_id': self.customer.id, 'team_id': self.region_a.id,
            'order_line': [(0, 0, {'product_id': self.kettle.id, 'product_uom_qty': 1})]})
        order.action_cancel()
        self.assertRefusedCreate('is cancelled', order=order)

    def test_an_undelivered_order(self):
        order = self.env['sale.order'].create({
            'partner_id': self.customer.id, 'team_id': self.region_a.id,
            'warehouse_id': self.warehouse_a.id,
            'order_line': [(0, 0, {'product_id': self.kettle.id, 'product_uom_qty': 1})]})
        order.action_confirm()
        self.assertRefusedCreate('has not been delivered yet', order=order)

    def test_another_customers_order(self):
        self.assertRefusedCreate('is not an order of', partner_id=self.other_customer.id)

    def test_a_serial_not_delivered_to_that_customer(self):
        order = deliver_order(self.env, self.customer, [(self.fryer, 1, 500.0)], self.region_a,
                              lots={self.fryer: [self.serials[0]]})
        # the other serials were never delivered to the customer
        for serial in self.serials[1:]:
            self.assertRefusedCreate('TAF-00%s of Test AS Air Fryer was not delivered to Test AS '
                                     'Customer' % serial.name[-1], order=order,
                                     lines=[(self.fryer, 1, serial)])
        self.assertRefusedCreate('is tracked: give the lot', order=order, lines=[(self.fryer, 1)])
        case = self.new_case(order=order, lines=[(self.fryer, 1, self.serials[0])])
        self.assertEqual(case.line_ids.lot_id, self.serials[0])

    def test_a_refund_on_an_order_never_invoiced(self):
        case = self.new_case(kind_proposed='return')
        self.report(case)
        self.assess(case)
        with self.assertRaisesRegex(UserError, 'has not been invoiced.*Invoice the order first'), \
                self.env.cr.savepoint():
            self.decide(case, self.marketing, 'return')
        self.assertEqual((case.state, case.kind, case.approval_state),
                         ('to_decide', False, 'pending'))
        self.assertFalse(case.return_picking_id)
        # an exchange needs no invoice
        self.decide(case, self.marketing, 'exchange')
        self.assertEqual(case.kind, 'exchange')

    def test_deciding_before_the_assessment(self):
        case = self.new_case()
        self.report(case)
        for decision in ('exchange', 'reject'):
            with self.assertRaisesRegex(UserError, 'has not assessed'), self.env.cr.savepoint():
                self.decide(case, self.marketing, decision, 'Too early')
        self.assertEqual((case.state, case.kind, case.approval_state),
                         ('reported', False, 'pending'))
        self.assertFalse(case.approval_history_ids.filtered(
            lambda line: line.decision in ('approved', 'rejected')))

    def test_a_second_replacement_for_the_same_line(self):
        case = self.decided_case('exchange')
        case.sudo(self.marketing).action_ship_before_return()
        case.sudo(self.salesperson).action_request_exchange()
        self.approve(case, self.director)
        first = case.replacement_picking_id
        self.assertTrue(first)
        with self.assertRaisesRegex(UserError, 'has already been submitted'), \
                self.env.cr.savepoint():
            case.sudo(self.salesperson).action_request_exchange()
        with self.assertRaisesRegex(UserError, 'a line is replaced once'), \
                self.env.cr.savepoint():
            case._create_replacement()
        self.assertEqual(self.env['stock.picking'].search([('aftersales_case_id', '=', case.id)]),
                         case.return_picking_id | first)

    def test_a_case_without_products_is_not_reported(self):
        case = self.new_case(lines=[])
        with self.assertRaisesRegex(UserError, 'has no products'), self.env.cr.savepoint():
            self.report(case)
        self.assertEqual((case.state, case.approval_state), ('draft', 'draft'))

    def test_the_assessment_is_complete_before_it_is_done(self):
        case = self.new_case()
        self.report(case)
        with self.assertRaisesRegex(UserError, 'Complete the assessment'), \
                self.env.cr.savepoint():
            case.sudo(self.quality).action_assess()
        self.assertEqual(case.state, 'reported')

    def test_returnable_quantity_costs_constant_queries(self):
        """Two statements whatever the order's size and history."""
        def count(case):
            case.invalidate_cache()
            before = self.env.cr.sql_log_count
            case._returnable()
            return self.env.cr.sql_log_count - before

        small = self.new_case(lines=[(self.kettle, 1)])
        products = [self.env['product.product'].create({'name': 'Test AS Part %s' % number,
                                                        'type': 'product'})
                    for number in range(15)]
        big_order = deliver_order(self.env, self.customer,
                                  [(product, 5, 10.0) for product in products], self.region_a)
        for _round in range(3):  # a history of cases and returns on the big order
            self.decided_case(order=big_order, lines=[(product, 1) for product in products[:5]])
        big = self.new_case(order=big_order, lines=[(product, 1) for product in products])
        self.assertEqual(count(small), 2)
        self.assertEqual(count(big), 2)
        self.assertEqual(count(small | big), 2)
