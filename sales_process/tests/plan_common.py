"""The world of the plan tests: products in a category tree, and helpers that record sales
(confirmed orders at a given time, invoices and refunds) and run plans through their workflow
as the real roles."""
from .common import SalesProcessCase


class PlanCase(SalesProcessCase):

    @classmethod
    def setUpClass(cls):
        super(PlanCase, cls).setUpClass()
        cls.company.partner_id.tz = 'Asia/Shanghai'
        cls.assistant = cls.users['marketing_assistant']
        cls.gm = cls.users['general_manager']
        cls.director = cls.users['sales_director']
        Category = cls.env['product.category']
        cls.categ_cooking = Category.create({'name': 'Test Cooking'})
        cls.categ_rice = Category.create({'name': 'Test Rice Cookers', 'parent_id': cls.categ_cooking.id})
        cls.categ_drinks = Category.create({'name': 'Test Drinks'})
        # services: sold, invoiced and measured like goods, without deliveries to process
        cls.rice_cooker = cls._create_service('Test Rice Cooker', cls.categ_rice, 100.0)
        cls.kettle = cls._create_service('Test Kettle', cls.categ_drinks, 200.0)
        cls.customer_a = cls.env['res.partner'].create({'name': 'Customer A', 'customer': True})
        cls.customer_b = cls.env['res.partner'].create({'name': 'Customer B', 'customer': True})
        cls.revenue_account = cls.env['account.account'].search([
            ('company_id', '=', cls.company.id),
            ('user_type_id', '=', cls.env.ref('account.data_account_type_revenue').id)], limit=1)

    @classmethod
    def _order(cls, region, user, product, qty, price, when, state='sale', pricelist=None,
               customer=None):
        """A sale order confirmed at `when` (UTC), or left as a quotation, or cancelled."""
        values = {
            'partner_id': (customer or cls.customer_a).id, 'team_id': region.id, 'user_id': user.id,
            'order_line': [(0, 0, {'product_id': product.id, 'product_uom_qty': qty, 'price_unit': price})],
        }
        if pricelist:
            values['pricelist_id'] = pricelist.id
        order = cls.env['sale.order'].create(values)
        if state in ('sale', 'cancel'):
            order.action_confirm()
            order.write({'confirmation_date': when, 'date_order': when})
        if state == 'cancel':
            order.action_cancel()
        return order

    @classmethod
    def _invoice(cls, region, user, product, qty, price, date, refund=False, validate=True):
        invoice = cls.env['account.invoice'].create({
            'partner_id': cls.customer_a.id, 'type': 'out_refund' if refund else 'out_invoice',
            'team_id': region.id, 'user_id': user.id, 'date_invoice': date,
            'invoice_line_ids': [(0, 0, {'product_id': product.id, 'name': product.name,
                                         'quantity': qty, 'price_unit': price,
                                         'account_id': cls.revenue_account.id})],
        })
        if validate:
            invoice.action_invoice_open()
        return invoice

    def new_plan(self, user=None, region=None, period_type='year', start='2026-01-01',
                 end='2026-12-31', lines=None):
        region = region or self.region_a
        user = user or self.salesperson
        return self.env['sales.plan'].sudo(user).create({
            'region_id': region.id, 'period_type': period_type, 'date_start': start,
            'date_end': end,
            'line_ids': [(0, 0, line) for line in (lines if lines is not None else [
                {'region_id': region.id, 'user_id': self.salesperson.id if region == self.region_a
                 else self.salesperson_b.id, 'target_amount': 12000.0, 'target_qty': 120.0}])],
        })

    def approve(self, plan, comment=None):
        """Submit as the drafter, then the marketing assistant's review and the GM's approval."""
        plan.action_approval_submit()
        plan.sudo(self.assistant).with_context(
            approval_expected_step_id=plan.approval_step_id.id).action_approval_approve(comment)
        plan.sudo(self.gm).with_context(
            approval_expected_step_id=plan.approval_step_id.id).action_approval_approve()
        self.assertEqual(plan.state, 'approved')
        return plan

    def decompose(self, plan, split='quarter_month', method='even', **values):
        values.update({'plan_id': plan.id, 'split': split, 'method': method})
        wizard = self.env['sales.plan.decompose.wizard'].sudo(self.gm).create(values)
        wizard.action_decompose()
        return plan.child_ids
