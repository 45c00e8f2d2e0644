"""The participants' summary reports: once a promotion has ended, each participant writes one,
to the responsible person, who writes the evaluation report from them."""
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .sales_process_document import refuse_workflow_values

from .sales_promotion import REPORT_ACTIVITY


class SalesPromotionReport(models.Model):
    _name = 'sales.promotion.report'
    _description = 'Promotion Summary Report'
    _inherit = ['sales.process.document']
    _order = 'date desc, id desc'

    _workflow_fields = {'author_id', 'date'}

    promotion_id = fields.Many2one('sales.promotion', required=True,
                                   index=True, ondelete='cascade', auto_join=True,
                                   domain=[('state', '=', 'evaluation')])
    author_id = fields.Many2one('res.users', required=True, index=True,
                                default=lambda self: self.env.user, ondelete='restrict')
    date = fields.Date(required=True, default=fields.Date.context_today)
    text = fields.Text(string='Summary', required=True)

    _sql_constraints = [
        ('promotion_author_unique', 'unique (promotion_id, author_id)',
         'A participant files one summary report per promotion.'),
    ]

    @api.depends('promotion_id', 'author_id')
    def _compute_display_name(self):
        for report in self:
            report.display_name = _("%(promotion)s — %(author)s") % {
                'promotion': report.promotion_id.name, 'author': report.author_id.name}

    # CRUD

    @api.model
    def create(self, vals):
        # the layer's refusal first: a forged workflow value is told as such
        refuse_workflow_values(self, vals, self._get_workflow_fields(), creating=True)
        promotion = self.env['sales.promotion'].browse(vals.get('promotion_id'))
        if promotion.state != 'evaluation':
            raise UserError(_("Summary reports are filed once the promotion has ended "
                              "(%(promotion)s is %(state)s).") % {
                'promotion': promotion.display_name,
                'state': promotion._selection_label().lower()})
        if self.env.user not in promotion._participants():
            raise UserError(_("You did not take part in %(promotion)s: only its participants "
                              "file summary reports.") % {'promotion': promotion.display_name})
        if self.search_count([('promotion_id', '=', promotion.id),
                              ('author_id', '=', self.env.uid)]):
            raise UserError(_("You have already filed your summary report of %(promotion)s.")
                            % {'promotion': promotion.display_name})
        vals.setdefault('company_id', promotion.company_id.id)
        report = super(SalesPromotionReport, self).create(vals)
        self.env['mail.activity'].sudo().search([
            ('res_model', '=', promotion._name), ('res_id', '=', promotion.id),
            ('user_id', '=', self.env.uid),
            ('activity_type_id', '=', self.env.ref(REPORT_ACTIVITY).id)]).unlink()
        promotion._post(_("Summary report filed by %(user)s.") % {'user': self.env.user.name})
        return report

    def _is_locked(self):
        self.ensure_one()
        return self.promotion_id.state != 'evaluation'
