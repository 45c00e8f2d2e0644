"""The after-sales reports: the defect rate per product and month, and the cases per product
with their root cause and the days each stage took. Both read the measures' SQL
(models/sales_aftersales_measure.py): the figures a report shows are the ones the module uses."""
from odoo import api, fields, models

from ..models.sales_aftersales_case import CLOSED_CASE_STATES
from ..models.sales_aftersales_measure import (
    CASE_PRODUCTS_SQL, STOCK_FACTS_SQL, UNCOUNTED_CASE_STATES, stage_days_sql)

# the decision of a case (sales.aftersales.case.kind)
CASE_KINDS = [('exchange', 'Exchange'), ('return', 'Return')]


class SalesAftersalesDefectReport(models.Model):
    """Returned vs delivered quantity per product, company and month, with the cases received.

    The defect rate of a group (a product over a year, a category...) is its returned quantity
    over its delivered quantity, computed by read_group from the sums, never an average of
    monthly rates."""
    _name = 'sales.aftersales.defect.report'
    _description = 'Defect Rate'
    _inherit = ['sales.process.sql.view']
    _auto = False
    _order = 'date desc, product_id'
    _rec_name = 'product_id'

    company_id = fields.Many2one('res.company', readonly=True)
    product_id = fields.Many2one('product.product', readonly=True)
    categ_id = fields.Many2one('product.category', string='Product Category', readonly=True)
    date = fields.Date(string='Month', readonly=True)
    delivered_qty = fields.Float(string='Delivered', readonly=True)
    returned_qty = fields.Float(string='Returned', readonly=True)
    defect_rate = fields.Float(string='Defect Rate (%)', readonly=True, group_operator='avg',
                               help="Returned quantity over delivered quantity, in percent.")
    case_count = fields.Integer(string='Cases', readonly=True)

    def _view_query(self):
        stock = STOCK_FACTS_SQL.format(
            keys="m.company_id, m.product_id, date_trunc('month', m.date)::date AS month",
            group='1, 2, 3', joins='', where='')
        cases = CASE_PRODUCTS_SQL.format(where='')
        return """
            WITH stock AS ({stock}),
            case_month AS (
                SELECT cp.company_id, cp.product_id,
                       date_trunc('month', cp.date_intake)::date AS month, COUNT(*) AS cases
                  FROM ({cases}) cp
                 GROUP BY 1, 2, 3
            ),
            fact AS (
                SELECT COALESCE(s.company_id, c.company_id) AS company_id,
                       COALESCE(s.product_id, c.product_id) AS product_id,
                       COALESCE(s.month, c.month) AS month,
                       COALESCE(s.delivered, 0) AS delivered, COALESCE(s.returned, 0) AS returned,
                       COALESCE(c.cases, 0) AS cases
                  FROM stock s
                  FULL JOIN case_month c ON c.company_id = s.company_id
                                        AND c.product_id = s.product_id AND c.month = s.month
            )
            SELECT row_number() OVER (ORDER BY f.company_id, f.product_id, f.month) AS id,
                   f.company_id, f.product_id, pt.categ_id, f.month AS date,
                   f.delivered AS delivered_qty, f.returned AS returned_qty,
                   CASE WHEN f.delivered > 0 THEN 100.0 * f.returned / f.delivered
                        ELSE 0 END AS defect_rate,
                   f.cases AS case_count
              FROM fact f
              JOIN product_product p ON p.id = f.product_id
              JOIN product_template pt ON pt.id = p.product_tmpl_id""".format(stock=stock, cases=cases)

    def _view_params(self):
        return {'uncounted_states': UNCOUNTED_CASE_STATES}

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False,
                   lazy=True):
        names = [name.split(':')[0] for name in fields]
        rate = 'defect_rate' in names
        if rate:
            fields = list(fields) + [name for name in ('delivered_qty', 'returned_qty')
                                     if name not in names]
        groups = super(SalesAftersalesDefectReport, self).read_group(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy)
        if rate:
            for group in groups:
                delivered = group.get('delivered_qty') or 0.0
                group['defect_rate'] = (100.0 * (group.get('returned_qty') or 0.0) / delivered
                                        if delivered else 0.0)
        return groups


class SalesAftersalesCaseReport(models.Model):
    """The cases per product: root cause, region, month, decision, and the days each stage took
    (averaged over the cases that went through it). One row per case and product."""
    _name = 'sales.aftersales.case.report'
    _description = 'After-Sales Cases Analysis'
    _inherit = ['sales.process.sql.view']
    _auto = False
    _order = 'date_intake desc, id desc'
    _rec_name = 'case_id'

    case_id = fields.Many2one('sales.aftersales.case', readonly=True)
    product_id = fields.Many2one('product.product', readonly=True)
    categ_id = fields.Many2one('product.category', string='Product Category', readonly=True)
    company_id = fields.Many2one('res.company', readonly=True)
    region_id = fields.Many2one('crm.team', readonly=True)
    partner_id = fields.Many2one('res.partner', string='Customer', readonly=True)
    root_cause_id = fields.Many2one('sales.aftersales.root.cause',
                                    readonly=True)
    kind = fields.Selection(CASE_KINDS, string='Decision', readonly=True)
    is_closed = fields.Boolean(string='Closed', readonly=True)
    date_intake = fields.Datetime(string='Received On', readonly=True)
    quantity = fields.Float(readonly=True)
    days_to_close = fields.Float(string='Days to Close', readonly=True, group_operator='avg')
    days_intake = fields.Float(string='Days in Intake', readonly=True, group_operator='avg')
    days_assessment = fields.Float(string='Days in Quality Assessment', readonly=True,
                                   group_operator='avg')
    days_decision = fields.Float(string='Days to Decision', readonly=True, group_operator='avg')
    days_goods_back = fields.Float(string='Days to Goods Back', readonly=True,
                                   group_operator='avg')
    days_resolution = fields.Float(string='Days to Replacement or Refund', readonly=True,
                                   group_operator='avg')
    days_feedback = fields.Float(string='Days in Feedback', readonly=True, group_operator='avg')

    def _view_query(self):
        # the id is the row's first case line: unique (a line is in one case and has one
        # product, so it is the first of one row only), stable while that line exists, and a
        # serial id, which XML-RPC's 32-bit integers carry
        return """
            SELECT cp.first_line_id AS id,
                   cp.case_id, cp.product_id, pt.categ_id, cp.company_id, cp.region_id,
                   cp.partner_id, cp.root_cause_id, cp.kind,
                   cp.state IN %(closed_states)s AS is_closed, cp.date_intake, cp.quantity,
                   {days}
              FROM ({cases}) cp
              JOIN product_product p ON p.id = cp.product_id
              JOIN product_template pt ON pt.id = p.product_tmpl_id""".format(
            cases=CASE_PRODUCTS_SQL.format(where=''), days=stage_days_sql('cp'))

    def _view_params(self):
        return {'uncounted_states': UNCOUNTED_CASE_STATES, 'closed_states': CLOSED_CASE_STATES}
