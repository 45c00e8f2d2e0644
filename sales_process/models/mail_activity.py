from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError

from .sales_process_document import readable_subquery


class MailActivity(models.Model):
    _inherit = 'mail.activity'

    # Sales process documents: an activity shows where its document does

    def _apply_ir_rules(self, query, mode='read'):
        """Odoo 11 has no read rule on activities: anyone could list the activities of any
        document. Those of the sales process's documents are read by whoever may read the
        document, and by their assignee while working in the document's company (a user of
        two companies finds the other company's to-dos after switching to it)."""
        super(MailActivity, self)._apply_ir_rules(query, mode)
        if self.env.uid == SUPERUSER_ID or mode != 'read':
            return
        models_ = self._sales_activity_models()
        companies = self.env['res.company'].sudo().search(
            [('id', 'child_of', self.env.user.company_id.ids)])
        clauses = ['"mail_activity"."res_model" NOT IN %s']
        params = [tuple(models_)]
        for model in models_:
            documents = self.env[model]
            # pylint: disable=sql-injection  # the table name is the model's _table
            clauses.append('("mail_activity"."res_model" = %%s AND "mail_activity"."user_id" = %%s'
                           ' AND "mail_activity"."res_id" IN (SELECT id FROM "%s" WHERE '
                           'company_id IS NULL OR company_id IN %%s))' % documents._table)
            params += [model, self.env.uid, tuple(companies.ids)]
            if not documents.check_access_rights('read', raise_exception=False):
                continue
            subquery, subquery_params = readable_subquery(documents)
            clauses.append('("mail_activity"."res_model" = %%s AND "mail_activity"."res_id" IN (%s))'
                           % subquery)
            params += [model] + subquery_params
        query.where_clause.append('(%s)' % ' OR '.join(clauses))
        query.where_clause_params.extend(params)

    @api.model
    def _sales_activity_models(self):
        """The models whose activities show only where their record does: the sales process's
        documents, and the invoices it gives collection activities on (another company's
        overdue invoices are not anyone's to list)."""
        return self.env['sales.process.document']._document_models() + ['account.invoice']

    # My Approvals: every sales process to-do of the current user

    @api.model
    def _sales_activity_type_ids(self):
        """The activity types of the sales process (to approve, to rework, to accept, to
        process...): what My Approvals lists."""
        return self.env['ir.model.data'].sudo().search([
            ('module', '=', 'sales_process'), ('model', '=', 'mail.activity.type')]).mapped('res_id')

    @api.model
    def action_my_sales_approvals(self):
        """Every document of any type waiting on the current user: the activities of the sales
        process (to approve, to rework, to accept, overdue...)."""
        action = self.env.ref('sales_process.mail_activity_action_sales_approvals').read()[0]
        action['domain'] = [('activity_type_id', 'in', self._sales_activity_type_ids()),
                            ('user_id', '=', self.env.uid)]
        return action

    @api.multi
    def action_open_sales_document(self):
        """A row of My Approvals clicked: the document the activity is about, if the user may
        read it (the activity alone is not a right to its document)."""
        self.ensure_one()
        if not self.search([('id', '=', self.id)]):  # the rule above, which Odoo's checks skip
            raise AccessError(_("This activity is not yours to open: it belongs to a document "
                                "you may not read."))
        document = self.env[self.res_model].browse(self.res_id)
        document.check_access_rights('read')
        document.check_access_rule('read')
        if hasattr(document, '_activity_open_action'):  # a document of the sales process
            return document._activity_open_action(self)
        return self._document_form_action()

    def _document_form_action(self):
        """The form of the record the activity is about: the one its model opens it in (a
        customer invoice in the customer invoice's form, not the vendor bill's, which is the
        first of account.invoice's forms)."""
        self.ensure_one()
        document = self.env[self.res_model].browse(self.res_id)
        return {
            'type': 'ir.actions.act_window',
            'name': document.display_name,
            'res_model': self.res_model,
            'res_id': self.res_id,
            'view_mode': 'form',
            'views': [(document.get_formview_id(), 'form')],
            'target': 'current',
        }
