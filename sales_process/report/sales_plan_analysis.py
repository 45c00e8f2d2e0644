from odoo import fields, models

from ..models.sales_plan import PERIOD_TYPES, PLAN_STATES


class SalesPlanAnalysis(models.Model):
    """Targets against actual sales, one row per plan target, for pivot and graph views.

    The actual figures come from the same measure as everywhere else
    (``sales.achievement.measure_sql``): live for open plans, frozen for closed ones.
    """
    _name = 'sales.plan.analysis'
    _description = 'Sales Targets Analysis'
    _inherit = ['sales.process.sql.view']
    _auto = False
    _order = 'date_start desc, region_id, user_id'

    plan_id = fields.Many2one('sales.plan', readonly=True)
    company_id = fields.Many2one('res.company', readonly=True)
    region_id = fields.Many2one('crm.team', readonly=True)
    user_id = fields.Many2one('res.users', string='Salesperson', readonly=True)
    categ_id = fields.Many2one('product.category', string='Product Category', readonly=True)
    period_type = fields.Selection(PERIOD_TYPES, string='Period', readonly=True)
    date_start = fields.Date(string='From', readonly=True)
    date_end = fields.Date(string='To', readonly=True)
    state = fields.Selection(PLAN_STATES, string='Status', readonly=True)
    target_amount = fields.Float(string='Target', readonly=True)
    target_qty = fields.Float(string='Target Quantity', readonly=True)
    achieved_amount = fields.Float(string='Achieved', readonly=True)
    achieved_qty = fields.Float(string='Achieved Quantity', readonly=True)
    last_year_amount = fields.Float(string='Same Period Last Year', readonly=True)
    gap_amount = fields.Float(string='Gap to Target', readonly=True)

    def _view_query(self):
        live = self.env['sales.achievement'].measure_sql("""
            SELECT id AS key, company_id, region_id, user_id, categ_id,
                   date_start AS date_from, date_end AS date_to
              FROM sales_plan_line WHERE NOT COALESCE(is_frozen, false)""")
        return """
            WITH live AS ({live})
            SELECT line.id, line.plan_id, line.company_id, line.region_id, line.user_id,
                   line.categ_id, line.period_type, line.date_start, line.date_end,
                   line.state,
                   line.target_amount, line.target_qty,
                   CASE WHEN line.is_frozen THEN line.frozen_amount ELSE live.amount END
                       AS achieved_amount,
                   CASE WHEN line.is_frozen THEN line.frozen_qty ELSE live.qty END AS achieved_qty,
                   CASE WHEN line.is_frozen THEN line.frozen_last_year_amount
                        ELSE live.last_year_amount END AS last_year_amount,
                   line.target_amount - CASE WHEN line.is_frozen THEN line.frozen_amount
                                             ELSE live.amount END AS gap_amount
              FROM sales_plan_line line
              LEFT JOIN live ON live.key = line.id""".format(live=live)
