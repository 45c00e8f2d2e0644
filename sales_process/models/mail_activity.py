from odoo import _, api, models


class MailActivity(models.Model):
    _inherit = 'mail.activity'

    @api.model
    def action_my_sales_approvals(self):
        """Every document of any type waiting on the current user: the activities of the sales
        process (to approve, to rework, to accept, overdue...)."""
        types = self.env['ir.model.data'].sudo().search([
            ('module', '=', 'sales_process'), ('model', '=', 'mail.activity.type')]).mapped('res_id')
        return {
            'type': 'ir.actions.act_window',
            'name': _('My Approvals'),
            'res_model': 'mail.activity',
            'view_mode': 'tree',
            'views': [(self.env.ref('sales_process.mail_activity_view_tree_sales_approvals').id, 'tree')],
            'domain': [('activity_type_id', 'in', types), ('user_id', '=', self.env.uid)],
            'help': _('<p>Nothing is waiting for you.</p><p>Documents to approve, rework, accept '
                      'or process appear here as soon as they need you.</p>'),
        }

    @api.multi
    def action_open_sales_document(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'res_model': self.res_model,
            'res_id': self.res_id,
            'view_mode': 'form',
        }
