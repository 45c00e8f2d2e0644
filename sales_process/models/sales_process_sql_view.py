from odoo import api, models, tools


class SalesProcessSqlView(models.AbstractModel):
    """A model read from a PostgreSQL view (the reports' pivots and graphs, the stock check):
    the view is dropped and created again from the model's query whenever the module is
    installed or updated.

    A model built on it declares ``_auto = False`` (the ORM creates no table for it; Odoo
    takes that attribute from ``models.Model`` before any inherited one) and implements:

    * ``_view_query()``: the view's SELECT, a row per record with a unique ``id`` below 2**31
      (XML-RPC carries 32-bit integers only: a row's own table id, or its rank by a unique key,
      never ids packed together; tests/test_sql_view_ids.py); the module's own SQL text (a
      measure's query included), never user input;
    * ``_view_params()``, when the SELECT has ``%(name)s`` placeholders: their values (default:
      none, and the text is executed as it is).

    Not ``_table_query``: later Odoo versions read a model from a query of that name with no
    view at all, and a method of that name would be taken for it when the module is ported.
    """
    _name = 'sales.process.sql.view'
    # an existing, translated term: the model's name only shows in the technical settings
    _description = 'Reporting'

    @api.model_cr
    def init(self):
        if self._abstract:
            return
        tools.drop_view_if_exists(self.env.cr, self._table)
        # the view's SQL is the module's own text (see _view_query), no input
        # pylint: disable=sql-injection
        self.env.cr.execute('CREATE VIEW %s AS (%s)' % (self._table, self._view_query()),
                            self._view_params())

    def _view_query(self):
        raise NotImplementedError

    def _view_params(self):
        return None
