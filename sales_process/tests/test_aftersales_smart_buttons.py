"""The after-sales cases of an order, its delivery, its invoice and its customer: counted for
the roles who read cases (their region's only), and opened by the smart buttons."""
from .aftersales_common import CASE, AftersalesMeasureCase


class TestAftersalesSmartButtons(AftersalesMeasureCase):

    @classmethod
    def setUpClass(cls):
        super(TestAftersalesSmartButtons, cls).setUpClass()
        cls.contact = cls.env['res.partner'].create({'name': 'Test Contact',
                                                     'parent_id': cls.customer.id})
        cls.order = cls._delivered_order(cls.customer, {cls.kettle: 5, cls.fryer: 2})
        cls.other_order = cls._delivered_order(cls.customer, {cls.kettle: 1})
        cls.order_b = cls._delivered_order(cls.customer_b, {cls.kettle: 3}, region=cls.region_b)
        cls.first = cls._case(cls.order, {cls.kettle: 1})
        cls.second = cls._case(cls.order, {cls.fryer: 1}, partner_id=cls.contact.id)
        cls.third = cls._case(cls.other_order, {cls.kettle: 1})
        cls.region_b_case = cls._case(cls.order_b, {cls.kettle: 1})
        cls.order.action_invoice_create()
        cls.invoice = cls.order.invoice_ids

    def opened(self, record, user):
        action = record.sudo(user).action_view_aftersales_cases()
        self.assertEqual(action['res_model'], CASE)
        return self.env[CASE].sudo(user).search(action['domain'])

    def test_counts_and_buttons_for_each_document(self):
        quality = self.quality
        cases = {
            self.order: self.first | self.second,
            self.order.picking_ids: self.first | self.second,
            self.invoice: self.first | self.second,
            self.customer: self.first | self.second | self.third,
            self.contact: self.second,
        }
        for record, expected in cases.items():
            self.assertEqual(record.sudo(quality).aftersales_case_count, len(expected), record)
            self.assertEqual(self.opened(record, quality), expected, record)
        self.assertEqual(self.customer_b.sudo(quality).aftersales_case_count, 1)

    def test_counts_follow_the_readers_rights(self):
        # counted with the reader's rights (the cases' record rules apply: read_group)
        self.assertEqual(self.customer.sudo(self.salesperson).aftersales_case_count, 3)
        # a user who may not read cases sees none, without an error (billing users read them:
        # they validate the credit notes of returns; an Inventory user does not)
        clerk = self._create_user('sp_test_clerk', 'stock.group_stock_user')
        self.assertEqual(self.order.picking_ids.sudo(clerk).mapped('aftersales_case_count'),
                         [0] * len(self.order.picking_ids))

    def test_counts_in_constant_queries_per_batch(self):
        def queries(orders):
            orders.invalidate_cache()
            before = self.env.cr.sql_log_count
            counts = orders.mapped('aftersales_case_count')
            return counts, self.env.cr.sql_log_count - before
        queries(self.order.sudo(self.quality))  # warm the caches (access rights, rules)
        one, few = (queries(orders.sudo(self.quality)) for orders in (
            self.order, self.order | self.other_order | self.order_b))
        self.assertEqual((one[0], few[0]), ([2], [2, 1, 1]))
        self.assertEqual(one[1], few[1])
