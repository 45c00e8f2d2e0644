"""The repeat-defect alert: when the same product comes back with the same root cause several
times within a window (company settings: days and number of cases), the quality department gets
an activity, once per product, root cause and window.

Raised as soon as a case's root cause is set (the quality department's assessment) and by a
daily scheduled action (which also catches the cases whose settings changed).
"""
from datetime import timedelta

from odoo import _, api, fields, models

# Claimed (for the transaction) by whoever raises alerts, so that two assessments saved at the
# same time, or the daily check on two servers, cannot both raise the same alert
# (sales.process.document._claim_run)
ALERT_JOB = 'repeat_defects'


class SalesAftersalesAlert(models.Model):
    """A repeat defect: the cases of a product with the same root cause within the window."""
    _name = 'sales.aftersales.alert'
    _description = 'Repeat Defect Alert'
    _inherit = ['sales.process.document']
    _order = 'date desc, id desc'
    # the quality department reads alerts and discusses them in the chatter
    _mail_post_access = 'read'

    name = fields.Char(compute='_compute_name')
    product_id = fields.Many2one('product.product', required=True,
                                 readonly=True, index=True, ondelete='cascade')
    root_cause_id = fields.Many2one('sales.aftersales.root.cause',
                                    required=True, readonly=True, index=True,
                                    ondelete='cascade')
    date = fields.Datetime(string='Raised On', required=True, readonly=True, index=True,
                           default=fields.Datetime.now)
    window_days = fields.Integer(string='Window (Days)', required=True, readonly=True)
    case_ids = fields.Many2many('sales.aftersales.case', string='Cases', readonly=True)
    case_count = fields.Integer(string='Number of Cases', readonly=True)

    _workflow_fields = {'product_id', 'root_cause_id', 'date', 'window_days', 'case_ids',
                        'case_count'}

    @api.depends('product_id', 'root_cause_id')
    def _compute_name(self):
        for alert in self:
            alert.name = '%s / %s' % (alert.product_id.display_name, alert.root_cause_id.name)

    # Raising alerts

    @api.model
    def _raise_repeat_defects(self, companies=None, pairs=None):
        """Raise the alerts due in the companies (every company: None), optionally only for the
        given (product id, root cause id) pairs; return the new alerts."""
        self.env['sales.process.document']._claim_run(ALERT_JOB)
        if companies is None:
            # pylint: disable=no-search-all  # the companies of the database: a handful
            companies = self.env['res.company'].sudo().search([])
        # the module's own records, whoever's assessment raises them (recorded as the actor)
        Alert = self.browse()._as_module()
        Measure = self.env['sales.aftersales.measure']
        created = Alert.browse()
        now = fields.Datetime.from_string(fields.Datetime.now())
        for company in companies.sudo():
            window = max(company.aftersales_repeat_window_days, 1)
            since = fields.Datetime.to_string(now - timedelta(days=window))
            found = Measure.repeat_defects(company, since, pairs)
            if not found:
                continue
            # an alert raised within the window already covers its product and root cause
            recent = Alert.search([('company_id', '=', company.id), ('date', '>=', since),
                                   ('product_id', 'in', [row[0] for row in found])])
            covered = {(alert.product_id.id, alert.root_cause_id.id) for alert in recent}
            for product_id, root_cause_id, case_ids in found:
                if (product_id, root_cause_id) in covered:
                    continue
                created |= Alert.create({
                    'company_id': company.id, 'product_id': product_id,
                    'root_cause_id': root_cause_id, 'window_days': window,
                    'case_ids': [(6, 0, case_ids)], 'case_count': len(case_ids)})
        for alert in created:
            quality = self.env.ref('sales_process.group_quality').sudo().users.filtered(
                lambda user, alert=alert: user.active and alert.company_id in user.company_ids)
            alert._schedule_activity('sales_process.mail_activity_type_repeat_defect', quality,
                                     '_text_repeat_defect', alert.product_id, alert.root_cause_id)
        return created

    @api.model
    def _cron_raise_repeat_defects(self):
        if self.env['sales.process.document']._claim_scheduled_run(ALERT_JOB):
            self._raise_repeat_defects()

    def _text_repeat_defect(self, product, root_cause):
        """The activity's summary (in the assignee's language: see _schedule_activity)."""
        return _("%(count)s cases of %(product)s with the root cause %(cause)s within "
                 "%(days)s days: find why it comes back") % {
            'count': self.case_count, 'product': product.display_name, 'cause': root_cause.name,
            'days': self.window_days}

    # Actions

    def action_open_cases(self):
        self.ensure_one()
        return self.env['sales.aftersales.case']._open_cases_action(
            [('id', 'in', self.case_ids.ids)])
