from collections import namedtuple

from odoo import api, fields, models
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

# The one computation of the stock figures, for the (product, warehouse) keys given by the query
# {keys}: one aggregate per table, restricted to the warehouses {warehouses} (an int[]) and, unless
# it is NULL, to the products {products} (an int[]), so that the number of queries never depends
# on the number of products. {locations} lists the locations of each warehouse.
FIGURES_SQL = """
WITH RECURSIVE warehouse_location AS (
    {locations}
),
on_hand AS (
    SELECT q.product_id, wl.warehouse_id, SUM(q.quantity) AS qty
      FROM stock_quant q
      JOIN warehouse_location wl ON wl.location_id = q.location_id
     WHERE ({products} IS NULL OR q.product_id = ANY({products}))
     GROUP BY q.product_id, wl.warehouse_id
),
incoming AS (
    SELECT m.product_id, dest.warehouse_id, SUM(m.product_qty) AS qty
      FROM stock_move m
      JOIN warehouse_location dest ON dest.location_id = m.location_dest_id
      LEFT JOIN warehouse_location src ON src.location_id = m.location_id
                                      AND src.warehouse_id = dest.warehouse_id
     WHERE m.state NOT IN ('draft', 'cancel', 'done') AND src.location_id IS NULL
       AND ({products} IS NULL OR m.product_id = ANY({products}))
     GROUP BY m.product_id, dest.warehouse_id
),
outgoing AS (
    SELECT m.product_id, src.warehouse_id, SUM(m.product_qty) AS qty
      FROM stock_move m
      JOIN warehouse_location src ON src.location_id = m.location_id
      LEFT JOIN warehouse_location dest ON dest.location_id = m.location_dest_id
                                       AND dest.warehouse_id = src.warehouse_id
     WHERE m.state NOT IN ('draft', 'cancel', 'done') AND dest.location_id IS NULL
       AND ({products} IS NULL OR m.product_id = ANY({products}))
     GROUP BY m.product_id, src.warehouse_id
),
safety AS (
    SELECT o.product_id, o.warehouse_id, SUM(o.product_min_qty) AS qty
      FROM stock_warehouse_orderpoint o
     WHERE o.active AND o.warehouse_id = ANY({warehouses})
       AND ({products} IS NULL OR o.product_id = ANY({products}))
     GROUP BY o.product_id, o.warehouse_id
),
demand AS (
    SELECT d.product_id, t.warehouse_id, SUM(d.product_qty) AS qty
      FROM sales_demand d
      JOIN crm_team t ON t.id = d.region_id
     WHERE d.state IN %(open_demand_states)s AND t.warehouse_id = ANY({warehouses})
       AND ({products} IS NULL OR d.product_id = ANY({products}))
     GROUP BY d.product_id, t.warehouse_id
),
requested AS (
    SELECT l.product_id, r.warehouse_id, SUM(l.product_qty) AS qty
      FROM stock_transfer_request_line l
      JOIN stock_transfer_request r ON r.id = l.request_id
     WHERE r.state IN %(untransferred_states)s AND r.warehouse_id = ANY({warehouses})
       AND ({products} IS NULL OR l.product_id = ANY({products}))
     GROUP BY l.product_id, r.warehouse_id
),
figures AS (
    SELECT k.product_id, k.warehouse_id,
           COALESCE(h.qty, 0) AS on_hand,
           COALESCE(i.qty, 0) AS incoming,
           COALESCE(o.qty, 0) AS outgoing,
           COALESCE(h.qty, 0) + COALESCE(i.qty, 0) - COALESCE(o.qty, 0) AS forecast,
           COALESCE(d.qty, 0) AS demand,
           COALESCE(s.qty, 0) AS safety,
           COALESCE(r.qty, 0) AS requested
      FROM ({keys}) k
      LEFT JOIN on_hand h ON h.product_id = k.product_id AND h.warehouse_id = k.warehouse_id
      LEFT JOIN incoming i ON i.product_id = k.product_id AND i.warehouse_id = k.warehouse_id
      LEFT JOIN outgoing o ON o.product_id = k.product_id AND o.warehouse_id = k.warehouse_id
      LEFT JOIN safety s ON s.product_id = k.product_id AND s.warehouse_id = k.warehouse_id
      LEFT JOIN demand d ON d.product_id = k.product_id AND d.warehouse_id = k.warehouse_id
      LEFT JOIN requested r ON r.product_id = k.product_id AND r.warehouse_id = k.warehouse_id
)
SELECT f.product_id, f.warehouse_id, f.on_hand::float8, f.incoming::float8, f.outgoing::float8,
       f.forecast::float8, f.demand::float8, f.safety::float8, f.requested::float8,
       GREATEST(f.safety + f.demand - f.forecast, 0)::float8 AS shortage
  FROM figures f
"""

# The locations of the warehouses: Odoo's "child_of the warehouse's view location". Through the
# parent_left/parent_right nested sets, as Odoo does, except while modules are loading, when
# Odoo defers their computation: then by walking the tree.
NESTED_LOCATIONS = """
    SELECT w.id AS warehouse_id, l.id AS location_id
      FROM stock_warehouse w
      JOIN stock_location v ON v.id = w.view_location_id
      JOIN stock_location l ON l.parent_left >= v.parent_left AND l.parent_left < v.parent_right
     WHERE w.id = ANY({warehouses})
"""
WALKED_LOCATIONS = """
    SELECT w.id AS warehouse_id, w.view_location_id AS location_id
      FROM stock_warehouse w
     WHERE w.id = ANY({warehouses})
    UNION
    SELECT parent.warehouse_id, child.id
      FROM stock_location child
      JOIN warehouse_location parent ON child.location_id = parent.location_id
"""

# Keys given by the caller: two arrays of the same length
PAIRS_KEYS = """
    SELECT DISTINCT k.product_id, k.warehouse_id
      FROM unnest(%(product_ids)s::int[], %(warehouse_ids)s::int[]) AS k(product_id, warehouse_id)
"""

# Keys of the stock check scan: every active storable product with an active reordering rule
# in the given warehouses (Odoo archives the rules of a product it archives or unstocks; the
# product conditions only guard against rules left by hand)
SAFETY_KEYS = """
    SELECT DISTINCT o.product_id, o.warehouse_id
      FROM stock_warehouse_orderpoint o
      JOIN product_product p ON p.id = o.product_id
      JOIN product_template pt ON pt.id = p.product_tmpl_id
     WHERE o.active AND p.active AND pt.type = 'product'
       AND o.warehouse_id = ANY(%(warehouse_ids)s::int[])
"""

# The warehouses of the sales regions, and the keys of the stock check view: every product with
# a safety level, open demand, stock or a pending move in them
REGIONAL_WAREHOUSES = """ARRAY(SELECT DISTINCT warehouse_id FROM crm_team
                          WHERE is_sales_region AND active AND warehouse_id IS NOT NULL)"""
REGIONAL_KEYS = """
    SELECT o.product_id, o.warehouse_id
      FROM stock_warehouse_orderpoint o
     WHERE o.active AND o.warehouse_id = ANY({warehouses})
    UNION
    SELECT d.product_id, t.warehouse_id
      FROM sales_demand d
      JOIN crm_team t ON t.id = d.region_id
     WHERE d.state IN %(open_demand_states)s AND t.warehouse_id = ANY({warehouses})
    UNION
    SELECT q.product_id, wl.warehouse_id
      FROM stock_quant q
      JOIN warehouse_location wl ON wl.location_id = q.location_id
    UNION
    SELECT m.product_id, wl.warehouse_id
      FROM stock_move m
      JOIN warehouse_location wl ON wl.location_id IN (m.location_id, m.location_dest_id)
     WHERE m.state NOT IN ('draft', 'cancel', 'done')
"""


class SalesStockCheck(models.Model):
    """The stock check: the stock figures of every product in every regional warehouse.

    Also the home of the one batched computation of the stock figures (:meth:`get_figures`,
    :meth:`get_shortages`), which the view, the stock check scan and the transfer request
    lines all use.
    """
    _name = 'sales.stock.check'
    _description = 'Stock Check'
    _inherit = ['sales.process.sql.view']
    _auto = False
    _order = 'shortage_qty desc, region_id, product_id'
    _rec_name = 'product_id'

    region_id = fields.Many2one('crm.team', readonly=True)
    warehouse_id = fields.Many2one('stock.warehouse', readonly=True)
    company_id = fields.Many2one('res.company', readonly=True)
    product_id = fields.Many2one('product.product', readonly=True)
    product_categ_id = fields.Many2one('product.category', string='Product Category',
                                       readonly=True)
    product_uom_id = fields.Many2one('product.uom', string='Unit of Measure', readonly=True)
    uom_rounding = fields.Float(related='product_uom_id.rounding', readonly=True,
                                string='Unit Rounding')  # the decimals the quantities show
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
    below_safety = fields.Boolean(readonly=True)

    def _view_query(self):
        # the view walks the location tree: it is also read while modules load
        figures = self._figures_sql(REGIONAL_KEYS, REGIONAL_WAREHOUSES, products=None, walk=True)
        # a row per region and product (the figures are per product and warehouse, a region has
        # one warehouse): its id is its rank by region and product, unique, the same on every
        # read while no region or product is added before it, and below 2**31 (XML-RPC's
        # integers) however large the region and product ids grow
        return """
            SELECT row_number() OVER (ORDER BY t.id, f.product_id) AS id,
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
             WHERE p.active AND pt.type = 'product'""".format(figures=figures)

    def _view_params(self):
        return self._state_params()

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
        """.format(figures=self._figures_sql(SAFETY_KEYS, products=None))
        params = dict(self._state_params(), warehouse_ids=warehouses.ids,
                      open_request_states=OPEN_REQUEST_STATES)
        self.env.cr.execute(query, params)
        return self._fetch_figures()

    # Helpers

    @api.model
    def _figures_sql(self, keys, warehouses='%(warehouse_ids)s::int[]',
                     products='%(product_ids)s::int[]', walk=None):
        """The figures query for the keys; products=None: every product of the warehouses (the
        scan and the view look at most of them: filtering would cost more than it saves)."""
        if walk is None:
            Location = self.env['stock.location']
            walk = Location.pool._init or self.env.context.get('defer_parent_store_computation')
        locations = (WALKED_LOCATIONS if walk else NESTED_LOCATIONS).format(warehouses=warehouses)
        return FIGURES_SQL.format(
            locations=locations, keys=keys.format(warehouses=warehouses),
            warehouses=warehouses, products='NULL::int[]' if products is None else products)

    @api.model
    def _state_params(self):
        return {'open_demand_states': OPEN_DEMAND_STATES,
                'untransferred_states': UNTRANSFERRED_REQUEST_STATES}

    def _fetch_figures(self):
        rows = self.env.cr.fetchall()  # before precision_get, which may query the same cursor
        digits = self.env['decimal.precision'].precision_get('Product Unit of Measure')
        return [StockFigures(row[0], row[1], *[round(value, digits) for value in row[2:]])
                for row in rows]
