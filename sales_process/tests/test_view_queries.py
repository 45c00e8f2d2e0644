"""List and form views stay fast: opening any list or kanban of the module costs the same number
of SQL queries for 10 records as for 80, and opening any form the same for a record with 2 lines
as with 20, whatever the model.

The views are the module's own (every tree, kanban, calendar and form view with an XML id of
sales_process; a view extending another model's is measured as the view it extends, with the
module's additions), so that a new view is measured without changing this test; those that are
not measured are listed in UNMEASURED with the reason, and a view neither measured nor listed
fails the test.

Each is read as the web client reads it: a list is `search_read` of the view's fields (limit 80);
a form is `read` of the form's fields, then `read` of each one2many's and many2many's lines
with the fields of its list (the sub-view inside the form, else the comodel's tree view). The
records are clones of the demo's (SQL, one statement per batch; the rules that make a row
unique, one strategy per year, one scoring per company, are lifted in the test's transaction,
which rolls back); a report read from an SQL view is measured on its own rows. A list or form
costs queries per field and per batch, never per record or line.
"""
import logging
from contextlib import contextmanager

from psycopg2 import IntegrityError

from odoo.tools import mute_logger

from .common import SalesProcessCase

_logger = logging.getLogger(__name__)

LIST_SIZES = (10, 80)
LINE_COUNTS = (2, 20)
LIST_TYPES = ('tree', 'kanban', 'calendar')

# The module's list and form views not measured here (XML id: why). Wizards (transient models)
# are not either: they open on a new record filled by default_get and onchanges, never read as
# a list, and their lines are made by the button that opens them.
UNMEASURED = {
    'sales_process.sales_process_dashboard_tile_view_kanban':
        "the dashboard: each tile is a count of its own model and domain with the user's record "
        "rules (one search_count per tile, by design); the tiles are configuration (the data's "
        "17), not documents, and the counts do not depend on the documents counted",
}


class TestViewQueries(SalesProcessCase):

    @classmethod
    def setUpClass(cls):
        super(TestViewQueries, cls).setUpClass()
        cls.reader = cls.users['general_manager']  # head office: every region's records
        cls.fill_what_the_demo_lacks()

    @classmethod
    def fill_what_the_demo_lacks(cls):
        """A record to clone of the models the demo has none of: a repeat defect alert, an
        evaluation report (of the demo's ended promotion)."""
        if not cls.env['sales.aftersales.alert'].search_count([]):
            cause = cls.env['sales.aftersales.root.cause'].create({'name': 'Test Views Cause'})
            cls.env['sales.aftersales.alert']._workflow_create({
                'product_id': cls.env['product.product'].search([], limit=1).id,
                'root_cause_id': cause.id, 'window_days': 90, 'case_count': 2})
        if not cls.env['sales.promotion.evaluation'].search_count([]):
            promotion = cls.env['sales.promotion'].search(
                [('state', 'in', ('running', 'evaluation'))], limit=1)
            promotion.action_evaluation()  # the superuser may write it

    def setUp(self):
        super(TestViewQueries, self).setUp()
        self.lifted = set()  # each test's changes roll back at its end

    @staticmethod
    def stored(model):
        return not (model._abstract or model._transient) and model._auto

    # Records, cloned in SQL

    def clone(self, model, count, **values):
        """`count` copies of a row of `model` (the demo's, or the test's), `values` set: ids."""
        Model = self.env[model]
        source = self.source(model)
        if not source:
            return []
        self.lift_unique_rules(Model._table)
        self.env.cr.execute("SELECT column_name FROM information_schema.columns "
                            "WHERE table_name = %s AND column_name != 'id'", [Model._table])
        columns = [row[0] for row in self.env.cr.fetchall()]
        selected = ['%s' if column in values else '"%s"' % column for column in columns]
        try:
            with mute_logger('odoo.sql_db'), self.env.cr.savepoint():
                self.env.cr.execute(
                    'INSERT INTO "{table}" ({columns}) SELECT {selected} FROM "{table}", '
                    'generate_series(1, %s) WHERE id = %s RETURNING id'.format(
                        table=Model._table,
                        columns=', '.join('"%s"' % column for column in columns),
                        selected=', '.join(selected)),
                    [values[column] for column in columns if column in values] + [count, source])
                return [row[0] for row in self.env.cr.fetchall()]
        except IntegrityError:  # reported as a view without records to clone
            return []

    def lift_unique_rules(self, table):
        """Drop the table's unique constraints and indexes (one strategy per year and company,
        one scoring per company...) for the test's transaction: the clones repeat their source."""
        if table in self.lifted:
            return
        self.lifted.add(table)
        self.env.cr.execute("""
            SELECT conname FROM pg_constraint
             WHERE conrelid = %s::regclass AND contype IN ('u', 'x')""", [table])
        for name, in self.env.cr.fetchall():
            self.env.cr.execute('ALTER TABLE "%s" DROP CONSTRAINT "%s"' % (table, name))
        self.env.cr.execute("""
            SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
             WHERE i.indrelid = %s::regclass AND i.indisunique AND NOT i.indisprimary""", [table])
        for name, in self.env.cr.fetchall():
            self.env.cr.execute('DROP INDEX "%s"' % name)

    def source(self, model):
        self.env.cr.execute('SELECT min(id) FROM "%s"' % self.env[model]._table)
        return self.env.cr.fetchone()[0]

    def existing(self, view):
        """(small, big) rows of a report read from an SQL view: up to 80 of its rows, and the
        fewest of them that show every many2one of the list at least once (a row without a root
        cause reads no root cause: the two sets must read the same comodels)."""
        Model = self.env[view.model]
        self.env.cr.execute('SELECT id FROM "%s" ORDER BY id LIMIT %%s' % Model._table,
                            [LIST_SIZES[1]])
        big = [row[0] for row in self.env.cr.fetchall()]
        small = set(big[:1])
        for name in self.view_fields(view.model, view):
            field = Model._fields[name]
            if field.type == 'many2one' and field.store:
                self.env.cr.execute('SELECT min(id) FROM "%s" WHERE id IN %%s AND "%s" IS NOT NULL'
                                    % (Model._table, name), [tuple(big or [0])])
                small.update(row[0] for row in self.env.cr.fetchall() if row[0])
        return (sorted(small), big) if len(big) >= 2 * len(small) else ([], [])

    # What the web client reads

    def view_fields(self, model, view):
        return list(self.env[model].sudo(self.reader).fields_view_get(
            view_id=view.id, view_type=view.type)['fields'])

    def queries(self, read):
        """The queries of `read()` on a cold cache, once the server's caches are warm."""
        read()
        self.env['res.users'].invalidate_cache()  # the whole cache
        before = self.env.cr.sql_log_count
        read()
        self.env['res.users'].invalidate_cache()  # the whole cache
        return self.env.cr.sql_log_count - before

    def list_queries(self, view, ids):
        Model = self.env[view.model].sudo(self.reader)
        fields = self.view_fields(view.model, view)
        return self.queries(lambda: Model.search_read([('id', 'in', ids)], fields, limit=80))

    def line_fields(self, form, name):
        """The fields the form's list of the one2many or many2many `name` shows."""
        field = form['fields'][name]
        sub = field.get('views', {}).get('tree')
        if sub:
            return list(sub['fields'])
        return list(self.env[field['relation']].sudo(self.reader).fields_view_get(
            view_type='tree')['fields'])

    def form_queries(self, view, record_id):
        Model = self.env[view.model].sudo(self.reader)
        form = Model.fields_view_get(view_id=view.id, view_type='form')
        x2m = [name for name, field in form['fields'].items()
               if field['type'] in ('one2many', 'many2many')]

        def read():
            row = Model.browse(record_id).read(list(form['fields']))[0]
            for name in x2m:
                comodel = self.env[form['fields'][name]['relation']].sudo(self.reader)
                comodel.browse(row[name]).read(self.line_fields(form, name))
        return self.queries(read)

    def form_lines(self, model, record_id, count):
        """`count` lines in each stored one2many and many2many of the record (clones of
        existing lines; a many2many linked to clones of one of its records)."""
        filled = []
        for name, field in self.env[model]._fields.items():
            if field.type not in ('one2many', 'many2many') or not field.store:
                continue
            comodel = self.env[field.comodel_name]
            if not self.stored(comodel):
                continue
            if field.type == 'many2many':
                lines = self.clone(field.comodel_name, count)
                if lines:
                    self.lift_unique_rules(field.relation)
                    self.env.cr.execute(
                        'INSERT INTO "%s" ("%s", "%s") SELECT %%s, unnest(%%s)'
                        % (field.relation, field.column1, field.column2), [record_id, lines])
                    filled.append(name)
                continue
            inverse = comodel._fields.get(field.inverse_name)
            if not (inverse and inverse.store and inverse.type == 'many2one'):
                continue
            if self.clone(field.comodel_name, count, **{field.inverse_name: record_id}):
                filled.append(name)
        return filled

    # The views

    def module_views(self, view_types):
        """{view measured: [the module's views it stands for]}: the module's views of these
        types, an extension measured as the view it extends (with every extension)."""
        data = self.env['ir.model.data'].search([('module', '=', 'sales_process'),
                                                 ('model', '=', 'ir.ui.view')])
        views = self.env['ir.ui.view'].browse(data.mapped('res_id')).filtered(
            lambda view: view.type in view_types)
        self.assertTrue(views)
        measured = {}
        for view in views.sorted('id'):
            if view.xml_id in UNMEASURED or self.env[view.model]._transient:
                continue
            root = view
            while root.inherit_id and root.mode == 'extension':
                root = root.inherit_id
            measured.setdefault(root, []).append(view.xml_id)
        return measured

    def measure(self, view, names, queries, samples):
        """(the counts as text, their growth from the first sample to the second): a view
        of another module, with the module's additions, may grow as much as it does without."""
        counts = [queries(view, sample) for sample in samples]
        growth = counts[1] - counts[0]
        text = '%4d %4d' % tuple(counts)
        if names != [view.xml_id]:
            with self.without_extensions(names):
                standard = [queries(view, sample) for sample in samples]
            growth -= standard[1] - standard[0]
            text += ' (without the module: %d %d)' % tuple(standard)
        return text, growth

    @contextmanager
    def without_extensions(self, xml_ids):
        """The views extended as they are without these extensions of the module."""
        extensions = self.env['ir.ui.view'].browse([self.env.ref(xml_id).id for xml_id in xml_ids])
        extensions.write({'active': False})
        try:
            yield
        finally:
            extensions.write({'active': True})

    @staticmethod
    def label(view, names):
        return ', '.join(names) if names != [view.xml_id] else view.xml_id

    # The tests

    def test_the_unmeasured_views_exist(self):
        views = self.env['ir.ui.view'].browse(
            [self.env.ref(xml_id).id for xml_id in UNMEASURED]).exists()
        self.assertEqual(len(views), len(UNMEASURED))

    def test_lists_cost_the_same_for_10_or_80_records(self):
        table, growing, empty = [], [], []
        for view, names in self.module_views(LIST_TYPES).items():
            name = self.label(view, names)
            if self.stored(self.env[view.model]):
                small, big = (self.clone(view.model, size) for size in LIST_SIZES)
            else:  # a report read from an SQL view: its own rows
                small, big = self.existing(view)
            if not (small and big):
                empty.append(name)
                continue
            counts, growth = self.measure(view, names, self.list_queries, (small, big))
            table.append('%-70s %s  (%d, %d records)' % (name, counts, len(small), len(big)))
            if growth:
                growing.append(table[-1])
        _logger.info('list views, queries for %s records:\n%s\nwithout records: %s',
                     ' and '.join(map(str, LIST_SIZES)), '\n'.join(table), ', '.join(empty))
        self.assertFalse(empty, 'lists without records to measure (give the demo some, or '
                                'list them in UNMEASURED with the reason): %s' % ', '.join(empty))
        self.assertFalse(growing, 'lists whose queries grow with their records (more than the '
                                  'standard list they extend):\n' +
                         '\n'.join(growing))

    def test_forms_cost_the_same_for_2_or_20_lines(self):
        table, growing, empty = [], [], []
        for view, names in self.module_views(('form',)).items():
            name = self.label(view, names)
            records = self.clone(view.model, 2)
            if not records:
                empty.append(name)
                continue
            filled = [self.form_lines(view.model, record, count)
                      for record, count in zip(records, LINE_COUNTS)][0]
            counts, growth = self.measure(view, names, self.form_queries, records)
            table.append('%-70s %s  %s' % (name, counts, ', '.join(filled) or '(no lines)'))
            if growth:
                growing.append(table[-1])
        _logger.info('form views, queries for %s lines:\n%s\nwithout records: %s',
                     ' and '.join(map(str, LINE_COUNTS)), '\n'.join(table), ', '.join(empty))
        self.assertFalse(empty, 'forms without records to measure (give the demo some, or '
                                'list them in UNMEASURED with the reason): %s' % ', '.join(empty))
        self.assertFalse(growing, 'forms whose queries grow with their lines (more than the '
                                  'standard form they extend):\n' +
                         '\n'.join(growing))
