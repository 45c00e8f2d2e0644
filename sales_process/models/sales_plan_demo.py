from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from .sales_achievement import Target


class SalesPlanDemo(models.AbstractModel):
    """The demo story of sales plans (demo/sales_plan_demo.xml)."""
    _name = 'sales.plan.demo'
    _inherit = 'sales.process.demo'
    _description = 'Sales Plans Demo Data'

    @api.model
    def _generate_sales_plans(self, strategy_xmlid):
        """This year's plans of the three regions, run through their workflow by the demo users:
        East China approved, decomposed and in execution (its last quarter still to accept),
        South China waiting for the general manager after the marketing assistant's review,
        North China still a draft; and South China's last quarter of last year, closed.

        Plan names are generated in every installed language: a database created with Chinese
        (make run) gets "华东区 2026 年第4季度" beside "East China 2026 Q4". Demo data loads before
        Odoo loads the module's translations, so the builder loads them first."""
        languages = [code for code, _label in self.env['res.lang'].get_installed() if code != 'en_US']
        if languages:
            self.env['ir.translation'].load_module_terms(['sales_process'], languages)
        Achievement = self.env['sales.achievement']
        Plan = self.env['sales.plan']
        strategy = self._ref(strategy_xmlid)
        today = date.today()
        year_start, year_end = today.replace(month=1, day=1), today.replace(month=12, day=31)
        elapsed_months = max(today.month - 1, 1)
        assistant, gm = self._ref('user_marketing_assistant'), self._ref('user_general_manager')

        def targets_for(region, users):
            """Each salesperson's target: this year's pace so far, plus 10%, rounded."""
            measured = Achievement.measure([
                Target(user.id, region.company_id.id or self.env.user.company_id.id, region.id,
                       user.id, False, fields.Date.to_string(year_start),
                       fields.Date.to_string(today.replace(day=1) - relativedelta(days=1)))
                for user in users])
            return [(0, 0, {'region_id': region.id, 'user_id': user.id,
                            'target_amount': round(measured[user.id][0] * 12 / elapsed_months * 1.1, -3)
                            or 100000.0,
                            'target_qty': round(measured[user.id][1] * 12 / elapsed_months * 1.1)})
                    for user in users]

        def plan_for(region_xmlid, drafter_xmlid, users, description):
            region = self._ref(region_xmlid)
            drafter = self._ref(drafter_xmlid)
            return Plan.sudo(drafter).create({
                'region_id': region.id, 'strategy_id': strategy.id, 'period_type': 'year',
                'date_start': fields.Date.to_string(year_start),
                'date_end': fields.Date.to_string(year_end),
                'description': description,
                'line_ids': targets_for(region, [self._ref(xmlid) for xmlid in users]),
                # duties: the region's expense budget, approved with the plan
                'budget_line_ids': self.env['sales.budget.demo']._budget_lines(region),
            }).sudo(drafter)

        def review(plan, opinion):
            plan.action_approval_submit()
            plan.sudo(assistant).with_context(approval_expected_step_id=plan.approval_step_id.id) \
                .action_approval_approve(opinion)

        east = plan_for('region_east', 'user_salesperson', ['user_salesperson', 'user_sales_east2'],
                        '<p>Open two new supermarket chains in Hangzhou; push air fryers for Double 11.</p>')
        review(east, 'Realistic. Plan more stock of rice cookers before the Spring Festival.')
        east.sudo(gm).with_context(
            approval_expected_step_id=east.approval_step_id.id).action_approval_approve()
        # evenly: the demo history is one year long, so last year's seasonality is not known yet
        self.env['sales.plan.decompose.wizard'].sudo(gm).create({
            'plan_id': east.id, 'split': 'quarter_month', 'method': 'even'}).action_decompose()
        manager = self._ref('user_regional_manager')
        for quarter in east.child_ids.sorted('date_start')[:3]:
            quarter.sudo(manager).action_accept()

        south = plan_for('region_south', 'user_sales_south', ['user_sales_south', 'user_manager_south'],
                         '<p>Recover the kettle market share lost to online shops in Shenzhen.</p>')
        review(south, 'The soymilk maker target looks low: last year grew 20%.')

        plan_for('region_north', 'user_sales_north', ['user_sales_north', 'user_manager_north'],
                 '<p>Winter is the season: induction cookers first.</p>')

        # last year's fourth quarter in South China, closed with its figures frozen
        quarter_start = year_start - relativedelta(months=3)
        closed = Plan.sudo(self._ref('user_sales_south')).create({
            'region_id': self._ref('region_south').id, 'period_type': 'quarter',
            'date_start': fields.Date.to_string(quarter_start),
            'date_end': fields.Date.to_string(year_start - relativedelta(days=1)),
            'line_ids': [(0, 0, {'region_id': self._ref('region_south').id, 'target_amount': 30000.0})],
        }).sudo(self._ref('user_sales_south'))
        review(closed, False)
        closed.sudo(gm).with_context(
            approval_expected_step_id=closed.approval_step_id.id).action_approval_approve()
        closed.sudo(gm).action_propose()
        closed.sudo(self._ref('user_manager_south')).action_accept()
        Plan._cron_close_ended_plans()
        return True
