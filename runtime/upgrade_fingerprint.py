"""What an upgrade must keep, as counts and checksums a plain database cursor computes.

runtime/devtool.py takes this fingerprint of the upgrade database before `-u sales_process`
(stored in the snapshot), runtime/tests/test_upgrade.py takes it again afterwards: every
business record of the release with its state, links and figures, every approval history line,
chatter message, follower, activity and transfer order of the module's documents must be the
same. Only the columns the release had are read (a later version may add others), and none that
Odoo rewrites on any write (write_date, write_uid) or recomputes for display.
"""
from collections import OrderedDict

# the module's documents in 11.0.1.0.0: the chatter, followers and activities kept per model
RELEASED_MODELS = ('sales.strategy', 'sales.plan', 'stock.transfer.request', 'sales.demand')

# table -> the columns the release had that the upgrade must not change
RELEASED_COLUMNS = OrderedDict([
    ('sales_strategy', 'id, name, year, company_id, goals, total_target, active, create_uid, '
                       'create_date'),
    ('sales_plan', 'id, name, region_id, strategy_id, state, period_type, date_start, date_end, '
                   'parent_id, target_amount, target_qty, revision, previous_id, '
                   'revision_root_id, superseded_by_id, refusal_reason, decomposed_by_id, '
                   'accepted_by_id, accepted_date, closed_date, description, company_id, '
                   'approval_state, approval_step_id, approval_cycle, approval_requested_by_id, '
                   'approval_requested_date, approval_deadline, approval_escalated, create_uid, '
                   'create_date'),
    ('sales_plan_line', 'id, plan_id, company_id, state, period_type, date_start, date_end, '
                        'region_id, user_id, categ_id, target_amount, target_qty, is_frozen, '
                        'frozen_amount, frozen_qty, frozen_last_year_amount, '
                        'frozen_last_year_qty, create_uid, create_date'),
    ('stock_transfer_request', 'id, name, user_id, date_request, date_needed, '
                               'source_warehouse_id, warehouse_id, origin_type, state, '
                               'figures_date, recheck_count, recheck_reason, stock_rechecked, '
                               'amount_total, product_count, note, region_id, company_id, '
                               'approval_state, approval_step_id, approval_cycle, '
                               'approval_requested_by_id, approval_requested_date, '
                               'approval_deadline, approval_escalated, create_uid, create_date'),
    ('stock_transfer_request_line', 'id, request_id, sequence, product_id, product_qty, '
                                    'on_hand_qty, forecast_qty, demand_qty, safety_qty, '
                                    'shortage_qty, transferred_qty, value, region_id, company_id, '
                                    'warehouse_id, state, date_request, create_uid, create_date'),
    ('sales_demand', 'id, product_id, product_qty, date_needed, user_id, partner_id, '
                     'opportunity_id, note, state, request_line_id, request_id, region_id, '
                     'company_id, create_uid, create_date'),
    ('sales_approval_history', 'id, res_model, res_id, document_name, cycle, step_id, step_name, '
                               'decision, user_id, date, comment, region_id, company_id, '
                               'create_uid, create_date'),
])

# what else hangs on those documents
LINKED = OrderedDict([
    ('mail_message', "SELECT id, model, res_id, message_type, subtype_id, author_id, date, "
                     "md5(coalesce(body, '')), parent_id FROM mail_message WHERE model IN %s"),
    ('mail_tracking_value', "SELECT v.id, v.mail_message_id, v.field, v.old_value_char, "
                            "v.new_value_char FROM mail_tracking_value v JOIN mail_message m "
                            "ON m.id = v.mail_message_id WHERE m.model IN %s"),
    ('mail_followers', "SELECT id, res_model, res_id, partner_id, channel_id FROM mail_followers "
                       "WHERE res_model IN %s"),
    ('mail_activity', "SELECT id, res_model, res_id, activity_type_id, user_id, date_deadline, "
                      "summary, md5(coalesce(note, '')) FROM mail_activity WHERE res_model IN %s"),
    ('stock_picking', "SELECT id, name, state, transfer_request_id, location_id, "
                      "location_dest_id, backorder_id FROM stock_picking "
                      "WHERE transfer_request_id IS NOT NULL"),
    ('stock_move', "SELECT m.id, m.picking_id, m.product_id, m.product_uom_qty, m.product_qty, "
                   "m.state FROM stock_move m JOIN stock_picking p ON p.id = m.picking_id "
                   "WHERE p.transfer_request_id IS NOT NULL"),
])


def _digest(cr, query, params=(), upto=None):
    """(row count, md5 of the rows in a stable order) of a query, its rows up to id `upto`."""
    where = ' WHERE q.id <= %d' % upto if upto is not None else ''
    cr.execute('SELECT count(*), md5(coalesce(string_agg(row_text, %%s ORDER BY row_text), \'\')) '
               'FROM (SELECT q::text AS row_text FROM (%s) q%s) rows' % (query, where),
               ('|',) + tuple(params))
    count, checksum = cr.fetchone()
    return [count, checksum]


def queries():
    """{what: (query, parameters)}: the release's tables, then what hangs on its documents."""
    result = OrderedDict(
        (table, ('SELECT %s FROM "%s"' % (columns, table), ()))
        for table, columns in RELEASED_COLUMNS.items())
    for name, query in LINKED.items():
        result[name] = (query, (RELEASED_MODELS,) if '%s' in query else ())
    return result


def last_ids(cr):
    """{what: the highest id it has}: taken before the upgrade, which may add records of its
    own (the demo data of the processes the release did not have) beside the release's."""
    result = {}
    for name, (query, params) in queries().items():
        cr.execute('SELECT coalesce(max(q.id), 0) FROM (%s) q' % query, params)
        result[name] = cr.fetchone()[0]
    return result


def fingerprint(cr, upto):
    """{what: [count, md5]} of the records up to the ids of `upto` (last_ids before the
    upgrade), and {table.states: {state: count}} of the release's documents."""
    result = OrderedDict()
    for name, (query, params) in queries().items():
        result[name] = _digest(cr, query, params, upto[name])
        if name in RELEASED_COLUMNS and 'state' in RELEASED_COLUMNS[name].split(', '):
            cr.execute('SELECT state, count(*) FROM "%s" WHERE id <= %%s GROUP BY state '
                       'ORDER BY state' % name, (upto[name],))
            result[name + '.states'] = dict(cr.fetchall())
    return result
