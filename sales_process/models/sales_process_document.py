"""The document layer: what every document of the sales process has, written once.

A document (a sales plan, a transfer request, market demand, ...) inherits
``sales.process.document`` and declares:

* ``_workflow_fields``: the fields only its own actions write (its state, the links and dates
  its workflow sets). ``create`` and ``write`` refuse them from anyone else, over RPC too; the
  actions apply them with ``_workflow_write`` (and ``_workflow_create``), with the module's
  rights and the acting user recorded;
* ``_is_locked()`` (and ``_unlocked_fields``): when the document no longer accepts edits, and
  which fields stay editable then;

and uses its helpers: ``_post`` (a note in the chatter, by the acting user),
``_schedule_activity`` (a to-do worded in each assignee's language), ``_close_activities``,
``_selection_label`` and ``_actor``; ``create_in_bulk`` writes the thousands of lines a
document's action may make (a stock check's proposal, a plan's decomposition) in one statement;
``_claim_run`` keeps a scheduled job's work to one run at a time, whichever server runs it.
"""
import logging

from psycopg2 import OperationalError, errorcodes

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html_escape

_logger = logging.getLogger(__name__)

# Passed in the context by the module's own actions (see _as_module) to write workflow fields.
# RPC and the web client only carry JSON: they can never produce this object.
WORKFLOW_TOKEN = object()
# Fields that stay writable on a locked document: the chatter's and archiving
ALWAYS_UNLOCKED = frozenset({
    'active', 'message_follower_ids', 'message_ids', 'activity_ids', 'website_message_ids',
    'message_main_attachment_id'})


class Actor(object):
    """The user who really acts when the module writes with its own rights (an approver, a
    warehouse clerk validating a transfer order): chatter, tracking and activities name them.
    Carried in the context, where RPC (JSON only) cannot forge it."""
    __slots__ = ('uid',)

    def __init__(self, uid):
        self.uid = uid


def is_workflow_call(env):
    """Whether the module's own workflow is writing (see SalesProcessDocument._as_module)."""
    return env.context.get('sales_process_workflow') is WORKFLOW_TOKEN


def declared(model, attribute):
    """The union of a set attribute declared by every class of `model` (the layer, the engine,
    the document), so that each declares only its own names."""
    names = set()
    for cls in type(model).__mro__:
        names.update(cls.__dict__.get(attribute, ()))
    return names


def refuse_workflow_values(records, vals, workflow_fields, creating=False):
    """Refuse `vals` that set workflow fields, unless the module's workflow writes them.

    On create, a value that is empty or the field's default (a new document starts as a draft)
    is not a change. Used by the layer, and by child records (e.g. plan targets) for theirs.
    """
    if is_workflow_call(records.env):
        return
    names = workflow_fields & set(vals)
    if creating and names:
        defaults = records.default_get(list(names))
        names = {name for name in names if vals[name] and vals[name] != defaults.get(name)}
    if names:
        # named by type, not by record: the forger may not even be allowed to read it
        labels = ', '.join(sorted(records._fields[name].get_description(records.env)['string']
                                  for name in names))
        hint = records._workflow_hint(names) if hasattr(records, '_workflow_hint') else ''
        raise UserError(_("%(fields)s of a %(type)s change only through its buttons, never by "
                          "writing them directly.%(hint)s") % {
            'fields': labels, 'type': records.env['ir.model'].sudo()._get(records._name).name,
            'hint': hint and ' ' + hint})


def readable_subquery(model):
    """SQL selecting the ids of `model` that the current user may read (its record rules), and
    its parameters: records that follow a document (approval history, activities) show only
    where the document does."""
    query = model._where_calc([], active_test=False)
    model._apply_ir_rules(query, 'read')
    from_clause, where_clause, params = query.get_sql()
    return ('SELECT "%s".id FROM %s%s' % (model._table, from_clause,
                                          ' WHERE %s' % where_clause if where_clause else ''),
            params)


def _bulk_names(model, vals_list):
    """The fields create_in_bulk is given: the same plain stored columns in every dict."""
    fields = model._fields
    names = set(vals_list[0])
    if any(set(vals) != names for vals in vals_list):
        raise ValueError("create_in_bulk(%s): give the same fields in every record's values"
                         % model._name)
    unsupported = [name for name in names
                   if name not in fields or not fields[name].store or not fields[name].column_type
                   or fields[name].translate]
    if unsupported:
        raise ValueError("create_in_bulk(%s): %s are not plain stored columns"
                         % (model._name, ', '.join(sorted(unsupported))))
    return names


def create_in_bulk(model, vals_list):
    """Create records of `model` from `vals_list` in one INSERT: what create() stores, checked as
    create() checks it, at a constant number of queries however many records.

    create() costs a few queries a record (its INSERT, then an UPDATE per stored computed
    field and its constraints, one record at a time): thousands of lines take minutes. Here
    every column is worked out for the whole batch: the values given, the defaults (read once),
    the stored related fields through a many2one given (read at once for all), False for the
    other booleans. Access rights and record rules are checked once for the batch, the Python
    constraints run once over it, and what depends on the records (a parent's totals) is
    recomputed as create() would.

    The values are plain stored columns, the same keys in every dict; a stored computed field
    other than a related one must be given (it is not computed here: a field added to the model
    without a value here fails loudly). The model's own create() is NOT called: the caller makes
    the checks its create() override makes (e.g. that the document is still editable).

    :return: the new records, in the order of `vals_list`
    """
    if not vals_list:
        return model.browse()
    model.check_access_rights('create')
    fields = model._fields
    names = _bulk_names(model, vals_list)
    columns = {name: [vals[name] for vals in vals_list] for name in names}
    related = {}
    for name, field in fields.items():
        if name in names or not field.store or name in models.MAGIC_COLUMNS:
            continue
        if field.related and len(field.related) == 2 and field.related[0] in names:
            related[name] = field
        elif field.compute:
            raise ValueError("create_in_bulk(%s): give %s, a stored computed field"
                             % (model._name, name))
    # the fields' defaults; not the context's default_ keys, which are the document's (as for
    # lines created through its one2many)
    plain = model.with_env(model.env(context={key: value for key, value in model.env.context.items()
                                              if not key.startswith('default_')}))
    defaults = plain.default_get([name for name, field in fields.items()
                                  if field.store and field.column_type and name not in names
                                  and name not in related and name not in models.MAGIC_COLUMNS])
    for name, value in defaults.items():
        columns[name] = [value] * len(vals_list)
    for name, field in related.items():
        # as the related field reads it (with the module's rights)
        through, source = field.related
        targets = model.env[fields[through].comodel_name].sudo().browse(
            {value for value in columns[through] if value})
        values = {target.id: field.convert_to_write(target[source], target) for target in targets}
        columns[name] = [values[value] if value else False for value in columns[through]]
    for name, field in fields.items():
        if field.type == 'boolean' and field.store and name not in columns:
            columns[name] = [False] * len(vals_list)
    for name in columns:
        field = fields[name]
        if field.type == 'selection':
            for value in set(columns[name]):
                if value:
                    model._check_selection_field_value(name, value)
        columns[name] = [field.convert_to_column(value, model) for value in columns[name]]
    names = sorted(columns)
    model.env.cr.execute("""
        INSERT INTO "{table}" ({columns}, create_uid, create_date, write_uid, write_date)
        SELECT {columns}, %s, (now() at time zone 'UTC'), %s, (now() at time zone 'UTC')
          FROM unnest({arrays}) WITH ORDINALITY AS new({columns}, position)
         ORDER BY position
     RETURNING id""".format(
        table=model._table, columns=', '.join('"%s"' % name for name in names),
        arrays=', '.join('%%s::%s[]' % fields[name].column_type[1] for name in names)),
        [model.env.uid, model.env.uid] + [columns[name] for name in names])
    records = model.browse(sorted(row[0] for row in model.env.cr.fetchall()))
    computed = [field for field in fields.values() if field.store and field.compute]
    with model.env.protecting(computed, records):
        # what depends on them (a parent's totals), and their constraints, as create() does
        records.modified(names)
        records._validate_fields(names)
        if model.env.recompute and model.env.context.get('recompute', True):
            records.recompute()
    records.check_access_rule('create')
    return records


class SalesProcessDocument(models.AbstractModel):
    _name = 'sales.process.document'
    _description = 'Sales Process Document'
    _inherit = ['mail.thread', 'mail.activity.mixin']

    # fields only the document's own actions write (declared by each class, united)
    _workflow_fields = frozenset()
    # fields still writable once the document is locked (declared by each class, united)
    _unlocked_fields = frozenset()

    company_id = fields.Many2one(
        'res.company', required=True, index=True,
        default=lambda self: self.env['res.company']._company_default_get(self._name))

    # CRUD

    @api.model
    def create(self, vals):
        refuse_workflow_values(self, vals, self._get_workflow_fields(), creating=True)
        return super(SalesProcessDocument, self).create(vals)

    @api.multi
    def write(self, vals):
        if not is_workflow_call(self.env):
            refuse_workflow_values(self, vals, self._get_workflow_fields())
            self._check_unlocked(vals)
        return super(SalesProcessDocument, self).write(vals)

    @api.multi
    def message_post(self, *args, **kwargs):
        # notes and tracking written with the module's rights are the acting user's
        if kwargs.get('author_id') is None and isinstance(
                self.env.context.get('sales_process_actor'), Actor):
            author = self._actor().partner_id
            kwargs.update(author_id=author.id, email_from=author.email_formatted or None)
        return super(SalesProcessDocument, self).message_post(*args, **kwargs)

    # Workflow fields and the lock

    def _get_workflow_fields(self):
        return declared(self, '_workflow_fields')

    def _workflow_hint(self, field_names):
        """A sentence telling which buttons change these fields ('' for none)."""
        return ''

    def _is_locked(self):
        """Whether the document no longer accepts edits (but of its unlocked fields)."""
        self.ensure_one()
        return False

    def _locked_message(self, labels):
        return _("%(document)s is %(state)s: %(fields)s can no longer be changed.") % {
            'document': self.display_name, 'state': self._lock_state_label(), 'fields': labels}

    def _lock_state_label(self):
        return self._selection_label().lower() if 'state' in self._fields else ''

    def _check_unlocked(self, field_names=None):
        """Refuse changing `field_names` (every field: None) of the locked documents."""
        allowed = ALWAYS_UNLOCKED | self._get_workflow_fields() | declared(self, '_unlocked_fields')
        changed = None if field_names is None else [name for name in field_names
                                                    if name not in allowed]
        if changed == []:
            return
        for document in self:
            if document._is_locked():
                labels = ', '.join(document._fields[name].get_description(self.env)['string']
                                   for name in changed or () if name in document._fields)
                raise UserError(document._locked_message(labels or _('its content')))

    def _check_write_access(self):
        """The acting user may change these documents (access rights and record rules): what an
        action checks before the module applies its changes with its own rights."""
        self.check_access_rights('write')
        self.check_access_rule('write')

    def _as_module(self):
        """The documents with the module's rights, for its own actions: the caller has checked
        who may act; chatter, tracking and activities still name the acting user."""
        actor = self.env.context.get('sales_process_actor')
        if not isinstance(actor, Actor):
            actor = Actor(self.env.uid)
        return self.sudo().with_context(sales_process_workflow=WORKFLOW_TOKEN,
                                        sales_process_actor=actor)

    def _workflow_write(self, vals):
        """Apply what the document's actions change (workflow fields included)."""
        return self._as_module().write(vals)

    @api.model
    def _workflow_create(self, vals):
        """Create a document the workflow makes (e.g. a decomposed plan) with its workflow
        values; returned in the caller's environment."""
        return self._as_module().create(vals).with_env(self.env)

    def _actor(self):
        actor = self.env.context.get('sales_process_actor')
        uid = actor.uid if isinstance(actor, Actor) else self.env.uid
        return self.env['res.users'].sudo().browse(uid)

    # One run at a time (several servers, one database)

    @api.model
    def _claim_run(self, job):
        """Claim the work of `job` (a scheduled action's, whichever server or button does it)
        for this transaction, against every other run on any server; call it before reading
        what the run decides from.

        The claim writes one row (the system parameter ``sales_process.last_run.<job>``: when
        it last ran). A concurrent run waits for this transaction, then PostgreSQL refuses it
        (a serialization failure: Odoo's transactions are repeatable read), as it refuses a run
        whose snapshot was taken before this one committed: either would work from data that
        does not show this run's records, and make them a second time. Over RPC Odoo retries
        the refused call, on a fresh snapshot; a scheduled action uses _claim_scheduled_run.
        (An advisory lock is not enough: the run that waited for it goes on with its old
        snapshot, found by the load test with two servers.)
        """
        self.env.cr.execute("""
            INSERT INTO ir_config_parameter (key, value, create_uid, create_date, write_uid,
                                             write_date)
            VALUES (%(key)s, %(now)s, %(uid)s, %(now)s, %(uid)s, %(now)s)
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, write_uid = EXCLUDED.write_uid,
                                            write_date = EXCLUDED.write_date
        """, {'key': 'sales_process.last_run.%s' % job, 'now': fields.Datetime.now(),
              'uid': self.env.uid})

    @api.model
    def _claim_scheduled_run(self, job):
        """_claim_run for a scheduled action: False when another run of the job has the claim
        or has just used it (its work is done: this run has nothing to add), True otherwise."""
        try:
            with self.env.cr.savepoint():
                self._claim_run(job)
        except OperationalError as error:
            if error.pgcode not in (errorcodes.SERIALIZATION_FAILURE,
                                    errorcodes.LOCK_NOT_AVAILABLE):
                raise
            _logger.info('%s: another run did the work at the same moment, nothing to add', job)
            return False
        return True

    # Chatter and activities

    def _post(self, title, comment=None, notify=False):
        """A note in the chatter of each document by the acting user, who may not be able to
        edit it (an approver, a regional manager accepting a plan, a warehouse clerk): title in
        bold, comment below; `notify`: a message for the followers rather than a note."""
        body = '<p><strong>%s</strong></p>' % html_escape(title)
        if comment:
            body += '<p>%s</p>' % html_escape(comment)
        author = self._actor().partner_id
        subtype = self.env.ref('mail.mt_comment' if notify else 'mail.mt_note')
        for document in self._as_module():
            document.message_post(body=body, author_id=author.id,
                                  email_from=author.email_formatted or None, subtype_id=subtype.id)

    def _schedule_activity(self, activity_xmlid, users, wording, *args, **options):
        """An activity of this type on each document for each of `users`, its summary worded by
        the document's method `wording` in the assignee's language (records among `args` are
        read in that language too). No caller picks a language; reasons and comments belong in
        the chatter, where the document's readers alone see them, never in an activity.

        :param options: ``deadline`` (default: today)
        """
        return self._schedule_record_activity(self, activity_xmlid, users, wording, *args,
                                              **options)

    @api.model
    def _schedule_record_activity(self, records, activity_xmlid, users, wording, *args,
                                  **options):
        """_schedule_activity on `records` of any model, the module's documents or Odoo's own
        (an invoice to collect): `wording` is a method of `records`."""
        deadline = options.get('deadline') or fields.Date.context_today(self)
        activity_type = self.env.ref(activity_xmlid)
        model_id = self.env['ir.model']._get(records._name).id
        # activities are the module's: an approver need not be able to edit the document
        Activity = self.env['mail.activity'].sudo()
        created = Activity.browse()
        for document in records:
            for user in users:
                worded = document.with_context(lang=user.lang or 'en_US')
                worded_args = [arg.with_env(worded.env) if isinstance(arg, models.BaseModel) else arg
                               for arg in args]
                created |= Activity.create({
                    'res_model_id': model_id,
                    'res_id': document.id,
                    'activity_type_id': activity_type.id,
                    'user_id': user.id,
                    'date_deadline': deadline,
                    'summary': getattr(worded, wording)(*worded_args),
                })
        actor = self._actor()
        if created and actor.id != SUPERUSER_ID:
            # created with the module's rights: record who asked for it
            self.env.cr.execute('UPDATE mail_activity SET create_uid = %s, write_uid = %s '
                                'WHERE id IN %s', (actor.id, actor.id, tuple(created.ids)))
            created.invalidate_cache(['create_uid', 'write_uid'])
        return created

    def _close_activities(self, activity_xmlids):
        """Remove the open activities of these types on the documents (what they asked for is
        done, and the chatter or the history says so)."""
        types = [self.env.ref(xmlid).id for xmlid in activity_xmlids]
        self.env['mail.activity'].sudo().search([
            ('res_model', '=', self._name), ('res_id', 'in', self.ids),
            ('activity_type_id', 'in', types)]).unlink()

    def _activity_open_action(self, activity):
        """What opens when the user clicks `activity` in My Approvals: the document's form
        (a document may open what the activity is really about)."""
        self.ensure_one()
        return activity._document_form_action()

    def _selection_label(self, field_name='state', value=None):
        """The label of a selection value (the document's current one by default), in the
        user's language."""
        value = self[field_name] if value is None else value
        return dict(self._fields[field_name]._description_selection(self.env)).get(value, value or '')

    @api.model
    def _document_models(self):
        """Every document type of the sales process (the models inheriting this layer)."""
        registry = self.env.registry
        children, seen = [self._name], set()
        while children:
            name = children.pop()
            if name in seen:
                continue
            seen.add(name)
            children.extend(registry[name]._inherit_children)
        return sorted(name for name in seen if not registry[name]._abstract)
