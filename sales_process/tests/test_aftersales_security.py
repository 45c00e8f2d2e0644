"""Who may do what on an after-sales case, as each role, over the server methods the buttons and
RPC call: regional staff and customer service file cases (regional staff for their region),
quality writes the assessment but cannot decide, the marketing manager decides, the sales
director approves exchanges, the warehouse processes the returns and replacements only."""
from odoo.exceptions import AccessError, UserError, ValidationError

from .aftersales_common import CASE, AftersalesCase, deliver_order

REFUSED = 'through its buttons'


class TestAftersalesSecurity(AftersalesCase):

    @classmethod
    def setUpClass(cls):
        super(TestAftersalesSecurity, cls).setUpClass()
        cls.customer_b = cls.env['res.partner'].create({
            'name': 'Test AS Customer B', 'customer': True, 'team_id': cls.region_b.id})
        cls.order_b = deliver_order(cls.env, cls.customer_b, [(cls.kettle, 5, 100.0)],
                                    cls.region_b, user=cls.salesperson_b)

    def test_regional_staff_file_cases_for_their_region_only(self):
        case = self.new_case()
        self.assertEqual(case.region_id, self.region_a)
        visible = self.env[CASE].sudo(self.salesperson_b).search([('id', '=', case.id)])
        self.assertFalse(visible)
        with self.assertRaises(AccessError):
            case.sudo(self.salesperson_b).read(['name'])
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.new_case(user=self.salesperson_b, region_id=self.region_a.id)
        # region B's order is region B's case, which region A's staff cannot file
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.new_case(user=self.salesperson, order=self.order_b, lines=[(self.kettle, 1)])
        case_b = self.new_case(user=self.salesperson_b, order=self.order_b,
                               lines=[(self.kettle, 1)])
        self.assertEqual(case_b.region_id, self.region_b)
        # the lines follow their case
        self.assertFalse(self.env['sales.aftersales.case.line'].sudo(self.salesperson).search(
            [('case_id', '=', case_b.id)]))

    def test_customer_service_files_cases_for_every_region(self):
        case = self.new_case(user=self.service, order=self.order_b, lines=[(self.kettle, 1)])
        self.assertEqual(case.region_id, self.region_b)
        self.report(case, self.service)
        self.assertEqual(case.state, 'reported')

    def test_other_company_sees_nothing(self):
        case = self.new_case()
        self.assertFalse(self.env[CASE].sudo(self.other_company_user).search(
            [('id', '=', case.id)]))

    def test_quality_does_not_cancel_a_complaint(self):
        case = self.new_case()
        with self.assertRaisesRegex(UserError, 'cancel a case at intake'):
            case.sudo(self.quality).action_cancel()
        self.assertEqual(case.state, 'draft')
        case.sudo(self.users['customer_service']).action_cancel()
        self.assertEqual(case.state, 'cancel')

    def test_quality_writes_the_assessment_but_cannot_decide(self):
        case = self.new_case()
        with self.assertRaisesRegex(UserError, 'Customer service or the region'), \
                self.env.cr.savepoint():
            case.sudo(self.quality).action_approval_submit()
        with self.assertRaisesRegex(UserError, 'Only customer service'), self.env.cr.savepoint():
            case.sudo(self.quality).write({'description': 'Rewritten'})
        self.report(case)
        # the assessment is quality's alone
        with self.assertRaisesRegex(UserError, 'Only the quality department'), \
                self.env.cr.savepoint():
            case.sudo(self.salesperson).write({'assessment_analysis': 'Not our fault'})
        with self.assertRaisesRegex(UserError, 'Only the quality department assesses'), \
                self.env.cr.savepoint():
            case.sudo(self.salesperson).action_assess()
        self.assess(case)
        self.assertEqual(case.state, 'to_decide')
        # ... and is frozen once done
        with self.assertRaisesRegex(UserError, 'can no longer be changed'), \
                self.env.cr.savepoint():
            case.sudo(self.quality).write({'assessment_analysis': 'Changed my mind'})
        # quality cannot decide, by the wizard, the engine or writing the decision
        with self.assertRaisesRegex(UserError, 'not an approver'), self.env.cr.savepoint():
            self.decide(case, self.quality, 'exchange')
        with self.assertRaisesRegex(UserError, 'not an approver'), self.env.cr.savepoint():
            self.approve(case, self.quality)
        for values in ({'kind': 'return'}, {'state': 'goods_back'},
                       {'approval_state': 'approved'}):
            with self.assertRaisesRegex(UserError, REFUSED), self.env.cr.savepoint():
                case.sudo(self.quality).write(values)
        self.assertEqual((case.state, case.kind, case.approval_state),
                         ('to_decide', False, 'pending'))
        # nor do the regional staff or the assistant
        for user in (self.salesperson, self.users['marketing_assistant'], self.manager_a):
            with self.assertRaises(UserError), self.env.cr.savepoint():
                self.decide(case, user, 'exchange')
        self.decide(case, self.marketing, 'exchange')
        self.assertEqual(case.kind, 'exchange')

    def test_the_sales_director_approves_exchanges(self):
        case = self.decided_case('exchange')
        case.sudo(self.salesperson).action_request_exchange()
        for user in (self.marketing, self.salesperson, self.quality, self.users['sales_hq']):
            with self.assertRaises(UserError), self.env.cr.savepoint():
                self.approve(case, user)
        self.assertFalse(case.exchange_approved)
        # rejected: the salesperson reworks it and asks again
        case.sudo(self.director).with_context(
            approval_expected_step_id=case.approval_step_id.id).action_approval_reject(
            'Send a rice cooker instead.')
        self.assertEqual((case.state, case.approval_state), ('goods_back', 'rejected'))
        case.line_ids.sudo(self.salesperson).write({'replacement_product_id': self.cooker.id})
        case.sudo(self.salesperson).action_request_exchange()
        self.approve(case, self.director)
        self.assertTrue(case.exchange_approved)
        # only an exchange has a request; only the marketing manager ships before the return
        with self.assertRaisesRegex(UserError, 'marketing manager decides'), \
                self.env.cr.savepoint():
            case.sudo(self.salesperson).action_ship_before_return()

    def test_warehouse_processes_the_returns_and_replacements_only(self):
        case = self.decided_case('exchange')
        back = case.return_picking_id
        # regional staff see their case's return, but cannot process it
        self.assertEqual(self.env['stock.picking'].sudo(self.salesperson).search(
            [('id', '=', back.id)]), back)
        for method in ('button_validate', 'action_cancel', 'do_unreserve'):
            with self.assertRaisesRegex(AccessError, 'only the warehouse'), \
                    self.env.cr.savepoint():
                getattr(back.sudo(self.salesperson), method)()
        with self.assertRaisesRegex(AccessError, 'only the warehouse'), self.env.cr.savepoint():
            back.move_line_ids.sudo(self.salesperson).write({'qty_done': 2})
        # another region's staff do not even see it
        self.assertFalse(self.env['stock.picking'].sudo(self.salesperson_b).search(
            [('id', '=', back.id)]))
        self.assertFalse(self.env['stock.move'].sudo(self.salesperson_b).search(
            [('picking_id', '=', back.id)]))
        # nobody links a picking or a credit note to a case by hand
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.delivery.sudo(self.warehouse_user).write({'aftersales_case_id': case.id})
        # the warehouse reads the case, but does not change it
        case.sudo(self.warehouse_user).read(['name', 'state'])
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            case.sudo(self.warehouse_user).write({'description': 'Changed'})
        self.process(back)
        self.assertEqual((back.state, back.validated_by_id), ('done', self.warehouse_user))
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            back.sudo(self.salesperson).write({'validated_by_id': self.salesperson.id})

    def test_locked_after_intake(self):
        case = self.new_case()
        self.report(case)
        with self.assertRaisesRegex(UserError, 'can no longer be changed'), \
                self.env.cr.savepoint():
            case.sudo(self.salesperson).write({'description': 'Changed'})
        with self.assertRaisesRegex(UserError, 'can no longer be changed'), \
                self.env.cr.savepoint():
            case.line_ids.sudo(self.salesperson).write({'quantity': 1})
        with self.assertRaises(UserError), self.env.cr.savepoint():
            case.sudo(self.salesperson).unlink()
        with self.assertRaisesRegex(UserError, REFUSED), self.env.cr.savepoint():
            case.line_ids.sudo(self.salesperson).write(
                {'replacement_move_id': self.delivery.move_lines[0].id})

    def test_feedback_is_collected_by_the_region(self):
        case = self.decided_case('exchange')
        with self.assertRaisesRegex(UserError, 'once the goods are replaced'), \
                self.env.cr.savepoint():
            case.sudo(self.salesperson).write({'feedback_satisfaction': '5'})
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.new_case(lines=[(self.kettle, 0)])
