from odoo import _, fields, models
from odoo.exceptions import UserError


class SalesProcessTestDocument(models.Model):
    """A minimal regional document with an approval chain, for testing the mechanisms every
    real document reuses (region rule, document layer, approval engine)."""
    _name = 'sales.process.test.document'
    _description = 'Sales Process Test Document'
    _inherit = ['sales.region.mixin', 'sales.approval.mixin']

    _approval_amount_field = 'amount'
    _workflow_fields = {'state'}
    _unlocked_fields = {'note', 'hook_calls'}

    name = fields.Char(required=True)
    amount = fields.Float()
    note = fields.Char()
    state = fields.Selection([('draft', 'Draft'), ('to_approve', 'To Approve'),
                              ('approved', 'Approved'), ('rework', 'Rework')], default='draft')
    hook_calls = fields.Char(default='')

    def _approval_submittable(self):
        return self.name != 'approved elsewhere'

    def _approval_check_submit(self):
        if self.name == 'not ready':
            raise UserError(_('The document is not ready.'))

    def _log_hook(self, name):
        self.sudo().write({'hook_calls': (self.hook_calls + ' ' + name).strip()})

    def _on_approval_submitted(self):
        self._workflow_write({'state': 'to_approve'})
        self._log_hook('submitted')

    def _on_approved(self):
        self._workflow_write({'state': 'approved'})
        self._log_hook('approved')

    def _on_rejected(self, reason):
        self._workflow_write({'state': 'rework'})
        self._log_hook('rejected:%s' % reason)

    def _on_approval_reset(self):
        self._workflow_write({'state': 'draft'})
        self._log_hook('reset')
