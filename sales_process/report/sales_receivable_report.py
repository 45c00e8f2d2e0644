"""The receivables aging: one row per open receivable item (an installment of a customer
invoice or credit note) as of today, with its salesperson, region, days past due and aging
bucket. Read from the measure's SQL (models/sales_receivable_measure.py): the figures the
report shows are the ones the module computes."""
from odoo import api, fields, models

from ..models.sales_receivable_measure import (
    AGING_BUCKETS, COLLECTION_ITEMS_SQL, OPEN_ITEMS_SQL)


class SalesReceivableItemView(models.AbstractModel):
    """What both receivables reports read of a receivable item (an installment of a customer
    invoice or credit note) from their SQL view: its company, salesperson, region, customer,
    invoice and due date."""
    _name = 'sales.receivable.item.view'
    _inherit = ['sales.process.sql.view']
    _description = 'Receivable Item'
    _rec_name = 'invoice_id'

    company_id = fields.Many2one('res.company', readonly=True)
    user_id = fields.Many2one('res.users', string='Salesperson', readonly=True)
    region_id = fields.Many2one('crm.team', readonly=True)
    partner_id = fields.Many2one('res.partner', string='Customer', readonly=True)
    invoice_id = fields.Many2one('account.invoice', readonly=True)
    date_maturity = fields.Date(string='Due Date', readonly=True)


class SalesReceivableReport(models.Model):
    """Open receivables by salesperson, region and aging bucket (pivot, graph, list).

    Who sees which rows is the module's region rule (own / region / all:
    security/sales_receivable_security.xml); the invoices themselves stay visible as Odoo's
    Invoicing decides."""
    _name = 'sales.receivable.report'
    _inherit = ['sales.receivable.item.view']
    _description = 'Receivables Aging'
    _auto = False
    _order = 'days_overdue desc, id'

    date = fields.Date(string='Invoice Date', readonly=True)
    days_overdue = fields.Integer(readonly=True, group_operator='max')
    bucket = fields.Selection([(key, label) for key, label, _low, _high in AGING_BUCKETS],
                              string='Aging', readonly=True)
    open_amount = fields.Float(readonly=True)
    overdue_amount = fields.Float(readonly=True)

    def _view_query(self):
        return """
            SELECT o.id, o.company_id, o.user_id, o.region_id, o.partner_id, o.invoice_id,
                   o.date, o.date_maturity, o.days_overdue, o.bucket,
                   o.open_amount, CASE WHEN o.days_overdue > 0 THEN o.open_amount ELSE 0 END
                       AS overdue_amount
              FROM ({open_items}) o""".format(
            open_items=OPEN_ITEMS_SQL.format(where='', as_of='CURRENT_DATE'))


class SalesReceivableCollectionReport(models.Model):
    """The collection rate: one row per receivable item fallen due (an installment of a
    customer invoice or credit note due today or before), with its amount and the part paid on
    or before its due date. The rate of a group (a salesperson over a quarter, a region...) is
    computed by read_group from the sums, never an average of rates."""
    _name = 'sales.receivable.collection.report'
    _inherit = ['sales.receivable.item.view']
    _description = 'Collection Rate'
    _auto = False
    _order = 'date_maturity desc, id'
    due_amount = fields.Float(string='Amount Due', readonly=True,
                              help="The amount of the receivable items fallen due in the period.")
    collected_on_time = fields.Float(string='Collected on Time', readonly=True)
    collection_rate = fields.Float(
        string='Collection Rate (%)', readonly=True, group_operator='avg',
        help="Collected on time over the amount due, in percent.")

    def _view_query(self):
        return """
            SELECT c.id, c.company_id, c.user_id, c.region_id, c.partner_id, c.invoice_id,
                   c.date_maturity, c.balance AS due_amount, c.on_time AS collected_on_time,
                   CASE WHEN c.balance > 0 THEN 100.0 * c.on_time / c.balance END
                       AS collection_rate
              FROM ({items}) c
             WHERE c.date_maturity <= CURRENT_DATE""".format(
            items=COLLECTION_ITEMS_SQL.format(where='', settled_by='CURRENT_DATE'))

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False,
                   lazy=True):
        names = [name.split(':')[0] for name in fields]
        rate = 'collection_rate' in names
        if rate:
            fields = list(fields) + [name for name in ('due_amount', 'collected_on_time')
                                     if name not in names]
        groups = super(SalesReceivableCollectionReport, self).read_group(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy)
        if rate:
            for group in groups:
                due = group.get('due_amount') or 0.0
                group['collection_rate'] = (100.0 * (group.get('collected_on_time') or 0.0) / due
                                            if due > 0.005 else None)
        return groups
