from collections import namedtuple

from odoo import api, fields, models, tools
from odoo.addons import decimal_precision as dp

from .sales_demand import OPEN_DEMAND_STATES
from .stock_transfer_request import OPEN_REQUEST_STATES, UNTRANSFERRED_REQUEST_STATES

StockFigures = namedtuple('StockFigures', [
    'product_id', 'warehouse_id', 'on_hand', 'incoming', 'outgoing', 'forecast', 'demand',
    'safety', 'requested', 'shortage'])
StockFigures.__doc__ = """Stock figures of a product in a warehouse, in the product's unit.

on_hand: quants in the warehouse's locations (Odoo's ``qty_available`` with
    ``warehouse=<id>`` in the context); incoming/outgoing: pending moves (neither draft, done
    nor cancelled) entering/leaving the warehouse; forecast = on_hand + incoming - outgoing
    (Odoo's ``virtual_available``); demand: open market demand (sales.demand open or
    requested) of the regions the warehouse serves; safety: the minimum of the active reordering
    rules (``stock.warehouse.orderpoint``) of the warehouse; requested: quantities of transfer
    requests not yet on a transfer order (draft, waiting for approval, re-check);
    shortage = max(0, safety + demand - forecast): what the stock lacks to cover the demand
    and stay at the safety level.
"""

# The one computation of the stock figures, for a set of (product, warehouse) keys given by the
# query {keys}. Each figure is one aggregate over its table restricted to the keys' products and
# warehouses, so that the number of queries never depends on the number of products.
FIGURES_SQL = """
WITH RECURSIVE keys AS (
    {keys}
),
warehouse_location AS (
    -- every location of the warehouses concerned: Odoo's "child_of the warehouse's view
    -- location", walking the tree (parent_left/right are not computed while modules load)
    SELECT w.id AS warehouse_id, w.view_location_id AS location_id
      FROM stock_warehouse w
     WHERE w.id IN (SELECT warehouse_id FROM keys)
    UNION
    SELECT parent.warehouse_id, child.id
      FROM stock_location child
      JOIN warehouse_location parent ON child.location_id = parent.location_id
),
on_hand AS (
    SELECT q.product_id, wl.warehouse_id, SUM(q.quantity) AS qty
      FROM stock_quant q
      JOIN warehouse_location wl ON wl.location_id = q.location_id
     WHERE q.product_id IN (SELECT product_id FROM keys)
     GROUP BY q.product_id, wl.warehouse_id
),
pending AS (
    SELECT m.product_id, wl.warehouse_id, m.product_qty AS incoming, 0 AS outgoing
      FROM stock_move m
      JOIN warehouse_location wl ON wl.location_id = m.location_dest_id
     WHERE m.state NOT IN ('draft', 'cancel', 'done')
       AND m.product_id IN (SELECT product_id FROM keys)
       AND NOT EXISTS (SELECT 1 FROM warehouse_location src
                        WHERE src.location_id = m.location_id
                          AND src.warehouse_id = wl.warehouse_id)
    UNION ALL
    SELECT m.product_id, wl.warehouse_id, 0 AS incoming, m.product_qty AS outgoing
      FROM stock_move m
      JOIN warehouse_location wl ON wl.location_id = m.location_id
     WHERE m.state NOT IN ('draft', 'cancel', 'done')
       AND m.product_id IN (SELECT product_id FROM keys)
       AND NOT EXISTS (SELECT 1 FROM warehouse_location dest
                        WHERE dest.location_id = m.location_dest_id
                          AND dest.warehouse_id = wl.warehouse_id)
),
moves AS (
    SELECT product_id, warehouse_id, SUM(incoming) AS incoming, SUM(outgoing) AS outgoing
      FROM pending
     GROUP BY product_id, warehouse_id
),
safety AS (
    SELECT o.product_id, o.warehouse_id, SUM(o.product_min_qty) AS qty
      FROM stock_warehouse_orderpoint o
     WHERE o.active AND o.product_id IN (SELECT product_id FROM keys)
     GROUP BY o.product_id, o.warehouse_id
),
demand AS (
    SELECT d.product_id, t.warehouse_id, SUM(d.product_qty) AS qty
      FROM sales_demand d
      JOIN crm_team t ON t.id = d.region_id
     WHERE d.state IN %(open_demand_states)s AND d.product_id IN (SELECT product_id FROM keys)
     GROUP BY d.product_id, t.warehouse_id
),
requested AS (
    SELECT l.product_id, r.warehouse_id, SUM(l.product_qty) AS qty
      FROM stock_transfer_request_line l
      JOIN stock_transfer_request r ON r.id = l.request_id
     WHERE r.state IN %(untransferred_states)s AND l.product_id IN (SELECT product_id FROM keys)
     GROUP BY l.product_id, r.warehouse_id
),
figures AS (
    SELECT k.product_id, k.warehouse_id,
           COALESCE(h.qty, 0) AS on_hand,
           COALESCE(m.incoming, 0) AS incoming,
           COALESCE(m.outgoing, 0) AS outgoing,
           COALESCE(h.qty, 0) + COALESCE(m.incoming, 0) - COALESCE(m.outgoing, 0) AS forecast,
           COALESCE(d.qty, 0) AS demand,
           COALESCE(s.qty, 0) AS safety,
           COALESCE(r.qty, 0) AS requested
      FROM keys k
      LEFT JOIN on_hand h ON h.product_id = k.product_id AND h.warehouse_id = k.warehouse_id
      LEFT JOIN moves m ON m.product_id = k.product_id AND m.warehouse_id = k.warehouse_id
      LEFT JOIN safety s ON s.product_id = k.product_id AND s.warehouse_id = k.warehouse_id
      LEFT JOIN demand d ON d.product_id = k.product_id AND d.warehouse_id = k.warehouse_id
      LEFT JOIN requested r ON r.product_id = k.product_id AND r.warehouse_id = k.warehouse_id
)
SELECT f.product_id, f.warehouse_id, f.on_hand, f.incoming, f.outgoing, f.forecast, f.demand,
       f.safety, f.requested, GREATEST(f.safety + f.demand - f.forecast, 0) AS shortage
  FROM figures f
"""

# Keys given by the caller: two arrays of the same length
PAIRS_KEYS = """
    SELECT DISTINCT k.product_id, k.warehouse_id
      FROM unnest(%(product_ids)s::int[], %(warehouse_ids)s::int[]) AS k(product_id, warehouse_id)
"""

# Keys of the stock check scan: every active storable product with an active reordering rule
# in the given warehouses
SAFETY_KEYS = """
    SELECT DISTINCT o.product_id, o.warehouse_id
      FROM stock_warehouse_orderpoint o
      JOIN product_product p ON p.id = o.product_id
      JOIN product_template pt ON pt.id = p.product_tmpl_id
     WHERE o.active AND p.active AND pt.type = 'product'
       AND o.warehouse_id = ANY(%(warehouse_ids)s::int[])
"""

# Keys of the stock check view: in the warehouses of the sales regions, every product with a
# safety level, open demand, stock or a pending move
REGIONAL_KEYS = """
    SELECT o.product_id, o.warehouse_id
      FROM stock_warehouse_orderpoint o
     WHERE o.active AND o.warehouse_id IN (SELECT warehouse_id FROM regional_warehouse)
    UNION
    SELECT d.product_id, t.warehouse_id
      FROM sales_demand d
      JOIN crm_team t ON t.id = d.region_id
     WHERE d.state IN %(open_demand_states)s AND t.warehouse_id IS NOT NULL
    UNION
    SELECT q.product_id, rl.warehouse_id
      FROM stock_quant q
      JOIN regional_location rl ON rl.location_id = q.location_id
    UNION
    SELECT m.product_id, rl.warehouse_id
      FROM stock_move m
      JOIN regional_location rl ON rl.location_id IN (m.location_id, m.location_dest_id)
     WHERE m.state NOT IN ('draft', 'cancel', 'done')
"""
REGIONAL_WAREHOUSES = """
    regional_warehouse AS (
        SELECT DISTINCT warehouse_id FROM crm_team
         WHERE is_sales_region AND active AND warehouse_id IS NOT NULL
    ),
    regional_location AS (
        SELECT w.id AS warehouse_id, w.view_location_id AS location_id
          FROM stock_warehouse w
         WHERE w.id IN (SELECT warehouse_id FROM regional_warehouse)
        UNION
        SELECT parent.warehouse_id, child.id
          FROM stock_location child
          JOIN regional_location parent ON child.location_id = parent.location_id
    )
"""


class SalesStockCheck(models.Model):
    """The stock check: the stock figures of every product in every regional warehouse.

    Also the home of the one batched computation of the stock figures (:meth:`get_figures`,
    :meth:`get_shortages`), which the view, the stock check scan and the transfer request
    lines all use.
    """
    _name = 'sales.stock.check'
    _description = 'Stock Check'
    _auto = False
    _order = 'shortage_qty desc, region_id, product_id'
    _rec_name = 'product_id'

    region_id = fields.Many2one('crm.team', string='Region', readonly=True)
    warehouse_id = fields.Many2one('stock.warehouse', string='Warehouse', readonly=True)
    company_id = fields.Many2one('res.company', string='Company', readonly=True)
    product_id = fields.Many2one('product.product', string='Product', readonly=True)
    product_categ_id = fields.Many2one('product.category', string='Product Category',
                                       readonly=True)
    product_uom_id = fields.Many2one('product.uom', string='Unit of Measure', readonly=True)
    on_hand_qty = fields.Float(string='On Hand', readonly=True,
                               digits=dp.get_precision('Product Unit of Measure'))
    incoming_qty = fields.Float(string='Incoming', readonly=True,
                                digits=dp.get_precision('Product Unit of Measure'))
    outgoing_qty = fields.Float(string='Outgoing', readonly=True,
                                digits=dp.get_precision('Product Unit of Measure'))
    forecast_qty = fields.Float(string='Forecast', readonly=True,
                                digits=dp.get_precision('Product Unit of Measure'))
    demand_qty = fields.Float(string='Open Demand', readonly=True,
                              digits=dp.get_precision('Product Unit of Measure'))
    safety_qty = fields.Float(string='Safety Stock', readonly=True,
                              digits=dp.get_precision('Product Unit of Measure'))
    requested_qty = fields.Float(
        string='In Open Requests', readonly=True,
        digits=dp.get_precision('Product Unit of Measure'),
        help="Requested in transfer requests that are not yet approved.")
    shortage_qty = fields.Float(
        string='Shortage', readonly=True, digits=dp.get_precision('Product Unit of Measure'),
        help="Safety stock plus open demand minus forecast, when positive.")
    below_safety = fields.Boolean(string='Below Safety', readonly=True)

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        figures = self._figures_sql(REGIONAL_KEYS, with_clause=REGIONAL_WAREHOUSES)
        query = """
            CREATE VIEW {table} AS (
                SELECT (t.id::bigint << 32) + f.product_id AS id,
                       t.id AS region_id, f.warehouse_id,
                       COALESCE(t.company_id, w.company_id) AS company_id,
                       f.product_id, pt.categ_id AS product_categ_id,
                       pt.uom_id AS product_uom_id,
                       f.on_hand AS on_hand_qty, f.incoming AS incoming_qty,
                       f.outgoing AS outgoing_qty, f.forecast AS forecast_qty,
                       f.demand AS demand_qty, f.safety AS safety_qty,
                       f.requested AS requested_qty, f.shortage AS shortage_qty,
                       f.shortage > 0 AS below_safety
                  FROM ({figures}) f
                  JOIN stock_warehouse w ON w.id = f.warehouse_id
                  JOIN crm_team t ON t.warehouse_id = f.warehouse_id
                                 AND t.is_sales_region AND t.active
                  JOIN product_product p ON p.id = f.product_id
                  JOIN product_template pt ON pt.id = p.product_tmpl_id
                 WHERE p.active AND pt.type = 'product'
            )""".format(table=self._table, figures=figures)
        self.env.cr.execute(query, self._state_params())

    # The stock figures: public API

    @api.model
    def get_figures(self, pairs):
        """Stock figures of the given (product id, warehouse id) pairs, in one query.

        :param pairs: iterable of (product_id, warehouse_id)
        :return: {(product_id, warehouse_id): StockFigures} with an entry for every pair
        """
        pairs = sorted(set(pairs))
        if not pairs:
            return {}
        params = dict(self._state_params(), product_ids=[product for product, _w in pairs],
                      warehouse_ids=[warehouse for _p, warehouse in pairs])
        self.env.cr.execute(self._figures_sql(PAIRS_KEYS), params)
        return {(figures.product_id, figures.warehouse_id): figures
                for figures in self._fetch_figures()}

    @api.model
    def get_figures_for(self, products, warehouses):
        """Stock figures of every product in every warehouse (recordsets), in one query."""
        return self.get_figures((product.id, warehouse.id)
                                for product in products for warehouse in warehouses)

    @api.model
    def get_shortages(self, warehouses):
        """The scan of the stock check, in one query: every active storable product with a
        safety level in the given warehouses whose stock is short, except those already in an
        open transfer request to that warehouse.

        :param warehouses: stock.warehouse recordset
        :return: list of StockFigures with a positive shortage, by warehouse and product
        """
        if not warehouses:
            return []
        query = """
            SELECT * FROM ({figures}) s
             WHERE s.shortage > 0
               AND NOT EXISTS (
                   SELECT 1 FROM stock_transfer_request_line l
                     JOIN stock_transfer_request r ON r.id = l.request_id
                    WHERE r.state IN %(open_request_states)s
                      AND l.product_id = s.product_id AND r.warehouse_id = s.warehouse_id)
             ORDER BY s.warehouse_id, s.product_id
        """.format(figures=self._figures_sql(SAFETY_KEYS))
        params = dict(self._state_params(), warehouse_ids=warehouses.ids,
                      open_request_states=OPEN_REQUEST_STATES)
        self.env.cr.execute(query, params)
        return self._fetch_figures()

    # Helpers

    @api.model
    def _figures_sql(self, keys, with_clause=None):
        sql = FIGURES_SQL.format(keys=keys)
        if with_clause:
            sql = sql.replace('WITH RECURSIVE keys AS (', 'WITH RECURSIVE %s, keys AS (' % with_clause, 1)
        return sql

    @api.model
    def _state_params(self):
        return {'open_demand_states': OPEN_DEMAND_STATES,
                'untransferred_states': UNTRANSFERRED_REQUEST_STATES}

    def _fetch_figures(self):
        rows = self.env.cr.fetchall()  # before precision_get, which may query the same cursor
        digits = self.env['decimal.precision'].precision_get('Product Unit of Measure')
        result = []
        for row in rows:
            values = [round(float(value), digits) for value in row[2:]]
            result.append(StockFigures(row[0], row[1], *values))
        return result
