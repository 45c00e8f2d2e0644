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

    @api.multi
    def write(self, vals):
        result = super(ResUsers, self).write(vals)
        if 'sale_team_id' in vals:
            self.env['ir.rule'].clear_caches()
        return result
