"""The evaluation report of a promotion: the responsible person's conclusions beside the results
the module measured (sales.promotion.measure), approved by the sales director then the president
(the approval engine, its own chain), so that the president learns the result. The promotion is
closed once it is approved."""
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class SalesPromotionEvaluation(models.Model):
    _name = 'sales.promotion.evaluation'
    _description = 'Promotion Evaluation Report'
    _inherit = ['sales.approval.mixin']
    _order = 'id desc'

    _workflow_fields = {'user_id', 'promotion_id'}

    promotion_id = fields.Many2one('sales.promotion', required=True,
                                   index=True, ondelete='cascade', auto_join=True, readonly=True)
    name = fields.Char(related='promotion_id.name', readonly=True, string='Promotion Name')
    user_id = fields.Many2one('res.users', string='Written By', required=True, readonly=True,
                              ondelete='restrict')
    conclusions = fields.Text(track_visibility='onchange')
    promotion_state = fields.Selection(related='promotion_id.state', readonly=True,
                                       string='Promotion Status')
    date_start = fields.Date(related='promotion_id.date_start', readonly=True)
    date_end = fields.Date(related='promotion_id.date_end', readonly=True)
    region_ids = fields.Many2many(related='promotion_id.region_ids', readonly=True)
    currency_id = fields.Many2one(related='promotion_id.currency_id', readonly=True)
    report_progress = fields.Char(related='promotion_id.report_progress', readonly=True)
    # the measured results, as the promotion shows them (frozen once it is closed)
    result_amount = fields.Monetary(related='promotion_id.result_amount', readonly=True)
    result_qty = fields.Float(related='promotion_id.result_qty', readonly=True)
    result_baseline_amount = fields.Monetary(related='promotion_id.result_baseline_amount',
                                             readonly=True)
    result_baseline_qty = fields.Float(related='promotion_id.result_baseline_qty', readonly=True)
    result_uplift_amount_pct = fields.Float(related='promotion_id.result_uplift_amount_pct',
                                            readonly=True)
    result_uplift_qty_pct = fields.Float(related='promotion_id.result_uplift_qty_pct',
                                         readonly=True)
    result_attributed_count = fields.Float(related='promotion_id.result_attributed_count',
                                           readonly=True)
    result_attributed_amount = fields.Monetary(related='promotion_id.result_attributed_amount',
                                               readonly=True)
    result_cost_planned = fields.Monetary(related='promotion_id.result_cost_planned',
                                          readonly=True)
    result_cost_actual = fields.Monetary(related='promotion_id.result_cost_actual',
                                         readonly=True)
    result_return_on_cost = fields.Float(related='promotion_id.result_return_on_cost',
                                         readonly=True)

    _sql_constraints = [
        ('promotion_unique', 'unique (promotion_id)',
         'A promotion has one evaluation report.'),
    ]

    @api.depends('promotion_id')
    def _compute_display_name(self):
        for evaluation in self:
            evaluation.display_name = _("Evaluation: %(promotion)s") % {
                'promotion': evaluation.promotion_id.name}

    # CRUD: created by the promotion's Evaluation Report button (sales.promotion.action_evaluation),
    # which names its promotion and author: both are workflow fields, refused from anyone else

    @api.multi
    def unlink(self):
        if any(evaluation.approval_state != 'draft' for evaluation in self):
            raise UserError(_("An evaluation report that was submitted cannot be deleted."))
        return super(SalesPromotionEvaluation, self).unlink()

    # Approval engine hooks

    def _approval_check_submit(self):
        if self.env.user != self.user_id:
            raise UserError(_("%(user)s, who wrote the evaluation report, submits it.")
                            % {'user': self.user_id.name})
        if not (self.conclusions or '').strip():
            raise UserError(_("Write the conclusions of the evaluation report before submitting "
                              "it."))

    def _approval_check_decision(self, step, decision):
        if decision == 'approve' and self.promotion_id.state != 'evaluation':
            raise UserError(_("%(promotion)s has not ended (it is %(state)s): its evaluation "
                              "report is approved once it is over.") % {
                'promotion': self.promotion_id.display_name,
                'state': self.promotion_id._selection_label().lower()})

    def _on_approved(self):
        self.promotion_id._post(_("Evaluation report approved: the promotion can be closed."))

    # Printing

    def _report_file_name(self):
        return self.env['ir.actions.report']._sales_process_file_name(
            'sales_process.action_report_sales_promotion_evaluation', self.promotion_id.name)
