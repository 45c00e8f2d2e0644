from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import UserError

from .sales_process_document import is_workflow_call, readable_subquery


class SalesApprovalHistory(models.Model):
    """One decision on a document's approval: the immutable audit trail.

    Lines are created by the approval engine only (its workflow context, which RPC cannot
    forge), and can be neither changed nor deleted, by anyone (superuser included): a
    resubmission starts a new cycle and adds lines. A line is read by whoever may read its
    document, nobody else: the comments and reasons are the document's.
    """
    _name = 'sales.approval.history'
    _description = 'Approval History'
    _order = 'date desc, id desc'
    _rec_name = 'document_name'

    res_model = fields.Char(string='Document Model', required=True, readonly=True, index=True)
    res_model_id = fields.Many2one('ir.model', string='Document Type', readonly=True,
                                   ondelete='cascade')
    res_id = fields.Integer(string='Document ID', required=True, readonly=True, index=True)
    document_name = fields.Char(string='Document', readonly=True)
    cycle = fields.Integer(readonly=True, help="Submission number: every resubmission starts a new cycle.")
    step_id = fields.Many2one('sales.approval.step', readonly=True, ondelete='set null')
    step_name = fields.Char(readonly=True)
    decision = fields.Selection(
        [('submitted', 'Submitted'), ('approved', 'Approved'), ('rejected', 'Rejected'),
         ('withdrawn', 'Reset to Draft'), ('escalated', 'Escalated')],
        required=True, readonly=True)
    user_id = fields.Many2one('res.users', string='By', required=True, readonly=True, ondelete='restrict')
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    comment = fields.Text(readonly=True)
    region_id = fields.Many2one('crm.team', readonly=True, index=True)
    company_id = fields.Many2one('res.company', readonly=True, index=True)

    @api.model
    def create(self, vals):
        if not is_workflow_call(self.env):
            raise UserError(_("Approval history is written by the approval engine only."))
        return super(SalesApprovalHistory, self).create(vals)

    @api.multi
    def write(self, vals):  # pylint: disable=method-required-super
        # never calls super: nothing, not even the superuser, rewrites the audit trail
        raise UserError(_("Approval history cannot be changed: it is the record of who decided what."))

    @api.multi
    def unlink(self):  # pylint: disable=method-required-super
        # never calls super: nothing, not even the superuser, deletes the audit trail
        raise UserError(_("Approval history cannot be deleted: it is the record of who decided what."))

    @api.model
    def _record(self, document, vals):
        """A line of `document`'s history (the engine's call)."""
        vals = dict(vals, res_model=document._name,
                    res_model_id=self.env['ir.model']._get(document._name).id,
                    res_id=document.id, document_name=document.display_name,
                    region_id=document['region_id'].id if 'region_id' in document._fields else False,
                    company_id=document.company_id.id)
        return document._as_module().env[self._name].create(vals)

    def _apply_ir_rules(self, query, mode='read'):
        """A line follows its document: visible where the document is readable."""
        super(SalesApprovalHistory, self)._apply_ir_rules(query, mode)
        if self.env.uid == SUPERUSER_ID:
            return
        clauses, params = [], []
        for model in self.env['sales.approval.step']._approval_models():
            documents = self.env[model]
            if not documents.check_access_rights('read', raise_exception=False):
                continue
            subquery, subquery_params = readable_subquery(documents)
            clauses.append('("sales_approval_history"."res_model" = %%s AND '
                           '"sales_approval_history"."res_id" IN (%s))' % subquery)
            params += [model] + subquery_params
        query.where_clause.append('(%s)' % (' OR '.join(clauses) or 'FALSE'))
        query.where_clause_params.extend(params)

    @api.multi
    def action_open_document(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'res_model': self.res_model,
            'res_id': self.res_id,
            'view_mode': 'form',
        }
