from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.safe_eval import safe_eval


class SalesProcessDashboardTile(models.Model):
    """A counter of the Sales Process dashboard: what waits for the current user (documents to
    approve, plans to accept, transfer orders to process...), counted with their own rights and
    opening the list of exactly those records.

    A tile is data: the model it counts, a domain read for the current user, the window action
    whose views show the records, and the roles it concerns. Each tile costs one ``search_count``
    whatever the number of records; the dashboard (the home action of every role) lists only
    the tiles of the user's roles.
    """
    _name = 'sales.process.dashboard.tile'
    _description = 'Sales Process Dashboard Tile'
    _order = 'sequence, id'

    name = fields.Char(required=True, translate=True)
    description = fields.Char(translate=True, help="A line under the counter saying what it counts.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    model_id = fields.Many2one('ir.model', required=True, ondelete='cascade')
    model = fields.Char(related='model_id.model', readonly=True)
    domain = fields.Char(
        required=True, default='[]',
        help="The records counted, as seen by the current user (their record rules apply too). "
             "Evaluated with: uid, user, today (the user's date), ref('module.xml_id') (a "
             "record's id) and sales_activity_type_ids (the activity types of the sales "
             "process).")
    action_id = fields.Many2one(
        'ir.actions.act_window', string='Opens', required=True, ondelete='cascade',
        help="The window action whose views list the counted records (its own domain and "
             "default filters are replaced by the tile's).")
    group_ids = fields.Many2many(
        'res.groups', 'sales_dashboard_tile_group_rel', 'tile_id', 'group_id', string='Shown To',
        help="The roles the tile concerns (every user when empty).")
    hidden_group_ids = fields.Many2many(
        'res.groups', 'sales_dashboard_tile_hidden_group_rel', 'tile_id', 'group_id',
        string='Hidden From',
        help="Roles that include a role of 'Shown To' without the work it counts (e.g. head "
             "office, which has no region of its own).")
    icon = fields.Char(default='fa-tasks', help="A Font Awesome icon, e.g. fa-check-square-o.")
    alert = fields.Boolean(help="Shown in red when the counter is not zero.")
    count = fields.Integer(compute='_compute_count')
    visible = fields.Boolean(compute='_compute_visible', search='_search_visible',
                             help="The tile concerns one of the current user's roles.")

    # Computes

    def _compute_count(self):
        """One ``search_count`` per tile, as the current user."""
        eval_context = self._eval_context()
        for tile in self:
            records = self.env[tile.model]
            if records.check_access_rights('read', raise_exception=False):
                tile.count = records.search_count(tile._domain(eval_context))
            else:
                tile.count = 0

    def _compute_visible(self):
        groups = self.env.user.groups_id
        for tile in self:
            tile.visible = ((not tile.group_ids or tile.group_ids & groups)
                            and not tile.hidden_group_ids & groups)

    def _search_visible(self, operator, value):
        if operator not in ('=', '!=') or not isinstance(value, bool):
            raise UserError(_("Unsupported search on the tiles' visibility."))
        group_ids = self.env.user.groups_id.ids
        shown = self.sudo().search(['&', '|', ('group_ids', '=', False), ('group_ids', 'in', group_ids),
                                    '!', ('hidden_group_ids', 'in', group_ids)]).ids
        return [('id', 'in' if (operator == '=') == value else 'not in', shown)]

    @api.constrains('domain', 'model_id')
    def _check_domain(self):
        for tile in self:
            try:
                self.env[tile.model].search_count(tile._domain(tile._eval_context()))
            except ValueError as error:  # safe_eval and the ORM's errors on a wrong domain
                raise ValidationError(_(
                    "The domain of the counter %(tile)s is not valid for %(model)s: %(error)s")
                    % {'tile': tile.name, 'model': tile.model, 'error': error})

    # Actions

    @api.multi
    def action_open(self):
        """The tile's list: its action's views, exactly the records it counts."""
        self.ensure_one()
        action = self.action_id.read()[0]
        context = safe_eval(action.get('context') or '{}', {'uid': self.env.uid})
        action.update({
            'name': self.name,
            'domain': self._domain(self._eval_context()),
            # the action's default filters would hide part of what the counter counts
            'context': {key: value for key, value in context.items()
                        if not key.startswith('search_default_')},
            'target': 'current',
        })
        return action

    # Business helpers

    @api.model
    def _eval_context(self):
        return {
            'uid': self.env.uid,
            'user': self.env.user,
            'today': fields.Date.context_today(self),
            'sales_activity_type_ids': self.env['mail.activity']._sales_activity_type_ids(),
            'ref': lambda xmlid: self.env.ref(xmlid).id,
        }

    def _domain(self, eval_context):
        self.ensure_one()
        return safe_eval(self.domain or '[]', eval_context)
