"""The reports read from PostgreSQL views (models with ``_auto = False``: the
``sales.process.sql.view`` base, and any other) give every row a unique id below 2**31: XML-RPC
carries 32-bit signed integers only, and the web client's lists, pivots and graphs open a row by
its id. Checked on the demo database, whose reports have rows.

tests_browser/test_rpc_sql_views.py searches and reads each of them over the real XML-RPC API:
its list of models must be the registry's."""
import ast
import os

from .common import SalesProcessCase

RPC_TEST = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(__file__))),
                        'tests_browser', 'test_rpc_sql_views.py')


def rpc_test_models():
    """SQL_VIEW_MODELS of the XML-RPC test, None when the module runs outside its repository."""
    if not os.path.exists(RPC_TEST):
        return None
    with open(RPC_TEST) as source:
        tree = ast.parse(source.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], 'id', '') == 'SQL_VIEW_MODELS':
            return set(ast.literal_eval(node.value))
    return set()


class TestSqlViewIds(SalesProcessCase):

    def sql_view_models(self):
        return sorted(name for name, model in self.env.registry.items()
                      if not (model._auto or model._abstract or model._transient)
                      and model._original_module == 'sales_process')

    def test_every_sql_view_row_has_a_unique_id_below_2_31(self):
        models = self.sql_view_models()
        self.assertIn('sales.stock.check', models)
        self.assertIn('sales.aftersales.case.report', models)
        filled = []
        for name in models:
            # the table name is the model's own (a view of the module), not input
            self.env.cr.execute(  # pylint: disable=sql-injection
                'SELECT count(*), count(DISTINCT id), min(id), max(id) FROM "%s"'
                % self.env[name]._table)
            count, distinct, low, high = self.env.cr.fetchone()
            self.assertEqual(count, distinct, '%s: an id is repeated' % name)
            if count:
                filled.append(name)
                self.assertGreater(low, 0, name)
                self.assertLess(high, 2 ** 31, '%s: ids above XML-RPC\'s integers' % name)
        # the two whose ids were composed (region and product, case and product) have rows
        self.assertIn('sales.stock.check', filled)
        self.assertIn('sales.aftersales.case.report', filled)

    def test_the_rows_are_read_by_their_ids(self):
        """The ORM reads a row by its id as the web client does when it opens one."""
        for name in self.sql_view_models():
            Model = self.env[name].sudo(self.users['general_manager'])
            rows = Model.search_read([], ['display_name'], limit=5)
            if rows:
                again = Model.browse([row['id'] for row in rows]).read(['display_name'])
                self.assertEqual(again, rows, name)

    def test_a_case_report_row_is_its_first_line(self):
        """The case report's id is the first line of its case and product: a line of that case
        and product, and the first of them."""
        self.env.cr.execute("""
            SELECT count(*) FROM sales_aftersales_case_report r
             WHERE r.id IS DISTINCT FROM (
                   SELECT min(l.id) FROM sales_aftersales_case_line l
                    WHERE l.case_id = r.case_id AND l.product_id = r.product_id)""")
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_the_xml_rpc_test_reads_every_sql_view(self):
        listed = rpc_test_models()
        if listed is None:
            self.skipTest('the module runs outside its repository (no tests_browser)')
        self.assertEqual(listed, set(self.sql_view_models()),
                         'tests_browser/test_rpc_sql_views.py: SQL_VIEW_MODELS is the '
                         'registry\'s SQL-view models')
