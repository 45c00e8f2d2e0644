from odoo import SUPERUSER_ID, _, api, models

from .sales_process_document import readable_subquery


class MailActivity(models.Model):
    _inherit = 'mail.activity'

    # Sales process documents: an activity shows where its document does

    def _apply_ir_rules(self, query, mode='read'):
        """Odoo 11 has no read rule on activities: anyone could list the activities of any
        document. Those of the sales process's documents are read by their assignee and by
        whoever may read the document, nobody else."""
        super(MailActivity, self)._apply_ir_rules(query, mode)
        if self.env.uid == SUPERUSER_ID or mode != 'read':
            return
        models_ = self.env['sales.process.document']._document_models()
        clauses = ['"mail_activity"."res_model" NOT IN %s', '"mail_activity"."user_id" = %s']
        params = [tuple(models_), self.env.uid]
        for model in models_:
            documents = self.env[model]
            if not documents.check_access_rights('read', raise_exception=False):
                continue
            subquery, subquery_params = readable_subquery(documents)
            clauses.append('("mail_activity"."res_model" = %%s AND "mail_activity"."res_id" IN (%s))'
                           % subquery)
            params += [model] + subquery_params
        query.where_clause.append('(%s)' % ' OR '.join(clauses))
        query.where_clause_params.extend(params)

    # My Approvals: every sales process to-do of the current user

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
