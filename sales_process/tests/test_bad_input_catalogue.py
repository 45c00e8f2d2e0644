"""The bad-input catalogue (tests/bad_input_catalogue.py) in the server's process: one test per
entry, as the entry's role, through the methods the forms and buttons call. Each expects its
error (that class exactly, its message) and proves nothing was written: the touched models'
row counts and the acted-on record's values are what they were.

Every failing call runs in a savepoint, as an RPC call is rolled back when it fails.
tests_browser/test_rpc_bad_input.py runs the same table over XML-RPC.
"""
from datetime import date, timedelta

from odoo import exceptions

from .aftersales_common import deliver_order
from .bad_input_catalogue import CATALOGUE, SETUPS, WORLD_KEYS, resolve, watched_fields
from .common import SalesProcessCase


class TestBadInputCatalogue(SalesProcessCase):

    @classmethod
    def setUpClass(cls):
        super(TestBadInputCatalogue, cls).setUpClass()
        Product = cls.env['product.product']
        storable = Product.create({'name': 'Catalogue Kettle', 'type': 'product',
                                   'list_price': 100.0})
        Partner = cls.env['res.partner']
        customer = Partner.create({'name': 'Catalogue Customer', 'customer': True})
        revenue = cls.env['account.account'].search([
            ('company_id', '=', cls.company.id),
            ('user_type_id', '=', cls.env.ref('account.data_account_type_revenue').id)], limit=1)
        Invoice = cls.env['account.invoice']
        invoices = [Invoice.create({
            'partner_id': customer.id, 'type': 'out_invoice', 'team_id': cls.region_a.id,
            'user_id': cls.salesperson.id,
            'invoice_line_ids': [(0, 0, {'name': 'Kettles', 'quantity': 1, 'price_unit': 500.0,
                                         'account_id': revenue.id})]}) for _number in range(2)]
        invoices[0].action_invoice_open()
        Kind = cls.env['account.budget.post']
        Kind._setup_sales_expense_kinds()
        cls.world = {
            'region': cls.region_a.id,
            'other_region': cls.region_b.id,
            'region_warehouse': cls.warehouse_a.id,
            'salesperson': cls.salesperson.id,
            'other_salesperson': cls.salesperson_b.id,
            'warehouse_user': cls.users['warehouse'].id,
            'marketing_assistant': cls.users['marketing_assistant'].id,
            'storable': storable.id,
            'storable2': Product.create({'name': 'Catalogue Fryer', 'type': 'product'}).id,
            'consumable': Product.create({'name': 'Catalogue Posters', 'type': 'consu'}).id,
            'service': Product.create({'name': 'Catalogue Installation', 'type': 'service'}).id,
            'competitor': Partner.create({'name': 'Catalogue Rival', 'is_company': True,
                                          'is_competitor': True}).id,
            'customer': customer.id,
            'delivered_order': deliver_order(cls.env, customer, [(storable, 10, 100.0)],
                                             cls.region_a).id,
            'delivered_product': storable.id,
            'other_customer': Partner.create({'name': 'Catalogue Other Customer',
                                              'customer': True}).id,
            'expense_kind': Kind.search([('company_id', '=', cls.company.id),
                                         ('sales_expense_kind', '!=', False)], limit=1).id,
            'open_invoice': invoices[0].id,
            'draft_invoice': invoices[1].id,
            'future': (date.today() + timedelta(days=30)).isoformat(),
            'scoring': cls.env['sales.appraisal.scoring']._for_company(cls.company.id).id,
            'this_year': date.today().year,
        }
        assert set(cls.world) == set(WORLD_KEYS)

    # What the runner does

    def build(self, name, model):
        if name.startswith('$'):
            return self.env[model].browse(self.world[name[1:]])
        setup = SETUPS[name]
        record = self.env[setup.model].sudo(self.users[setup.role]).create(
            resolve(setup.values, self.world))
        for method in setup.then:
            getattr(record.sudo(self.users[setup.then_role or setup.role]), method)()
        return record

    def counts(self, models):
        return {model: self.env[model].sudo().with_context(active_test=False).search_count([])
                for model in models}

    def values(self, records, fields):
        records.invalidate_cache()
        return records.sudo().read(fields) if fields else []

    def check(self, item):
        user = self.users[item.role]
        record = self.build(item.setup, item.model) if item.setup else None
        acted_on = record[item.target] if item.target else record
        if item.target:
            self.assertTrue(acted_on, 'the setup %s has %s' % (item.setup, item.target))
        fields = watched_fields(item)
        before = (self.counts(item.touched), self.values(acted_on, fields) if record else None)
        with self.assertRaises(Exception) as raised, self.env.cr.savepoint():
            if item.op == 'create':
                self.env[item.model].sudo(user).create(resolve(item.values, self.world))
            elif item.op == 'write':
                acted_on.sudo(user).write(resolve(item.values, self.world))
            else:
                getattr(acted_on.sudo(user), item.method)(*resolve(item.args, self.world))
        error = raised.exception
        self.assertIs(type(error), getattr(exceptions, item.error),
                      '%s: %s' % (item.id, error))
        self.assertRegex(error.name, item.message)
        # what the refused call left in memory is gone with it, as after a failed request
        self.env.clear()
        self.assertEqual((self.counts(item.touched),
                          self.values(acted_on, fields) if record else None), before)

    def test_the_catalogue_covers_every_document(self):
        self.assertGreaterEqual(len(CATALOGUE), 50)
        self.assertEqual(len({item.id for item in CATALOGUE}), len(CATALOGUE))
        self.assertEqual({item.process for item in CATALOGUE}, {
            'plans', 'targets', 'strategies', 'transfers', 'promotions', 'aftersales', 'budgets',
            'receivables', 'surveys', 'appraisals'})
        used = {item.setup for item in CATALOGUE if item.setup}
        self.assertEqual(set(SETUPS) - used, set())


def _catalogue_test(item):
    def test(self):
        self.check(item)
    test.__doc__ = '%s: %s %s refused (%s)' % (item.process, item.model, item.op, item.message)
    return test


for _item in CATALOGUE:
    setattr(TestBadInputCatalogue, 'test_%s' % _item.id, _catalogue_test(_item))
