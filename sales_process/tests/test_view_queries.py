"""List and form views stay fast: opening a list of the module's models costs the same number of
SQL queries for 10 records as for 80, and opening a form the same for a record with 2 lines as
with 20, whatever the model.

Every tree and form view of the module's own stored models is read as the web client reads it:
a list is `search_read` of the tree view's fields (limit 80); a form is `read` of the form's
fields, then `read` of each one2many's lines with the fields of its list (the sub-view inside the
form, else the comodel's tree view). The records are clones of the demo's (SQL, one statement per
batch): a list or form costs queries per field and per batch, never per record or line.
"""
import logging

from psycopg2 import IntegrityError

from odoo.tools import mute_logger

from .common import SalesProcessCase

_logger = logging.getLogger(__name__)

LIST_SIZES = (10, 80)
LINE_COUNTS = (2, 20)


class TestViewQueries(SalesProcessCase):

    @classmethod
    def setUpClass(cls):
        super(TestViewQueries, cls).setUpClass()
        cls.reader = cls.users['general_manager']  # head office: every region's records
        own = cls.env['ir.model.data'].search([('module', '=', 'sales_process'),
                                               ('model', '=', 'ir.model')])
        # the models the module defines, not those it extends (res.partner, sale.order...)
        others = cls.env['ir.model.data'].search([('module', '!=', 'sales_process'),
                                                  ('model', '=', 'ir.model'),
                                                  ('res_id', 'in', own.mapped('res_id'))])
        names = cls.env['ir.model'].browse(
            set(own.mapped('res_id')) - set(others.mapped('res_id'))).mapped('model')
        cls.models = sorted(name for name in names if name in cls.env.registry
                            and cls.stored(cls.env[name]))

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
        except IntegrityError:  # a row unique per company, per person and period...
            return []

    def source(self, model):
        self.env.cr.execute('SELECT min(id) FROM "%s"' % self.env[model]._table)
        return self.env.cr.fetchone()[0]

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
        """The fields the form's list of the one2many `name` shows."""
        field = form['fields'][name]
        sub = field.get('views', {}).get('tree')
        if sub:
            return list(sub['fields'])
        return list(self.env[field['relation']].sudo(self.reader).fields_view_get(
            view_type='tree')['fields'])

    def form_queries(self, view, record_id):
        Model = self.env[view.model].sudo(self.reader)
        form = Model.fields_view_get(view_id=view.id, view_type='form')
        o2m = [name for name, field in form['fields'].items() if field['type'] == 'one2many']

        def read():
            row = Model.browse(record_id).read(list(form['fields']))[0]
            for name in o2m:
                comodel = self.env[form['fields'][name]['relation']].sudo(self.reader)
                comodel.browse(row[name]).read(self.line_fields(form, name))
        return self.queries(read)

    def form_lines(self, model, record_id, count):
        """`count` lines in each stored one2many of the record (clones of existing lines)."""
        filled = []
        for name, field in self.env[model]._fields.items():
            if field.type != 'one2many' or not field.store or not field.inverse_name:
                continue
            comodel = self.env[field.comodel_name]
            inverse = comodel._fields.get(field.inverse_name)
            if not (self.stored(comodel) and inverse and inverse.store and inverse.type == 'many2one'):
                continue
            if self.clone(field.comodel_name, count, **{field.inverse_name: record_id}):
                filled.append(name)
        return filled

    # The tests

    def views(self, view_type):
        return self.env['ir.ui.view'].search([
            ('model', 'in', self.models), ('type', '=', view_type), ('inherit_id', '=', False)],
            order='model, id')

    def test_lists_cost_the_same_for_10_or_80_records(self):
        table, growing, empty = [], [], []
        for view in self.views('tree'):
            small, big = (self.clone(view.model, size) for size in LIST_SIZES)
            if not small:
                empty.append(view.xml_id or view.name)
                continue
            counts = (self.list_queries(view, small), self.list_queries(view, big))
            table.append('%-60s %4d %4d' % (view.xml_id or view.name, *counts))
            if counts[0] != counts[1]:
                growing.append(table[-1])
        _logger.info('list views, queries for %s records:\n%s\nwithout records to clone: %s',
                     ' and '.join(map(str, LIST_SIZES)), '\n'.join(table), ', '.join(empty))
        self.assertTrue(table)
        self.assertFalse(growing, 'lists whose queries grow with their records:\n' +
                         '\n'.join(growing))

    def test_forms_cost_the_same_for_2_or_20_lines(self):
        table, growing, empty = [], [], []
        for view in self.views('form'):
            records = self.clone(view.model, 2)
            if not records:
                empty.append(view.xml_id or view.name)
                continue
            filled = [self.form_lines(view.model, record, count)
                      for record, count in zip(records, LINE_COUNTS)][0]
            counts = [self.form_queries(view, record) for record in records]
            table.append('%-60s %4d %4d  %s' % (view.xml_id or view.name, *counts,
                                                ', '.join(filled) or '(no lines)'))
            if counts[0] != counts[1]:
                growing.append(table[-1])
        _logger.info('form views, queries for %s lines:\n%s\nwithout records to clone: %s',
                     ' and '.join(map(str, LINE_COUNTS)), '\n'.join(table), ', '.join(empty))
        self.assertTrue(table)
        self.assertFalse(growing, 'forms whose queries grow with their lines:\n' +
                         '\n'.join(growing))
