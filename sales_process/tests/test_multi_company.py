"""Multi-company: two companies side by side, each with its own regions, warehouses, approval
steps, role users and documents of every process, made by its own users through the buttons'
methods. Every model of the module (read from ir.model, so that a new model fails the coverage
test until it says how its records keep to their company) is checked for every role user of
each company: the other company's records are not found (search, read_group), not read, not
written, not deleted; every action_* button and wizard on them is refused, or changes and shows
nothing of that company; the dashboard counts none of them; a user allowed in both companies
works in one at a time, the one chosen as their current company (res.users.company_id in Odoo
11), My Approvals included.

Company A is the database's main company (the demo's data stays there: searches are limited to
the test's records where they count); company B is made here, with its chart of accounts, in
USD, and is no child of A (a parent company sees its children's records in Odoo, by design)."""
import functools
import inspect
from datetime import date, timedelta
from types import SimpleNamespace

import psycopg2

from odoo import fields
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.tests.common import SavepointCase

from .common import ROLE_GROUPS

# Every model of the module, and how its records keep to a company. A model missing here fails
# test_every_model_is_covered.
#
# stored models: the field (path) holding each record's company
RECORDS = {
    # the documents and their lines
    'sales.strategy': 'company_id',
    'sales.plan': 'company_id',
    'sales.plan.line': 'company_id',
    'sales.budget.line': 'company_id',
    'sales.demand': 'company_id',
    'stock.transfer.request': 'company_id',
    'stock.transfer.request.line': 'company_id',
    'sales.promotion': 'company_id',
    'sales.promotion.line': 'company_id',
    'sales.promotion.cost': 'company_id',
    'sales.promotion.material': 'company_id',
    'sales.promotion.staff': 'company_id',
    'sales.promotion.task': 'company_id',
    'sales.promotion.report': 'company_id',
    'sales.promotion.incident': 'company_id',
    'sales.promotion.evaluation': 'company_id',
    'sales.aftersales.case': 'company_id',
    'sales.aftersales.case.line': 'company_id',
    'sales.aftersales.alert': 'company_id',
    'sales.market.survey': 'company_id',
    'sales.market.survey.line': 'company_id',
    'sales.payment.promise': 'company_id',
    'sales.appraisal': 'company_id',
    'sales.appraisal.scoring': 'company_id',
    # the approval engine: the company's own chain, and the history of its documents
    'sales.approval.step': 'company_id',
    'sales.approval.history': 'company_id',
    # the reports (SQL views)
    'sales.stock.check': 'company_id',
    'sales.plan.analysis': 'company_id',
    'sales.budget.analysis': 'company_id',
    'sales.promotion.analysis': 'company_id',
    'sales.aftersales.defect.report': 'company_id',
    'sales.aftersales.case.report': 'company_id',
    'sales.receivable.report': 'company_id',
    'sales.receivable.collection.report': 'company_id',
    'sales.market.survey.analysis': 'company_id',
}
# Configuration every company shares on purpose (no company of its own), and why
SHARED = {
    'sales.aftersales.root.cause': "a classification of defects (manufacturing, transport...), "
                                   "the same words in every company",
    'sales.process.dashboard.tile': "the dashboard's counters, each counting the current "
                                    "user's own records (checked below: B's are not counted)",
}
# Transient models (the buttons' wizards): the test that shows each refuses the other company's
# records, or why it needs none
WIZARDS = {
    'sales.approval.decision.wizard': 'test_wizards_refuse_the_other_company',
    'sales.aftersales.decision.wizard': 'test_wizards_refuse_the_other_company',
    'sales.plan.refuse.wizard': 'test_wizards_refuse_the_other_company',
    'sales.plan.decompose.wizard': 'test_wizards_refuse_the_other_company',
    'sales.plan.decompose.preview': 'test_wizards_refuse_the_other_company',
    'sales.promotion.close.wizard': 'test_wizards_refuse_the_other_company',
    'sales.demand.transfer.wizard': 'test_wizards_refuse_the_other_company',
    'sales.appraisal.generate': 'test_wizards_refuse_the_other_company',
    'stock.transfer.request.propose': 'test_wizards_refuse_the_other_company',
}
# Models without records of their own (abstract layers, measures, demo builders, a printed
# report's renderer): what they compute is checked through the documents and reports above
ABSTRACT = {
    'sales.process.document', 'sales.region.mixin', 'sales.approval.mixin',
    'sales.process.sql.view', 'sales.promotion.child', 'sales.achievement',
    'sales.promotion.measure', 'sales.budget.measure', 'sales.aftersales.measure',
    'sales.receivable.measure', 'sales.appraisal.measure', 'sales.receivable.item.view',
    'report.sales_process.report_sales_statistics',
    'sales.process.demo', 'sales.plan.demo', 'sales.promotion.demo', 'sales.budget.demo',
    'sales.aftersales.demo', 'sales.aftersales.portal.demo', 'sales.market.survey.demo',
    'sales.receivable.demo', 'sales.appraisal.demo', 'stock.transfer.request.demo',
    'mail.thread',  # Odoo's chatter layer, extended (models/mail_thread.py)
}
# Odoo's models the module extends: Odoo's own company rules keep them (and the module's where
# it adds what Odoo 11 does not keep: the strategy's meetings); checked as above on the records
# the module and the fixture make in them
STANDARD = {
    'stock.picking': 'company_id',
    'stock.move': 'company_id',
    'stock.move.line': 'move_id.company_id',
    'sale.order': 'company_id',
    'sale.order.line': 'company_id',
    'account.invoice': 'company_id',
    'account.invoice.line': 'company_id',
    'account.budget.post': 'company_id',
    'crm.team': 'company_id',
    'stock.warehouse': 'company_id',
    'calendar.event': 'sales_strategy_id.company_id',
    'res.users': 'company_id',
    'res.company': 'id',
    'mail.activity': None,  # no company: the activities of the company's documents
}
# Odoo's models the module extends whose records have no company in Odoo 11, and why it is so
STANDARD_SHARED = {
    'res.partner': "Odoo 11 shares partners between companies by default (its company rule, "
                   "base.res_partner_rule, is inactive): a database that keeps its companies' "
                   "customers apart activates it; the module adds no company of its own",
    'product.product': "Odoo 11 shares products between companies by default (its company rule, "
                       "product.product_comp_rule, is inactive), as for partners",
    'procurement.group': "the scheduler's grouping of moves (the moves keep their company); the "
                         "module only narrows which reordering rules the scheduler reads",
    'ir.actions.report': "the report definitions (the module names the downloaded files)",
    'res.config.settings': "a transient settings screen: the current company's settings",
    'wizard.multi.charts.accounts': "a transient screen of the administrator's, for the "
                                    "company it is run for",
}

YEAR = 2031
ACTIVITY_MODELS = ('mail.activity',)
REGIONAL_ROLES = ('salesperson', 'regional_manager')


def summary(leaks):
    """One line per model and problem, with the users concerned."""
    grouped = {}
    for leak in leaks:
        who, problem = leak.split(' ', 1)
        model, login = who.split('|')
        grouped.setdefault((model, problem), []).append(login)
    lines = ['%s: %s: %s' % (model, problem, ', '.join(sorted(logins)))
             for (model, problem), logins in sorted(grouped.items())]
    return '\n' + '\n'.join(lines)


def refuses(call, errors):
    """Whether `call()` raises one of `errors`."""
    try:
        call()
    except errors:
        return True
    return False


class Done(Exception):
    """Raised in a savepoint after an operation that should have been refused, to undo it."""


class TestMultiCompany(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(TestMultiCompany, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, mail_create_nosubscribe=True,
                                       no_reset_password=True, tracking_disable=False))
        company_a = cls.env.ref('base.main_company')
        company_b = cls.env['res.company'].create({
            'name': 'Multi-company Test B Inc.', 'currency_id': cls.env.ref('base.USD').id})
        cls._load_chart(company_b, company_a.chart_template_id)
        cls.a = cls._world(company_a, 'a')
        cls.b = cls._world(company_b, 'b')
        # a user allowed in both companies: the sales director of each, working in A
        cls.both = cls.env['res.users'].create({
            'name': 'Both Companies Director', 'login': 'sp_mc_both',
            'email': 'sp_mc_both@example.com',
            'company_id': company_a.id, 'company_ids': [(6, 0, [company_a.id, company_b.id])],
            'groups_id': [(6, 0, [cls.env.ref('base.group_user').id,
                                  cls.env.ref(ROLE_GROUPS['sales_director']).id])]})
        cls._company_steps()
        for world in (cls.a, cls.b):
            cls._documents(world)
        cls.env['account.invoice']._schedule_collection_activities()
        cls.env['sales.aftersales.alert']._raise_repeat_defects()
        for world in (cls.a, cls.b):
            world.records = {model: cls._records_of(model, path, world)
                             for model, path in dict(RECORDS, **STANDARD).items() if path}
            world.records['mail.activity'] = cls.env['mail.activity'].search([
                '|', ('res_model', 'in', list(RECORDS)), ('res_model', 'in', list(STANDARD))]
            ).filtered(lambda activity, world=world: cls.env[activity.res_model].browse(
                activity.res_id) in world.records.get(activity.res_model, ()))

    # The fixture ------------------------------------------------------------------------------

    @classmethod
    def _load_chart(cls, company, template):
        """The company's chart of accounts, as the accountant installs it (Settings)."""
        wizard = cls.env['wizard.multi.charts.accounts'].create({
            'company_id': company.id, 'chart_template_id': template.id,
            'code_digits': template.code_digits,
            'transfer_account_id': template.transfer_account_id.id,
            'currency_id': company.currency_id.id,
            'bank_account_code_prefix': template.bank_account_code_prefix,
            'cash_account_code_prefix': template.cash_account_code_prefix})
        wizard.onchange_chart_template_id()
        wizard.execute()

    @classmethod
    def _user(cls, world, role, region=None):
        login = 'sp_mc_%s_%s' % (world.tag, role)
        return cls.env['res.users'].create({
            'name': login.replace('_', ' ').title(), 'login': login,
            'email': '%s@example.com' % login,
            'company_id': world.company.id, 'company_ids': [(6, 0, world.company.ids)],
            'sale_team_id': region.id if region else False,
            'groups_id': [(6, 0, [cls.env.ref('base.group_user').id,
                                  cls.env.ref(ROLE_GROUPS[role]).id])]})

    @classmethod
    def _world(cls, company, tag):
        """A company's regions, warehouses, role users, products and customers."""
        world = SimpleNamespace(company=company, tag=tag)
        env = cls.env
        world.warehouse = env['stock.warehouse'].create({
            'name': 'MC %s Region Warehouse' % tag.upper(), 'code': 'MC%s' % tag.upper(),
            'company_id': company.id})
        world.region = env['crm.team'].create({
            'name': 'MC Region %s' % tag.upper(), 'region_code': 'MC%s' % tag.upper(),
            'warehouse_id': world.warehouse.id, 'company_id': company.id})
        world.users = {role: cls._user(world, role, world.region if role in REGIONAL_ROLES
                                       else None) for role in ROLE_GROUPS}
        world.region.user_id = world.users['regional_manager']
        world.head_office = env['stock.warehouse'].search(
            [('company_id', '=', company.id), ('id', '!=', world.warehouse.id)], limit=1,
            order='id')
        unit = env.ref('product.product_uom_unit')
        world.kettle = env['product.product'].create({
            'name': 'MC %s Kettle' % tag.upper(), 'type': 'product', 'uom_id': unit.id,
            'uom_po_id': unit.id, 'list_price': 100.0, 'standard_price': 40.0,
            'invoice_policy': 'order', 'company_id': company.id})
        world.customer = env['res.partner'].create({
            'name': 'MC %s Customer' % tag.upper(), 'customer': True, 'is_company': True,
            'team_id': world.region.id, 'company_id': company.id})
        world.rival = env['res.partner'].create({
            'name': 'MC %s Rival' % tag.upper(), 'is_company': True, 'is_competitor': True,
            'company_id': company.id})
        Quant = env['stock.quant']
        for warehouse in (world.warehouse, world.head_office):
            Quant._update_available_quantity(world.kettle, warehouse.lot_stock_id, 100)
        env['stock.warehouse.orderpoint'].create({
            'product_id': world.kettle.id, 'warehouse_id': world.warehouse.id,
            'location_id': world.warehouse.lot_stock_id.id, 'product_min_qty': 150,
            'product_max_qty': 300, 'company_id': company.id})
        env['account.budget.post']._setup_sales_expense_kinds()
        world.kinds = env['account.budget.post'].search(
            [('company_id', '=', company.id), ('sales_expense_kind', '!=', False)])
        return world

    @classmethod
    def _company_steps(cls):
        """Each company its own chain: B's sales director makes B's steps like the installed
        ones, then the administrator gives the installed steps to A."""
        Step = cls.env['sales.approval.step']
        # the steps of loaded models: under Odoo's runner this runs while the module loads,
        # before the test addon, whose documents' steps are in the database already
        shared = Step.search([('company_id', '=', False)]).filtered(
            lambda step: step.model in cls.env.registry)
        director_b = cls.b.users['sales_director']
        for step in shared:
            copy = step.sudo(director_b).copy({'name': step.name})
            assert copy.company_id == cls.b.company, 'a step made by B is B\'s'
        shared.write({'company_id': cls.a.company.id})

    @classmethod
    def _approve(cls, document, user):
        document.sudo(user).with_context(
            approval_expected_step_id=document.approval_step_id.id).action_approval_approve()

    @classmethod
    def _documents(cls, world):
        """A document of every process, made by the company's own users through the buttons'
        methods (the approvals too: the company's own steps and approvers)."""
        env, users, region = cls.env, world.users, world.region
        seller, manager = users['salesperson'], users['regional_manager']
        gm, director, hq = users['general_manager'], users['sales_director'], users['sales_hq']
        assistant, marketing = users['marketing_assistant'], users['marketing_manager']
        # plans: the strategy, a plan with its targets and expense budget, approved
        world.strategy = env['sales.strategy'].sudo(gm).create({
            'name': 'MC %s %d' % (world.tag, YEAR), 'year': YEAR, 'total_target': 100000})
        action = world.strategy.sudo(gm).action_schedule_meeting()
        env['calendar.event'].sudo(gm).with_context(**action['context']).create({
            'start': '%d-01-05 02:00:00' % YEAR, 'stop': '%d-01-05 04:00:00' % YEAR,
            'minutes': '<p>Target 100,000.</p>'})
        world.plan = env['sales.plan'].sudo(seller).create({
            'region_id': region.id, 'period_type': 'year',
            'date_start': '%d-01-01' % YEAR, 'date_end': '%d-12-31' % YEAR,
            'line_ids': [(0, 0, {'region_id': region.id, 'user_id': seller.id,
                                 'target_amount': 12000.0, 'target_qty': 120.0})],
            'budget_line_ids': [(0, 0, {'kind_id': world.kinds[0].id,
                                        'amount_planned': 5000.0})]})
        world.plan.sudo(seller).action_approval_submit()
        cls._approve(world.plan, assistant)
        cls._approve(world.plan, gm)
        # stock transfer: demand, and a request approved by the region then head office
        world.demand = env['sales.demand'].sudo(seller).create(
            {'product_id': world.kettle.id, 'product_qty': 5, 'region_id': region.id})
        world.request = env['stock.transfer.request'].sudo(seller).create({
            'region_id': region.id,
            'line_ids': [(0, 0, {'product_id': world.kettle.id, 'product_qty': 20})]})
        world.request.sudo(seller).action_approval_submit()
        cls._approve(world.request, manager)
        cls._approve(world.request, hq)
        # a promotion, approved, run (a report, an incident), ended and evaluated
        today = fields.Date.to_string(date.today())
        start = fields.Date.to_string(date.today() - timedelta(days=2))
        end = fields.Date.to_string(date.today() + timedelta(days=2))
        world.promotion = env['sales.promotion'].sudo(assistant).create({
            'name': 'MC %s Festival' % world.tag.upper(), 'date_start': start,
            'date_end': end, 'region_ids': [(6, 0, region.ids)], 'user_id': assistant.id,
            'helper_id': seller.id, 'expected_amount': 5000,
            'line_ids': [(0, 0, {'product_id': world.kettle.id, 'discount': 10})],
            'cost_line_ids': [(0, 0, {'kind': 'venue', 'amount_planned': 100,
                                      'amount_actual': 100})],
            'material_line_ids': [(0, 0, {'name': 'Posters', 'quantity': 10, 'unit_cost': 2,
                                          'user_id': marketing.id})],
            'staff_ids': [(0, 0, {'user_id': manager.id, 'task': 'Booth'})],
            'task_ids': [(0, 0, {'name': 'Brief the hotline',
                                 'user_id': users['customer_service'].id,
                                 'date_deadline': today})]})
        world.promotion.sudo(assistant).action_approval_submit()
        cls._approve(world.promotion, director)
        cls._approve(world.promotion, gm)
        world.promotion.sudo(assistant).action_start()
        env['sales.promotion.incident'].sudo(seller).create(
            {'promotion_id': world.promotion.id, 'name': 'Posters late', 'severity': 'minor'})
        world.promotion.sudo(assistant).action_end()
        env['sales.promotion.report'].sudo(seller).create(
            {'promotion_id': world.promotion.id, 'text': 'Busy booth.'})
        evaluation = env['sales.promotion.evaluation'].browse(
            world.promotion.sudo(assistant).action_evaluation()['res_id'])
        evaluation.sudo(assistant).write({'conclusions': 'Worth repeating.'})
        evaluation.sudo(assistant).action_approval_submit()
        # exchanges and returns: a delivered order, two cases of the same defect (an alert)
        order = env['sale.order'].sudo(seller).create({
            'partner_id': world.customer.id, 'team_id': region.id,
            'warehouse_id': world.warehouse.id, 'user_id': seller.id,
            'date_order': '%d-01-10 02:00:00' % YEAR,
            'order_line': [(0, 0, {'product_id': world.kettle.id, 'product_uom_qty': 10,
                                   'price_unit': 100.0})]})
        order.sudo(seller).action_confirm()
        for picking in order.picking_ids:
            picking.action_assign()
            for move_line in picking.move_line_ids:
                move_line.qty_done = move_line.product_uom_qty
            picking.action_done()
        world.order = order
        world.cases = env['sales.aftersales.case']
        for _number in range(2):
            case = env['sales.aftersales.case'].sudo(seller).create({
                'partner_id': world.customer.id, 'sale_order_id': order.id,
                'description': 'The lid does not close.',
                'line_ids': [(0, 0, {'product_id': world.kettle.id, 'quantity': 1})]})
            case.action_report()
            assessed = case.sudo(users['quality'])
            assessed.write({'root_cause_id': env.ref('sales_process.root_cause_manufacturing').id,
                            'assessment_analysis': 'Hinge loose.', 'corrective_action': 'Fix.',
                            'preventive_action': 'Check.', 'proposed_solution': 'Return.'})
            assessed.action_assess()
            world.cases |= case
        # receivables: the order invoiced, overdue, with a promise to pay
        invoice = env['account.invoice'].browse(order.action_invoice_create())
        invoice.write({'date_invoice': '2025-01-15', 'date_due': '2025-02-15'})
        invoice.action_invoice_open()
        world.invoice = invoice
        world.promise = env['sales.payment.promise'].sudo(seller).create({
            'invoice_id': invoice.id, 'date': '%d-12-20' % (YEAR + 5), 'amount': 100,
            'note': 'After the holiday.'})
        # a market survey, reviewed
        world.survey = env['sales.market.survey'].sudo(seller).create({
            'region_id': region.id, 'date': '%d-10-15' % YEAR,
            'date_from': '%d-10-01' % YEAR, 'date_to': '%d-10-31' % YEAR,
            'summary': 'The rival undercuts us.',
            'line_ids': [(0, 0, {'kind': 'own', 'product_id': world.kettle.id, 'price': 100.0,
                                 'volume': 50, 'channel': 'retail'}),
                         (0, 0, {'kind': 'competitor', 'competitor_id': world.rival.id,
                                 'competitor_product': 'RK-1', 'product_id': world.kettle.id,
                                 'price': 90.0, 'volume': 80, 'channel': 'retail'})]})
        world.survey.sudo(seller).action_approval_submit()
        world.survey.sudo(marketing).action_review()
        # an appraisal of last year, generated by head office, rated and submitted
        wizard = env['sales.appraisal.generate'].sudo(hq).create({
            'period_type': 'year', 'year': 2025, 'region_ids': [(6, 0, region.ids)]})
        world.appraisal = env['sales.appraisal'].search(wizard.action_generate()['domain'])
        appraisal = world.appraisal.sudo(manager)
        appraisal.write({'rating': 'B', 'manager_comments': 'Steady year.'})
        appraisal.action_approval_submit()

    @classmethod
    def _records_of(cls, model, path, world):
        """The records of `model` in the world's company that the test made (the demo's are in
        company A too: records of the test's regions, users and documents only)."""
        Model = cls.env[model].sudo().with_context(active_test=False)
        records = Model.search([(path, '=', world.company.id)])
        if world.tag == 'a':
            records = records.filtered(lambda record: cls._made_here(record, world))
        return records

    @classmethod
    def _made_here(cls, record, world):
        if record._name in ('sales.approval.step', 'sales.appraisal.scoring',
                            'sales.aftersales.alert', 'account.budget.post'):
            return True  # the company's own (A's: given to it by the fixture)
        ours = {'crm.team': world.region, 'stock.warehouse': world.warehouse,
                'sales.strategy': world.strategy, 'res.company': world.company,
                'sales.promotion': world.promotion, 'sales.plan': world.plan,
                'stock.transfer.request': world.request, 'sale.order': world.order,
                'sales.aftersales.case': world.cases, 'sales.market.survey': world.survey,
                'account.invoice': world.invoice,
                'product.product': world.kettle, 'res.partner': world.customer,
                'res.users': cls.env['res.users'].concat(*world.users.values())}
        if record in ours.get(record._name, record.browse()):
            return True
        for name in ('region_id', 'region_ids', 'user_id', 'author_id', 'team_id',
                     'warehouse_id', 'product_id', 'partner_id', 'sales_strategy_id',
                     'promotion_id', 'plan_id', 'request_id', 'case_id', 'survey_id',
                     'invoice_id', 'order_id', 'move_id', 'picking_id'):
            value = record[name] if name in record._fields else None
            if value is not None and value._name in ours and value & ours[value._name]:
                return True
        return False

    # Helpers ----------------------------------------------------------------------------------

    def other(self, world):
        return self.b if world is self.a else self.a

    def found(self, user, model, domain):
        """What `user` finds of `model` with `domain` (nothing when the model is not theirs)."""
        Model = self.env[model].sudo(user).with_context(active_test=False)
        if not Model.check_access_rights('read', raise_exception=False):
            return Model.browse()
        try:
            return Model.search(domain)
        except AccessError:  # the domain's path crosses a model that is not theirs
            return Model.browse()

    # The tests --------------------------------------------------------------------------------

    def test_every_model_is_covered(self):
        names = set(self.env['ir.model'].browse(self.env['ir.model.data'].search([
            ('module', '=', 'sales_process'), ('model', '=', 'ir.model')]).mapped('res_id'))
            .mapped('model'))
        covered = (set(RECORDS) | set(SHARED) | set(WIZARDS) | ABSTRACT | set(STANDARD)
                   | set(STANDARD_SHARED))
        self.assertFalse(names - covered, 'models of the module this test does not cover')
        for model in RECORDS:
            for world in (self.a, self.b):
                self.assertTrue(world.records[model], 'the fixture makes %s in company %s'
                                % (model, world.tag.upper()))
        for model in SHARED:
            self.assertNotIn('company_id', self.env[model]._fields, model)

    def test_documents_made_with_the_company_own_steps_and_approvers(self):
        for world in (self.a, self.b):
            history = world.records['sales.approval.history']
            self.assertTrue(history)
            self.assertEqual(history.mapped('company_id'), world.company)
            users = self.env['res.users'].concat(*world.users.values())
            self.assertFalse(history.mapped('user_id') - users, 'decided by the company\'s users')
            steps = history.mapped('step_id')
            self.assertEqual(steps.mapped('company_id'), world.company,
                             'the company\'s own approval steps')
            activities = self.env['mail.activity'].search([
                ('res_model', 'in', list(RECORDS)), ('user_id', 'in', users.ids)])
            self.assertTrue(activities)
            for activity in self.env['mail.activity'].search([('user_id', 'in', users.ids)]):
                document = self.env[activity.res_model].browse(activity.res_id)
                if 'company_id' in document._fields:
                    self.assertEqual(document.company_id, world.company, activity.summary)
            self.assertEqual(world.request.picking_ids.mapped('company_id'), world.company)
            self.assertEqual(world.plan.state, 'approved')
            self.assertEqual(world.request.state, 'transfer')

    def test_the_other_company_sees_and_touches_nothing(self):
        leaks = []
        for world in (self.a, self.b):
            outsiders = list(self.other(world).users.values())
            for model, records in sorted(world.records.items()):
                path = dict(RECORDS, **STANDARD)[model]
                for user in outsiders:
                    leaks += self._check_hidden(user, model, path, world, records)
        self.assertFalse(leaks, summary(leaks))

    def _check_hidden(self, user, model, path, world, records):
        leaks = []
        who = '%s|%s' % (model, user.login)
        # the user allowed in both companies is one of each company's users
        domain = [(path, '=', world.company.id), ('id', '!=', self.both.id)]
        if path and self.found(user, model, domain if model == 'res.users' else domain[:1]):
            leaks.append('%s finds the other company\'s records' % who)
        if self.found(user, model, [('id', 'in', records.ids)]):
            leaks.append('%s finds them by id' % who)
        Model = self.env[model].sudo(user)
        if Model.check_access_rights('read', raise_exception=False):
            groups = Model.read_group([('id', 'in', records.ids)], ['id'], [])
            if groups and groups[0].get('__count', groups[0].get('id_count')):
                leaks.append('%s counts them in a report' % who)
        record = records[:1].sudo(user)
        if not refuses(lambda: record.read(['display_name']), AccessError):
            leaks.append('%s reads one' % who)
        for operation in ('write', 'unlink'):
            # calendar.event: another company's meeting is missing for the user
            if not refuses(lambda operation=operation: (
                    record.check_access_rights(operation), record.check_access_rule(operation)),
                    (AccessError, MissingError)):
                leaks.append('%s may %s one' % (who, operation))
        deleted = self.deleted(record)
        if deleted:
            leaks.append('%s %s' % (who, deleted))
        return leaks

    def deleted(self, record):
        """Whether deleting `record` went through (rolled back), or only a database constraint
        stopped it; None when it was refused."""
        try:
            with self.env.cr.savepoint():
                record.unlink()
                raise Done()  # rolls the deletion back
        except Done:
            return 'deleted one'
        except (AccessError, MissingError, UserError, ValidationError):
            return None
        except psycopg2.Error:
            return 'deletes one (stopped by a database constraint only)'

    def footprint(self, company):
        """The company's records as they are (a checksum of every row of the module's tables in
        the company, and of the chatter and activities on them): an action that did not raise
        must leave it as it was."""
        prints = {}
        for model, path in sorted(RECORDS.items()):
            table = self.env[model]._table
            if self.env[model]._auto is False:
                continue
            # pylint: disable=sql-injection  # the module's own table names
            self.env.cr.execute(
                'SELECT count(*), md5(string_agg(t::text, \',\' ORDER BY t.id)) FROM "%s" t '
                'WHERE t.company_id = %%s' % table, (company.id,))
            prints[model] = self.env.cr.fetchone()
            self.env.cr.execute(
                'SELECT (SELECT count(*) FROM mail_message WHERE model = %%s AND res_id IN '
                '(SELECT id FROM "%s" WHERE company_id = %%s)), '
                '(SELECT count(*) FROM mail_activity WHERE res_model = %%s AND res_id IN '
                '(SELECT id FROM "%s" WHERE company_id = %%s))' % (table, table),
                (model, company.id, model, company.id))
            prints[model + ' chatter'] = self.env.cr.fetchone()
        return prints

    def shows_the_other_company(self, result, user, world):
        """Whether the window an action returns lists records of `world`'s company."""
        if not isinstance(result, dict) or not result.get('res_model'):
            return False
        Model = self.env[result['res_model']].sudo(user)
        if 'company_id' not in Model._fields or result.get('target') == 'new':
            return False
        domain = [('id', '=', result['res_id'])] if result.get('res_id') else (
            result.get('domain') or [])
        if isinstance(domain, str):
            return False  # evaluated in the browser: its records are searched as the user
        return bool(self.found(user, result['res_model'],
                               list(domain) + [('company_id', '=', world.company.id)]))

    def attempt(self, world, user, call):
        """`call()` as `user` on `world`'s records: refused (an error, nothing written), or
        harmless (nothing of `world`'s company changed, nothing of it shown). Returns the
        problem, if any."""
        refused = (AccessError, MissingError, UserError, ValidationError)
        before = self.footprint(world.company)
        try:
            with self.env.cr.savepoint():
                result = call()
                changed = self.footprint(world.company) != before
                shown = self.shows_the_other_company(result, user, world)
                raise Done(changed, shown)
        except refused:
            return None
        except Done as done:
            changed, shown = done.args
            return ('changes the other company\'s records' if changed
                    else 'shows the other company\'s records' if shown else None)

    def test_the_other_company_buttons_refuse(self):
        leaks = []
        for world in (self.a, self.b):
            for model, records in sorted(world.records.items()):
                if model in STANDARD or not records or self.env[model]._auto is False:
                    continue
                for name in sorted(dir(type(self.env[model]))):
                    method = getattr(type(self.env[model]), name, None)
                    if not name.startswith('action_') or not callable(method):
                        continue
                    params = [p for p in list(inspect.signature(method).parameters.values())[1:]
                              if p.default is inspect.Parameter.empty]
                    args = ['Multi-company test'] * len(params)
                    for user in self.other(world).users.values():
                        record = records[:1].sudo(user)
                        problem = self.attempt(world, user, lambda record=record, name=name,
                                               args=args: getattr(record, name)(*args))
                        if problem:
                            leaks.append('%s.%s|%s %s' % (model, name, user.login, problem))
        self.assertFalse(leaks, summary(leaks))

    def run_wizard(self, user, model, values, action):
        return getattr(self.env[model].sudo(user).create(values), action)()

    def test_wizards_refuse_the_other_company(self):
        leaks = []
        for world in (self.a, self.b):
            other = self.other(world)
            for user in other.users.values():
                attempts = [
                    ('sales.approval.decision.wizard',
                     {'res_model': 'sales.promotion.evaluation',
                      'res_id': world.records['sales.promotion.evaluation'][:1].id},
                     'action_confirm'),
                    ('sales.aftersales.decision.wizard',
                     {'case_id': world.cases[:1].id, 'decision': 'return'}, 'action_confirm'),
                    ('sales.plan.refuse.wizard', {'plan_id': world.plan.id, 'reason': 'No.'},
                     'action_refuse'),
                    ('sales.plan.decompose.wizard', {'plan_id': world.plan.id},
                     'action_decompose'),
                    ('sales.promotion.close.wizard',
                     {'promotion_id': world.promotion.id, 'reason': 'Closed.'}, 'action_close'),
                    ('sales.demand.transfer.wizard',
                     {'demand_ids': [(6, 0, world.demand.ids)]}, 'action_create_requests'),
                    ('sales.appraisal.generate',
                     {'period_type': 'year', 'year': 2024,
                      'region_ids': [(6, 0, world.region.ids)]}, 'action_generate'),
                    ('stock.transfer.request.propose', {}, 'action_propose'),
                ]
                for model, values, action in attempts:
                    problem = self.attempt(world, user, functools.partial(
                        self.run_wizard, user, model, values, action))
                    if problem:
                        leaks.append('%s.%s|%s %s' % (model, action, user.login, problem))
                # the proposals count the user's own company's stock only
                propose = self.env['stock.transfer.request.propose'].sudo(user)
                if propose.check_access_rights('create', raise_exception=False):
                    self.assertFalse(propose.create({}).region_ids & world.region, user.login)
                # the decomposition's preview lines follow their wizard
                self.assertFalse(self.env['sales.plan.decompose.preview'].sudo(user).search(
                    [('region_id', '=', world.region.id)]), user.login)
        self.assertFalse(leaks, summary(leaks))

    def test_the_dashboard_counts_the_own_company_only(self):
        for world in (self.a, self.b):
            for user in self.other(world).users.values():
                tiles = self.env['sales.process.dashboard.tile'].sudo(user).search(
                    [('visible', '=', True)])
                self.assertTrue(tiles, user.login)
                for tile in tiles:
                    action = tile.action_open()
                    listed = self.env[action['res_model']].sudo(user).search(action['domain'])
                    if listed._name == 'mail.activity':
                        listed = self.env['res.company'].concat(*[
                            self.env[activity.res_model].browse(activity.res_id).company_id
                            for activity in listed.sudo()])
                    elif 'company_id' in listed._fields:
                        listed = listed.sudo().mapped('company_id')
                    else:
                        continue
                    self.assertNotIn(world.company, listed, '%s: %s' % (user.login, tile.name))

    def test_the_user_of_both_companies_works_in_one_at_a_time(self):
        both = self.both.sudo(self.both)
        for current, other in ((self.a, self.b), (self.b, self.a)):
            both.write({'company_id': current.company.id})
            self.assertEqual(self.both.company_id, current.company)
            for model in RECORDS:
                path = RECORDS[model]
                records = current.records[model]
                Model = self.env[model].sudo(self.both)
                if not Model.check_access_rights('read', raise_exception=False):
                    continue
                self.assertFalse(self.found(self.both, model, [(path, '=', other.company.id)]),
                                 '%s of company %s seen while working in %s' % (
                                     model, other.tag.upper(), current.tag.upper()))
                self.assertEqual(Model.search([('id', 'in', records.ids)]), records,
                                 '%s of the current company %s' % (model, current.tag))
            # a document made now belongs to the current company and runs its chain
            promotion = self.env['sales.promotion'].sudo(self.both).create({
                'name': 'MC both', 'date_start': '%d-05-01' % YEAR,
                'date_end': '%d-05-02' % YEAR, 'region_ids': [(6, 0, current.region.ids)],
                'user_id': current.users['marketing_assistant'].id,
                'line_ids': [(0, 0, {'product_id': current.kettle.id, 'discount': 5})]})
            self.assertEqual(promotion.company_id, current.company)
            promotion.action_approval_submit()
            self.assertEqual(promotion.approval_step_id.company_id, current.company)
            asked = self.env['mail.activity'].search([
                ('res_model', '=', 'sales.promotion'), ('res_id', '=', promotion.id)])
            self.assertTrue(asked)
            self.assertFalse(asked.mapped('user_id').filtered(
                lambda user, current=current: current.company not in user.company_ids))
            # My Approvals lists the current company's work only
            Activity = self.env['mail.activity'].sudo(self.both)
            listed = Activity.search(Activity.action_my_sales_approvals()['domain'])
            self.assertTrue(listed)
            for activity in listed:
                document = self.env[activity.res_model].browse(activity.res_id)
                self.assertEqual(document.company_id, current.company, activity.summary)
