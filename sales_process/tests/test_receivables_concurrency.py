"""The daily collection check running on two servers at once (two database connections): each
overdue invoice gets one collection activity.

These tests commit: the second connection must see the invoice. They make their own invoice in
a committed transaction and remove it afterwards."""
from odoo import SUPERUSER_ID, api

from .common import TwoServersCase

COLLECTION = 'sales_process.mail_activity_type_collection'
TODAY = '2026-12-06'


class TestCollectionConcurrency(TwoServersCase):

    def setUp(self):
        super(TestCollectionConcurrency, self).setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref('base.main_company')
            revenue = env['account.account'].search([
                ('company_id', '=', company.id),
                ('user_type_id', '=', env.ref('account.data_account_type_revenue').id)], limit=1)
            self.user_id = env['res.users'].create({
                'name': 'sp_cc_collector', 'login': self.unique_name('sp_cc_collector'),
                'groups_id': [(6, 0, [env.ref('sales_process.group_salesperson').id])]}).id
            partner = env['res.partner'].create({'name': 'Concurrency Customer', 'customer': True})
            invoice = env['account.invoice'].create({
                'partner_id': partner.id, 'user_id': self.user_id, 'type': 'out_invoice',
                'date_invoice': '2026-10-01', 'date_due': '2026-11-01',
                'invoice_line_ids': [(0, 0, {'name': 'Kettles', 'quantity': 1, 'price_unit': 500,
                                             'account_id': revenue.id,
                                             'invoice_line_tax_ids': [(6, 0, [])]})]})
            invoice.action_invoice_open()
            self.invoice_id, self.move_id, self.partner_id = invoice.id, invoice.move_id.id, partner.id

    def tearDown(self):
        super(TestCollectionConcurrency, self).tearDown()
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM mail_activity WHERE res_model = 'account.invoice' "
                       "AND res_id = %s", (self.invoice_id,))
            cr.execute("DELETE FROM account_move_line WHERE move_id = %s", (self.move_id,))
            cr.execute("DELETE FROM account_invoice WHERE id = %s", (self.invoice_id,))
            cr.execute("DELETE FROM account_move WHERE id = %s", (self.move_id,))
            env = api.Environment(cr, SUPERUSER_ID, {})
            env['res.users'].browse(self.user_id).write({'active': False})
            env['res.partner'].browse(self.partner_id).write({'active': False})

    def activities(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            return env['mail.activity'].search([
                ('res_model', '=', 'account.invoice'), ('res_id', '=', self.invoice_id),
                ('activity_type_id', '=', env.ref(COLLECTION).id)]).mapped('user_id').ids

    def check(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {})[
            'account.invoice']._schedule_collection_activities(TODAY).ids

    def test_at_the_same_moment(self):
        with self.two_connections() as (cr_a, cr_b):
            self.assertIn(self.invoice_id, self.check(cr_a))  # not committed yet
            # the other server skips the invoice being claimed, without waiting
            self.assertNotIn(self.invoice_id, self.check(cr_b))
            cr_a.commit()
            cr_b.commit()
        self.assertEqual(self.activities(), [self.user_id])

    def test_one_after_the_other(self):
        with self.two_connections() as (cr_a, cr_b):
            self.assertIn(self.invoice_id, self.check(cr_a))
            cr_a.commit()
            self.assertNotIn(self.invoice_id, self.check(cr_b))
            cr_b.commit()
        self.assertEqual(self.activities(), [self.user_id])
