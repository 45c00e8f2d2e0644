from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = 'res.users'

    # Regions: the regions a user works in (every regional record rule reads them)

    sales_region_ids = fields.Many2many(
        'crm.team', string='Sales Regions', compute='_compute_sales_region_ids',
        help="The regions this user works in: the sales team they belong to and the teams "
             "they lead. Record rules of every regional document use this field.")

    @api.depends('sale_team_id')
    def _compute_sales_region_ids(self):
        Team = self.env['crm.team'].sudo()
        for user in self:
            teams = Team.search(['|', ('user_id', '=', user.id), ('member_ids', 'in', user.id),
                                 ('is_sales_region', '=', True)])
            user.sales_region_ids = teams

    @api.model
    def create(self, vals):
        user = super(ResUsers, self).create(vals)
        user._set_sales_home_action()
        return user

    @api.multi
    def write(self, vals):
        result = super(ResUsers, self).write(vals)
        if 'sale_team_id' in vals:
            self.env['ir.rule'].clear_caches()
        # the groups, or the user form's role fields (in_group_<id>, sel_groups_<ids>)
        if any(name == 'groups_id' or name.startswith(('in_group_', 'sel_groups_'))
               for name in vals):
            self._set_sales_home_action()
        return result

    # The dashboard: every role's home page

    def _set_sales_home_action(self):
        """A user holding a role of the sales process lands on its dashboard, unless they
        already have a home action of their own (never replaced)."""
        users = self.sudo().filtered(lambda user: not user.action_id)
        if not users:
            return
        category = self.env.ref('sales_process.module_category_sales_process')
        dashboard = self.env.ref('sales_process.sales_process_dashboard_action', False)
        if not dashboard:  # the module's data is still loading
            return
        users = users.filtered(lambda user: user.groups_id.filtered(
            lambda group: group.category_id == category))
        if users:
            users.write({'action_id': dashboard.id})
