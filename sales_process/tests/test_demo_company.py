"""The demo company tells the story of a Chinese company, and whoever logs in has work waiting.

These tests read the demo data on purpose (the test database is installed with it): they are the
demo's own tests. The company's country and currency come from the demo template database
(runtime/devtool.py, ensure_template), its names, address and paper from demo/*.xml.
"""
import re

from odoo.addons.sales_process.models.sales_aftersales_case import CLOSED_CASE_STATES
from odoo.tests.common import SavepointCase

WAITING_TRANSFER_STATES = ('waiting', 'confirmed', 'assigned')


class TestDemoCompany(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(TestDemoCompany, cls).setUpClass()
        cls.company = cls.env.ref('base.main_company')
        cls.demo_users = cls.env['res.users'].browse(cls.env['ir.model.data'].search(
            [('module', '=', 'sales_process'), ('model', '=', 'res.users')]).mapped('res_id'))

    def test_a_chinese_company(self):
        company = self.company
        self.assertEqual(company.currency_id, self.env.ref('base.CNY'))
        self.assertEqual(company.country_id, self.env.ref('base.cn'))
        # the chart of accounts Odoo chose for China (l10n_cn's small-business chart), in CNY
        chart = company.chart_template_id
        self.assertTrue(chart, 'the company has a chart of accounts')
        self.assertEqual(chart.get_external_id()[chart.id].split('.')[0], 'l10n_cn_small_business')
        self.assertEqual(chart.currency_id, self.env.ref('base.CNY'))
        self.assertEqual(self.env['account.journal'].search(
            [('company_id', '=', company.id), ('type', '=', 'sale')], limit=1).currency_id
            | company.currency_id, company.currency_id)
        # its Shanghai address in Chinese and in English; its name in plain English words (Odoo
        # 11 writes it into the Reply-To of messages, which mail's own tests compare with the
        # bare name), its Chinese name heading every printed report
        for text in (company.street, company.city):
            self.assertRegex(text, r'[\u4e00-\u9fff]', 'Chinese in %r' % text)
            self.assertRegex(text, r'[A-Za-z]{3}', 'English in %r' % text)
        self.assertIn('Shanghai', company.city)
        self.assertRegex(company.name, r'^[A-Za-z ]+$')
        self.assertIn('上海美厨家电有限公司', company.report_header)
        self.assertEqual((company.paperformat_id.format, company.paperformat_id.orientation),
                         ('A4', 'Portrait'))
        # everyone on Shanghai time: the company, its administrator, every demo user
        self.assertEqual(company.partner_id.tz, 'Asia/Shanghai')
        people = self.demo_users | self.env.ref('base.user_root')
        self.assertEqual(set(people.mapped('tz')), {'Asia/Shanghai'})
        self.assertGreaterEqual(len(self.demo_users), 15)

    def test_a_year_of_history(self):
        orders = self.env['sale.order'].search([('state', 'in', ('sale', 'done')),
                                                ('team_id.is_sales_region', '=', True)])
        months = {order.confirmation_date[:7] for order in orders}
        self.assertEqual(len(months), 12, 'a confirmed sale every month of the last year')
        self.assertEqual(set(orders.mapped('currency_id')), {self.env.ref('base.CNY')})

    def work_waiting(self, user):
        """What `user` finds to do on logging in: their open activities (approvals, to-dos,
        plans to accept, requests to re-check), for the warehouse the transfer orders of
        approved requests waiting to be shipped, and for a customer on the portal their
        company's open after-sales cases. Each must be readable by them."""
        activities = self.env['mail.activity'].search([('user_id', '=', user.id)])
        for activity in activities:
            document = self.env[activity.res_model].sudo(user).browse(activity.res_id)
            document.check_access_rule('read')
            self.assertTrue(document.display_name)
        work = [activity.summary or activity.activity_type_id.name for activity in activities]
        if user.has_group('sales_process.group_warehouse'):
            work += self.env['stock.picking'].sudo(user).search([
                ('transfer_request_id', '!=', False),
                ('state', 'in', WAITING_TRANSFER_STATES)]).mapped('name')
        if user.has_group('base.group_portal'):
            work += self.env['sales.aftersales.case'].sudo(user).search([
                ('state', 'not in', CLOSED_CASE_STATES)]).mapped('name')
        return work

    def test_every_demo_user_has_work_waiting(self):
        idle = [user.login for user in self.demo_users if not self.work_waiting(user)]
        self.assertEqual(idle, [], 'demo users with nothing to do')
        # the roles' own work, not only to-dos: approvals and the warehouse's transfer order
        self.assertTrue(any(re.search(r'WH/RT/', name) for name in self.work_waiting(
            self.env.ref('sales_process.user_warehouse'))))
        self.assertTrue(self.env['mail.activity'].search([
            ('user_id', '=', self.env.ref('sales_process.user_general_manager').id),
            ('activity_type_id', '=', self.env.ref(
                'sales_process.mail_activity_type_approval').id)]))

    def test_head_office_reserves_on_its_shelves(self):
        # the approved request's transfer order waits in head office's warehouse, its goods
        # reserved on the shelves, none at WH/Stock itself: Odoo's own test of stock
        # (test_robustness.test_location_usage) changes WH/Stock's use, which Odoo refuses
        # while goods are reserved there
        waiting = self.env['stock.picking'].search([
            ('transfer_request_id', '!=', False), ('state', '=', 'assigned')])
        self.assertTrue(waiting, 'a transfer order ready in the warehouse')
        shelves = self.env.ref('sales_process.location_head_office_shelves')
        self.assertEqual(waiting.mapped('move_line_ids.location_id'), shelves)
        self.assertFalse(self.env['stock.move.line'].search([
            ('location_id', '=', self.env.ref('stock.stock_location_stock').id),
            ('product_qty', '>', 0)]))
