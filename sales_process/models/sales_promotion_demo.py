from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class SalesPromotionDemo(models.AbstractModel):
    """The demo story of promotions (demo/sales_promotion_demo.xml): each promotion moved by
    the users whose role it is."""
    _name = 'sales.promotion.demo'
    _inherit = 'sales.process.demo'
    _description = 'Promotions Demo Data'

    @api.model
    def _generate_promotions(self):
        """One promotion running (with its incidents and its regions' orders), one in
        evaluation (reports in, one late), one waiting for the sales director, one draft."""
        self = self.with_context(mail_create_nosubscribe=True, mail_auto_subscribe_no_notify=True)
        ref = self._ref
        today = date.today()

        def day(days):
            return fields.Date.to_string(today + relativedelta(days=days))

        def as_user(records, user):
            return records.sudo(ref(user)).with_context(approval_expected_step_id=records.approval_step_id.id)

        def make_official(promotion, drafter):
            promotion.sudo(ref(drafter)).action_approval_submit()
            as_user(promotion, 'user_sales_director').action_approval_approve(
                "Fits the quarter's plan; keep the budget.")
            as_user(promotion, 'user_general_manager').action_approval_approve()

        Promotion = self.env['sales.promotion']
        # Running in East and South China, with its preparation done, two incidents and orders
        running = Promotion.sudo(ref('user_marketing_assistant')).create({
            'name': 'Kitchen Festival: kettles and rice cookers',
            'date_start': day(-5), 'date_end': day(10),
            'region_ids': [(6, 0, [ref('region_east').id, ref('region_south').id])],
            'objectives': "Win back the customers of East and South China before the year-end "
                          "season; clear the stock of kettles.",
            'user_id': ref('user_marketing_assistant').id,
            'helper_id': ref('user_salesperson').id,
            'expected_amount': 180000,
            'line_ids': [(0, 0, {'product_id': ref('product_kettle').id, 'discount': 15,
                                 'expected_qty': 300}),
                         (0, 0, {'product_id': ref('product_rice_cooker').id, 'discount': 10,
                                 'expected_qty': 200})],
            'cost_line_ids': [(0, 0, {'kind': 'venue', 'name': 'Booths in two malls',
                                      'amount_planned': 12000, 'amount_actual': 11500}),
                              (0, 0, {'kind': 'staff', 'name': 'Demonstrators',
                                      'amount_planned': 8000})],
            'material_line_ids': [(0, 0, {'name': 'Posters', 'quantity': 200, 'unit_cost': 6,
                                          'user_id': ref('user_marketing_manager').id,
                                          'date_due': day(-8), 'delivered': True,
                                          'cost_actual': 1150}),
                                  (0, 0, {'name': 'Leaflets', 'quantity': 5000,
                                          'unit_cost': 0.3,
                                          'user_id': ref('user_marketing_assistant').id,
                                          'date_due': day(-7)})],
            'staff_ids': [(0, 0, {'user_id': ref('user_sales_east2').id,
                                  'task': 'Demonstrations in the Shanghai mall',
                                  'date_from': self._at(-5, 10), 'date_to': self._at(10, 18)}),
                          (0, 0, {'user_id': ref('user_sales_south').id,
                                  'task': 'Booth in the Guangzhou mall',
                                  'date_from': self._at(-5, 10), 'date_to': self._at(10, 18)})],
            'task_ids': [(0, 0, {'name': "Brief the hotline on the promotion's prices",
                                 'user_id': ref('user_customer_service').id,
                                 'date_deadline': day(-6)}),
                         (0, 0, {'name': 'Book the booths',
                                 'user_id': ref('user_marketing_manager').id,
                                 'date_deadline': day(-10)})],
        })
        make_official(running, 'user_marketing_assistant')
        running.task_ids.filtered(
            lambda task: task.user_id == ref('user_marketing_manager')).sudo(
            ref('user_marketing_manager')).action_done()
        running.sudo(ref('user_marketing_assistant')).action_start()
        Incident = self.env['sales.promotion.incident']
        minor = Incident.sudo(ref('user_sales_east2')).create({
            'promotion_id': running.id, 'name': 'Leaflets ran out at noon', 'severity': 'minor',
            'date': self._at(-3, 12),
            'description': 'The Shanghai booth had no leaflets left for the lunch crowd.',
            'resolution': 'Printed 500 more at the copy shop next door.'})
        minor.sudo(ref('user_sales_east2')).action_solve()
        major = Incident.sudo(ref('user_sales_south')).create({
            'promotion_id': running.id, 'name': 'The mall closed the booth for a fire check',
            'severity': 'major', 'date': self._at(-2, 15),
            'description': 'The Guangzhou mall closed our booth until its fire inspection; '
                           'customers were sent away.'})
        major.sudo(ref('user_sales_south')).action_escalate()
        major.sudo(ref('user_marketing_assistant')).action_escalate()
        major.sudo(ref('user_marketing_manager')).write({
            'contingency_plan': 'Move the booth to the partner store on Tianhe Road until the '
                                'mall reopens; announce it on the hotline.',
            'assigned_user_ids': [(6, 0, [ref('user_sales_south').id])]})
        major.sudo(ref('user_marketing_manager')).action_assign()
        # orders of the regions' customers during the promotion (pricing attributes them)
        orders = self.env['sale.order']
        for customer, product, quantity, days in (
                ('customer_east_1', 'product_kettle', 30, -4),
                ('customer_east_2', 'product_rice_cooker', 12, -2),
                ('customer_south_1', 'product_kettle', 18, -1)):
            customer = ref(customer)
            order = orders.create({
                'partner_id': customer.id, 'team_id': customer.team_id.id,
                'user_id': customer.user_id.id,
                'warehouse_id': customer.team_id.warehouse_id.id,
                'order_line': [(0, 0, {'product_id': ref(product).id,
                                       'product_uom_qty': quantity})]})
            order.action_confirm()
            when = fields.Datetime.to_string(self._at(days, 10))
            order.write({'date_order': when, 'confirmation_date': when})

        # North China, over: in evaluation, two summary reports in, the regional manager's late
        evaluated = Promotion.sudo(ref('user_marketing_manager')).create({
            'name': 'Rice cooker week in North China',
            'date_start': day(-40), 'date_end': day(-30),
            'region_ids': [(6, 0, [ref('region_north').id])],
            'objectives': 'Launch the new rice cooker in the North China stores.',
            'user_id': ref('user_marketing_manager').id,
            'helper_id': ref('user_sales_north').id,
            'expected_amount': 60000,
            'line_ids': [(0, 0, {'product_id': ref('product_rice_cooker').id,
                                 'fixed_price': 199, 'expected_qty': 250})],
            'cost_line_ids': [(0, 0, {'kind': 'advertising', 'name': 'Local radio',
                                      'amount_planned': 6000, 'amount_actual': 6400})],
            'staff_ids': [(0, 0, {'user_id': ref('user_manager_north').id,
                                  'task': 'Store visits', 'date_from': self._at(-40, 9),
                                  'date_to': self._at(-30, 18)})],
        })
        make_official(evaluated, 'user_marketing_manager')
        evaluated.sudo(ref('user_marketing_manager')).action_start()
        evaluated.sudo(ref('user_marketing_manager')).action_end()
        # it ended a month ago: the reports were due three weeks ago
        evaluated._workflow_write({'date_started': day(-40), 'date_ended': day(-29),
                                   'report_deadline': day(-22)})
        self.env['mail.activity'].search([
            ('res_model', '=', 'sales.promotion'), ('res_id', '=', evaluated.id)]).write(
            {'date_deadline': day(-22)})
        Report = self.env['sales.promotion.report']
        Report.sudo(ref('user_marketing_manager')).create({
            'promotion_id': evaluated.id,
            'text': 'Radio brought people in; the fixed price was easy to communicate.'})
        Report.sudo(ref('user_sales_north')).create({
            'promotion_id': evaluated.id,
            'text': 'Two stores sold out on the first weekend: plan more stock next time.'})

        # Waiting for the sales director
        waiting = Promotion.sudo(ref('user_marketing_assistant')).create({
            'name': 'Summer soymilk makers',
            'date_start': day(30), 'date_end': day(45),
            'region_ids': [(6, 0, [ref('region_south').id, ref('region_north').id])],
            'objectives': 'Breakfast season: soymilk makers in the South and North.',
            'user_id': ref('user_marketing_assistant').id,
            'helper_id': ref('user_sales_south').id,
            'expected_amount': 50000,
            'line_ids': [(0, 0, {'product_id': ref('product_soymilk').id, 'discount': 12})],
            'cost_line_ids': [(0, 0, {'kind': 'gifts', 'name': 'Soybean samples',
                                      'amount_planned': 3000})],
        })
        waiting.sudo(ref('user_marketing_assistant')).action_approval_submit()

        # A draft
        Promotion.sudo(ref('user_marketing_manager')).create({
            'name': 'Induction cooker gift sets',
            'date_start': day(60), 'date_end': day(75),
            'region_ids': [(6, 0, [ref('region_east').id])],
            'customer_scope': 'all',
            'user_id': ref('user_marketing_manager').id,
            'line_ids': [(0, 0, {'categ_id': ref('product_category_cooking').id,
                                 'discount': 8})],
        })
        return True

    @staticmethod
    def _at(days, hour):
        """A datetime `days` from today at `hour` o'clock (UTC, as Odoo stores it)."""
        return datetime.combine(date.today() + relativedelta(days=days),
                                datetime.min.time()) + relativedelta(hours=hour)
