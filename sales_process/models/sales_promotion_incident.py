"""The incident log of a running promotion: what happened on site and how it was handled.

A minor problem is solved on site by the promotion staff; what they cannot solve is escalated
to the promotion's responsible person, who handles it or escalates it to the marketing
department, whose managers record a contingency plan and assign who solves it. Each escalation
is an activity worded in its assignee's language; the incident is tracked until resolved.

    open -> responsible -> marketing -> assigned -> resolved   (solved at any step)
"""
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .sales_process_document import refuse_workflow_values

INCIDENT_ACTIVITIES = ('sales_process.mail_activity_type_promotion_incident',
                       'sales_process.mail_activity_type_promotion_contingency')


class SalesPromotionIncident(models.Model):
    _name = 'sales.promotion.incident'
    _description = 'Promotion Incident'
    _inherit = ['sales.process.document']
    _order = 'date desc, id desc'

    _workflow_fields = {'state', 'reported_by_id', 'solved_by_id', 'solved_date',
                        'solved_on_site', 'escalated_date'}

    promotion_id = fields.Many2one('sales.promotion', required=True,
                                   index=True, ondelete='cascade', auto_join=True,
                                   domain=[('state', '=', 'running')])
    name = fields.Char(string='Incident', required=True, track_visibility='onchange')
    description = fields.Text(string='What Happened')
    date = fields.Datetime(string='Time', required=True, default=fields.Datetime.now)
    severity = fields.Selection([('minor', 'Minor'), ('major', 'Major')],
                                required=True, default='minor', track_visibility='onchange')
    reported_by_id = fields.Many2one('res.users', required=True,
                                     default=lambda self: self.env.user, ondelete='restrict')
    state = fields.Selection(
        [('open', 'Open'), ('responsible', 'Escalated to the Responsible Person'),
         ('marketing', 'Escalated to Marketing'), ('assigned', 'Contingency Plan Assigned'),
         ('resolved', 'Resolved')],
        string='Status', required=True, default='open', readonly=True, copy=False, index=True,
        track_visibility='onchange')
    escalated_date = fields.Datetime(string='Escalated On', readonly=True, copy=False)
    contingency_plan = fields.Text(
        help="Recorded by the marketing department for an incident escalated to it.")
    assigned_user_ids = fields.Many2many(
        'res.users', 'sales_promotion_incident_assigned_rel', 'incident_id', 'user_id',
        string='Assigned To', help="Who solves the incident following the contingency plan.")
    resolution = fields.Text()
    solved_by_id = fields.Many2one('res.users', readonly=True, copy=False)
    solved_date = fields.Datetime(string='Solved On', readonly=True, copy=False)
    solved_on_site = fields.Boolean(string='Solved on Site', readonly=True, copy=False)
    responsible_id = fields.Many2one(related='promotion_id.user_id', readonly=True,
                                     string='Responsible')
    can_handle = fields.Boolean(compute='_compute_can_handle')

    def _compute_can_handle(self):
        for incident in self:
            incident.can_handle = incident.state != 'resolved' and incident._may_handle()

    # CRUD

    @api.model
    def create(self, vals):
        # the layer's refusal first: a forged workflow value is told as such
        refuse_workflow_values(self, vals, self._get_workflow_fields(), creating=True)
        promotion = self.env['sales.promotion'].browse(vals.get('promotion_id'))
        if promotion.state != 'running':
            raise UserError(_("Incidents are recorded while the promotion runs (%(promotion)s "
                              "is %(state)s).") % {'promotion': promotion.display_name,
                                                   'state': promotion._selection_label().lower()})
        vals.setdefault('company_id', promotion.company_id.id)
        return super(SalesPromotionIncident, self).create(vals)

    def _is_locked(self):
        self.ensure_one()
        return self.state == 'resolved'

    # Actions

    @api.multi
    def action_solve(self):
        """Solved: on site by the staff, by the responsible person, or by whoever marketing
        assigned. The resolution is required."""
        for incident in self:
            incident._check_handler()
            if not (incident.resolution or '').strip():
                raise UserError(_("Describe how the incident %(incident)s was solved (Resolution)."
                                  ) % {'incident': incident.name})
            on_site = incident.state == 'open'
            incident._close_activities(INCIDENT_ACTIVITIES)
            incident._workflow_write({'state': 'resolved', 'solved_by_id': self.env.uid,
                                      'solved_date': fields.Datetime.now(),
                                      'solved_on_site': on_site})
            incident._post(_("Resolved by %(user)s.") % {'user': self.env.user.name},
                           incident.resolution)
        return True

    @api.multi
    def action_escalate(self):
        """To the responsible person first, then to the marketing department."""
        for incident in self:
            if incident.state == 'resolved':
                raise UserError(_("The incident %(incident)s is already resolved: there is "
                                  "nothing to escalate.") % {'incident': incident.name})
            if incident.state not in ('open', 'responsible'):
                raise UserError(_("The incident %(incident)s is already with the marketing "
                                  "department.") % {'incident': incident.name})
            incident._check_handler()
            promotion = incident.promotion_id
            incident._close_activities(INCIDENT_ACTIVITIES)
            if incident.state == 'open':
                incident._workflow_write({'state': 'responsible',
                                          'escalated_date': fields.Datetime.now()})
                incident._post(_("Escalated to the responsible person, %(user)s.")
                               % {'user': promotion.user_id.name})
                incident._schedule_activity(INCIDENT_ACTIVITIES[0], promotion.user_id,
                                            '_text_to_handle')
            else:
                managers = promotion._marketing_managers()
                if not managers:
                    raise UserError(_("The marketing department has no manager to handle the "
                                      "incident %(incident)s.") % {'incident': incident.name})
                incident._workflow_write({'state': 'marketing',
                                          'escalated_date': fields.Datetime.now()})
                incident._post(_("Escalated to the marketing department."))
                incident._schedule_activity(INCIDENT_ACTIVITIES[1], managers,
                                            '_text_contingency')
        return True

    @api.multi
    def action_assign(self):
        """Marketing records the contingency plan and who solves the incident."""
        for incident in self:
            if not self.env.user.has_group('sales_process.group_marketing_manager'):
                raise UserError(_("The marketing managers record the contingency plan of an "
                                  "escalated incident."))
            if incident.state not in ('marketing', 'assigned'):
                raise UserError(_("The incident %(incident)s has not been escalated to the "
                                  "marketing department.") % {'incident': incident.name})
            if not (incident.contingency_plan or '').strip() or not incident.assigned_user_ids:
                raise UserError(_("Record the contingency plan of %(incident)s and who solves it."
                                  ) % {'incident': incident.name})
            incident._close_activities(INCIDENT_ACTIVITIES)
            incident._workflow_write({'state': 'assigned'})
            incident._post(_("Contingency plan: solved by %(users)s.") % {
                'users': ', '.join(incident.assigned_user_ids.mapped('name'))},
                incident.contingency_plan)
            incident._schedule_activity(INCIDENT_ACTIVITIES[0], incident.assigned_user_ids,
                                        '_text_to_solve')
        return True

    # Business helpers

    def _may_handle(self):
        """Whether the current user handles the incident at its current step."""
        self.ensure_one()
        user = self.env.user
        promotion = self.promotion_id
        if user._is_superuser() or user.has_group('sales_process.group_marketing_manager'):
            return True
        if self.state == 'open':
            return user in promotion._participants() or user.has_group(
                'sales_process.group_marketing_assistant')
        if self.state == 'responsible':
            return user == promotion.user_id
        return user in self.assigned_user_ids

    def _check_handler(self):
        self.ensure_one()
        if self.promotion_id.state != 'running':
            raise UserError(_("%(promotion)s is no longer running.")
                            % {'promotion': self.promotion_id.display_name})
        if not self._may_handle():
            raise UserError(_("The incident %(incident)s is %(state)s: you do not handle it at "
                              "this step.") % {'incident': self.name,
                                               'state': self._selection_label().lower()})

    # Activity wordings (in the assignee's language)

    def _text_to_handle(self):
        return _("Handle the incident of %(promotion)s: %(incident)s") % {
            'promotion': self.promotion_id.name, 'incident': self.name}

    def _text_contingency(self):
        return _("Record a contingency plan and assign who solves it: %(incident)s "
                 "(%(promotion)s)") % {'promotion': self.promotion_id.name,
                                       'incident': self.name}

    def _text_to_solve(self):
        return _("Solve the incident following the contingency plan: %(incident)s "
                 "(%(promotion)s)") % {'promotion': self.promotion_id.name,
                                       'incident': self.name}
