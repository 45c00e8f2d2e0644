"""The document layer, proven once for every document of the sales process.

Every model inheriting ``sales.process.document`` is walked: each of its workflow fields is
refused on create and on write, for every role (the approver of the current step included), as
an outside client would send them over RPC; nothing is written.
"""
from odoo import fields
from odoo.exceptions import UserError

from .aftersales_common import deliver_order
from .common import SalesProcessCase

REFUSED = 'through its buttons'
# who submits a document for approval, when not the salesperson (marketing writes promotions)
SUBMITTERS = {'sales.promotion': 'marketing_assistant',
              'sales.promotion.evaluation': 'marketing_assistant',
              'sales.appraisal': 'regional_manager'}


class TestWorkflowFields(SalesProcessCase):

    @classmethod
    def setUpClass(cls):
        super(TestWorkflowFields, cls).setUpClass()
        cls.product = cls.env['product.product'].create({
            'name': 'Test Layer Kettle', 'type': 'product', 'standard_price': 10.0})
        cls.documents = {model: getattr(cls, '_make_' + model.replace('.', '_'))()
                         for model in cls.env['sales.process.document']._document_models()
                         if hasattr(cls, '_make_' + model.replace('.', '_'))}

    # One record of each document type, built as the administrator. A new document type adds
    # its builder here (test_every_document_type_is_walked says so).

    @classmethod
    def _make_sales_plan(cls):
        return cls.env['sales.plan'].create({
            'region_id': cls.region_a.id, 'period_type': 'year', 'date_start': '2031-01-01',
            'date_end': '2031-12-31',
            'line_ids': [(0, 0, {'region_id': cls.region_a.id, 'user_id': cls.salesperson.id,
                                 'target_amount': 1000.0})]})

    @classmethod
    def _make_stock_transfer_request(cls):
        return cls.env['stock.transfer.request'].create({
            'region_id': cls.region_a.id, 'user_id': cls.salesperson.id,
            'line_ids': [(0, 0, {'product_id': cls.product.id, 'product_qty': 3})]})

    @classmethod
    def _make_sales_demand(cls):
        return cls.env['sales.demand'].create({
            'product_id': cls.product.id, 'product_qty': 2, 'region_id': cls.region_a.id})

    @classmethod
    def _running_promotion(cls):
        """A promotion of region A, running, as marketing and the approvers make it; the
        marketing assistant is responsible, the salesperson helps."""
        if not hasattr(cls, 'promotion'):
            cls.promotion = cls.env['sales.promotion'].sudo(cls.users['marketing_assistant']).create({
                'name': 'Layer promotion', 'date_start': '2021-01-01', 'date_end': '2030-12-31',
                'region_ids': [(6, 0, [cls.region_a.id])],
                'user_id': cls.users['marketing_assistant'].id, 'helper_id': cls.salesperson.id,
                'line_ids': [(0, 0, {'product_id': cls.product.id, 'discount': 10})]})
            cls.promotion.action_approval_submit()
            for role in ('sales_director', 'general_manager'):
                cls.promotion.sudo(cls.users[role]).with_context(
                    approval_expected_step_id=cls.promotion.approval_step_id.id
                ).action_approval_approve()
            cls.promotion.action_start()
        return cls.promotion.sudo()

    @classmethod
    def _make_sales_promotion(cls):
        return cls.env['sales.promotion'].create({
            'name': 'Layer draft promotion', 'date_start': '2031-01-01', 'date_end': '2031-01-31',
            'region_ids': [(6, 0, [cls.region_a.id])], 'user_id': cls.users['marketing_assistant'].id,
            'line_ids': [(0, 0, {'product_id': cls.product.id, 'discount': 10})]})

    @classmethod
    def _make_sales_promotion_incident(cls):
        return cls.env['sales.promotion.incident'].sudo(cls.salesperson).create({
            'promotion_id': cls._running_promotion().id, 'name': 'Layer incident'}).sudo()

    @classmethod
    def _make_sales_promotion_evaluation(cls):
        promotion = cls._running_promotion()
        action = promotion.sudo(promotion.user_id).action_evaluation()
        evaluation = cls.env['sales.promotion.evaluation'].browse(action['res_id'])
        evaluation.sudo(promotion.user_id).write({'conclusions': 'Layer conclusions'})
        return evaluation

    @classmethod
    def _make_sales_promotion_report(cls):
        promotion = cls.env['sales.promotion'].sudo(cls.users['marketing_assistant']).create({
            'name': 'Layer ended promotion', 'date_start': '2020-01-01', 'date_end': '2020-01-31',
            'region_ids': [(6, 0, [cls.region_a.id])],
            'user_id': cls.users['marketing_assistant'].id, 'helper_id': cls.salesperson.id,
            'line_ids': [(0, 0, {'product_id': cls.product.id, 'discount': 10})]})
        promotion.action_approval_submit()
        for role in ('sales_director', 'general_manager'):
            promotion.sudo(cls.users[role]).with_context(
                approval_expected_step_id=promotion.approval_step_id.id).action_approval_approve()
        promotion.action_start()
        promotion.action_end()
        return cls.env['sales.promotion.report'].sudo(cls.salesperson).create(
            {'promotion_id': promotion.id, 'text': 'Layer report'}).sudo()

    @classmethod
    def _make_sales_aftersales_alert(cls):
        cause = cls.env['sales.aftersales.root.cause'].create({'name': 'Test Layer Cause'})
        return cls.env['sales.aftersales.alert']._workflow_create({
            'product_id': cls.product.id, 'root_cause_id': cause.id, 'window_days': 90,
            'case_count': 2})

    @classmethod
    def _make_sales_aftersales_case(cls):
        customer = cls.env['res.partner'].create({'name': 'Test Layer Customer', 'customer': True})
        order = deliver_order(cls.env, customer, [(cls.product, 2, 50.0)], cls.region_a)
        return cls.env['sales.aftersales.case'].create({
            'partner_id': customer.id, 'sale_order_id': order.id, 'region_id': cls.region_a.id,
            'user_id': cls.salesperson.id, 'description': 'Layer test',
            'line_ids': [(0, 0, {'product_id': cls.product.id, 'quantity': 1})]})

    @classmethod
    def _make_sales_market_survey(cls):
        return cls.env['sales.market.survey'].create({
            'region_id': cls.region_a.id, 'user_id': cls.salesperson.id,
            'date_from': '2026-10-01', 'date_to': '2026-10-31',
            'line_ids': [(0, 0, {'kind': 'own', 'product_id': cls.product.id, 'price': 12.0})]})

    @classmethod
    def _make_sales_appraisal(cls):
        # made by the Generate Appraisals wizard only (its figures and period are workflow fields)
        appraisal = cls.env['sales.appraisal']._workflow_create({
            'user_id': cls.salesperson.id, 'region_id': cls.region_a.id,
            'period_type': 'quarter', 'year': 2025, 'quarter': '3'})
        appraisal.write({'rating': 'B', 'manager_comments': 'Steady.'})
        return appraisal

    @classmethod
    def _make_sales_payment_promise(cls):
        revenue = cls.env['account.account'].search([
            ('company_id', '=', cls.company.id),
            ('user_type_id', '=', cls.env.ref('account.data_account_type_revenue').id)], limit=1)
        customer = cls.env['res.partner'].create({'name': 'Test Layer Debtor', 'customer': True})
        invoice = cls.env['account.invoice'].create({
            'partner_id': customer.id, 'user_id': cls.salesperson.id, 'team_id': cls.region_a.id,
            'invoice_line_ids': [(0, 0, {'name': 'Layer', 'quantity': 1, 'price_unit': 500.0,
                                         'account_id': revenue.id,
                                         'invoice_line_tax_ids': [(6, 0, [])]})]})
        invoice.action_invoice_open()
        return cls.env['sales.payment.promise'].create({
            'invoice_id': invoice.id, 'amount': 100.0,
            'date': fields.Date.context_today(invoice)})

    @classmethod
    def _make_sales_process_test_document(cls):
        return cls.env['sales.process.test.document'].create(
            {'name': 'Layer test', 'amount': 5000, 'region_id': cls.region_a.id})

    # What an outside client could send

    def forged_value(self, record, name):
        """A value for the field that is not its default: what a forger would write."""
        field = record._fields[name]
        if field.type == 'selection':
            values = [value for value, _label in field._description_selection(self.env)]
            return [value for value in values if value != record.default_get([name]).get(name)][-1]
        if field.comodel_name == 'res.users':
            # nobody's default (a document's author defaults to whoever creates it)
            return self.other_company_user.id if field.type == 'many2one' else [
                (6, 0, self.other_company_user.ids)]
        if field.type == 'many2one':
            comodel = self.env[field.comodel_name]
            existing = comodel.search([], limit=1)
            return existing.id or comodel.sudo().search([('id', '!=', 0)], limit=1).id
        if field.type in ('one2many', 'many2many'):
            return [(6, 0, self.env[field.comodel_name].search([], limit=1).ids)]
        return {'boolean': True, 'integer': 7, 'float': 7.5, 'monetary': 7.5,
                'date': '2030-06-30', 'datetime': '2030-06-30 10:00:00',
                'html': '<p>forged</p>'}.get(field.type, 'forged')

    def snapshot(self, record, names):
        stored = [name for name in names if record._fields[name].store]
        record.invalidate_cache()
        return record.sudo().read(stored)[0] if stored else {}

    def roles(self, document):
        users = list(self.users.values()) + [self.salesperson_b, self.manager_b]
        if 'approval_step_id' in document._fields and document.approval_step_id:
            users += list(document.approval_approver_ids)
        return users

    def test_every_document_type_is_walked(self):
        missing = set(self.env['sales.process.document']._document_models()) - set(self.documents)
        self.assertFalse(missing, "add a builder _make_<model> for %s" % sorted(missing))
        self.assertTrue({'sales.plan', 'stock.transfer.request', 'sales.demand'} <= set(self.documents))

    def test_workflow_fields_are_refused_on_write_for_every_role(self):
        for model, document in self.documents.items():
            names = sorted(document._get_workflow_fields())
            self.assertTrue(names, model)
            if 'approval_state' in document._fields:
                # the step's approver is among the forgers
                submitter = self.users[SUBMITTERS.get(model, 'salesperson')]
                document.sudo(submitter).action_approval_submit()
            before = self.snapshot(document, names)
            for user in self.roles(document) + [self.env.user]:
                for name in names:
                    with self.assertRaisesRegex(UserError, REFUSED, msg='%s.%s by %s' % (
                            model, name, user.login)), self.env.cr.savepoint():
                        document.sudo(user).write({name: self.forged_value(document, name)})
            self.assertEqual(self.snapshot(document, names), before, model)

    def test_workflow_fields_are_refused_on_create_for_every_role(self):
        for model, document in self.documents.items():
            Model = self.env[model]
            count = Model.search_count([])
            for user in self.roles(document) + [self.env.user]:
                for name in sorted(document._get_workflow_fields()):
                    with self.assertRaisesRegex(UserError, REFUSED, msg='%s.%s by %s' % (
                            model, name, user.login)), self.env.cr.savepoint():
                        Model.sudo(user).create({name: self.forged_value(document, name)})
            self.assertEqual(Model.search_count([]), count, model)

    def test_the_workflow_itself_writes_them(self):
        # the actions' own channel: module rights, the acting user named in the chatter
        demand = self.documents['sales.demand'].sudo(self.salesperson)
        demand.action_cancel()
        self.assertEqual(demand.state, 'cancel')
        tracking = demand.sudo().message_ids.filtered('tracking_value_ids')[:1]
        self.assertEqual(tracking.author_id, self.salesperson.partner_id)


class TestReproductions(SalesProcessCase):
    """The holes an outside client found over XML-RPC, reproduced as the roles."""

    @classmethod
    def setUpClass(cls):
        super(TestReproductions, cls).setUpClass()
        cls.plan = cls.env['sales.plan'].create({
            'region_id': cls.region_a.id, 'period_type': 'year', 'date_start': '2031-01-01',
            'date_end': '2031-12-31',
            'line_ids': [(0, 0, {'region_id': cls.region_a.id, 'user_id': cls.salesperson.id,
                                 'target_amount': 1000.0})]})

    def test_a_draft_plan_is_not_approved_by_writing_its_state(self):
        for user in (self.users['sales_director'], self.salesperson):
            with self.assertRaisesRegex(UserError, REFUSED), self.env.cr.savepoint():
                self.plan.sudo(user).write({'state': 'approved'})
        self.assertEqual((self.plan.state, self.plan.approval_state), ('draft', 'draft'))
        self.assertFalse(self.env['sales.approval.history'].search(
            [('res_model', '=', 'sales.plan'), ('res_id', '=', self.plan.id)]))
        with self.assertRaisesRegex(UserError, 'Only an approved plan'):
            self.plan.sudo(self.users['general_manager']).action_decompose_wizard()

    def test_a_plan_is_not_created_approved(self):
        count = self.env['sales.plan'].search_count([])
        for user in (self.users['sales_director'], self.salesperson):
            for values in ({'state': 'approved'}, {'approval_state': 'approved'},
                           {'decomposed_by_id': user.id}, {'parent_id': self.plan.id}):
                values.update({'region_id': self.region_a.id, 'period_type': 'year',
                               'date_start': '2032-01-01', 'date_end': '2032-12-31'})
                with self.assertRaisesRegex(UserError, REFUSED), self.env.cr.savepoint():
                    self.env['sales.plan'].sudo(user).create(values)
        self.assertEqual(self.env['sales.plan'].search_count([]), count)

    def test_frozen_figures_of_a_target_are_not_input(self):
        line = self.plan.line_ids.sudo(self.salesperson)
        with self.assertRaisesRegex(UserError, REFUSED):
            line.write({'is_frozen': True, 'frozen_amount': 10 ** 9})
        self.assertFalse(self.plan.line_ids.is_frozen)
