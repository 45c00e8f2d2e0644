"""What a promotion asks of people, in each one's language: the preparation checklist, the
escalation of an incident to the responsible person then to the marketing managers, the summary
reports (N of M in, who is late)."""
from .promotion_common import (CONTINGENCY_ACTIVITY, INCIDENT_ACTIVITY, REPORT_ACTIVITY,
                               TASK_ACTIVITY, PromotionCase, day)

# The Simplified Chinese of the activities' wordings (i18n/zh_CN.po carries them once merged)
ZH = {
    "Record a contingency plan and assign who solves it: %(incident)s (%(promotion)s)":
        "制定应急方案并指派处理人：%(incident)s（%(promotion)s）",
    "Handle the incident of %(promotion)s: %(incident)s": "处理促销%(promotion)s的现场问题：%(incident)s",
    "Prepare %(promotion)s: %(task)s": "促销准备%(promotion)s：%(task)s",
    "Write your summary report: %(promotion)s": "提交您的总结报告：%(promotion)s",
}


class TestPromotionActivities(PromotionCase):

    @classmethod
    def setUpClass(cls):
        super(TestPromotionActivities, cls).setUpClass()
        if not cls.env['res.lang'].search([('code', '=', 'zh_CN')]):
            cls.env['res.lang'].load_lang('zh_CN')
        cls.env['ir.translation'].load_module_terms(['sales_process'], ['zh_CN'])
        Translation = cls.env['ir.translation']
        for source, value in ZH.items():
            if not Translation.search([('lang', '=', 'zh_CN'), ('type', '=', 'code'),
                                       ('src', '=', source)]):
                Translation.create({'lang': 'zh_CN', 'type': 'code', 'src': source,
                                    'value': value, 'module': 'sales_process',
                                    'name': 'addons/sales_process/models/sales_promotion.py',
                                    'state': 'translated'})
        # a second marketing manager, who reads Chinese
        cls.marketing_manager_zh = cls._create_user('sp_test_marketing_manager_zh',
                                                    'sales_process.group_marketing_manager')
        cls.marketing_manager_zh.lang = 'zh_CN'
        cls.marketing_manager.lang = 'en_US'
        cls.customer_service.lang = 'zh_CN'

    def summaries(self, record, activity_xmlid):
        return {activity.user_id: activity.summary
                for activity in self.activities(record, activity_xmlid)}

    def test_escalation_reaches_the_marketing_managers_in_their_language(self):
        promotion = self.running_promotion()
        incident = self.incident(promotion, self.salesperson_b, severity='major')
        incident.sudo(self.salesperson_b).action_escalate()
        self.assertEqual(self.summaries(incident, INCIDENT_ACTIVITY), {
            self.assistant: 'Handle the incident of Test Kitchen Festival: Test incident'})
        incident.sudo(self.assistant).action_escalate()
        summaries = self.summaries(incident, CONTINGENCY_ACTIVITY)
        self.assertEqual(summaries[self.marketing_manager_zh],
                         '制定应急方案并指派处理人：Test incident（Test Kitchen Festival）')
        self.assertEqual(summaries[self.marketing_manager],
                         'Record a contingency plan and assign who solves it: Test incident '
                         '(Test Kitchen Festival)')
        # every marketing manager of the company, and only them (not the directors above)
        self.assertFalse(set(summaries) & {self.director, self.president})
        # the Chinese manager records the plan and assigns a solver; the others' to-dos close
        incident.sudo(self.marketing_manager_zh).write({
            'contingency_plan': '改到门店举办', 'assigned_user_ids': [(6, 0, [self.salesperson_b.id])]})
        incident.sudo(self.marketing_manager_zh).action_assign()
        self.assertFalse(self.activities(incident, CONTINGENCY_ACTIVITY))
        self.assertEqual(list(self.summaries(incident, INCIDENT_ACTIVITY)), [self.salesperson_b])
        self.assertTrue(any('改到门店举办' in body for body in incident.message_ids.mapped('body')))
        incident.sudo(self.salesperson_b).write({'resolution': 'Moved to the store.'})
        incident.sudo(self.salesperson_b).action_solve()
        self.assertEqual((incident.state, incident.solved_on_site), ('resolved', False))
        self.assertFalse(self.activities(incident))

    def test_the_checklist_owner_is_asked_in_their_language(self):
        promotion = self.official_promotion()
        self.assertEqual(self.summaries(promotion, TASK_ACTIVITY), {
            self.customer_service: '促销准备Test Kitchen Festival：Brief the hotline'})

    def test_reports_in_and_late(self):
        promotion = self.ended_promotion()
        summaries = self.summaries(promotion, REPORT_ACTIVITY)
        self.assertEqual(set(summaries), {self.assistant, self.salesperson, self.salesperson_b})
        self.assertEqual(summaries[self.salesperson],
                         'Write your summary report: Test Kitchen Festival')
        self.assertEqual((promotion.report_count, promotion.report_expected_count), (0, 3))
        self.file_report(promotion, self.salesperson_b)
        promotion.invalidate_cache()
        self.assertEqual(promotion.report_progress, '1 of 3')
        self.assertFalse(promotion.late_report_user_ids)  # due in a week
        # a week later
        promotion._workflow_write({'report_deadline': day(-1)})
        promotion.invalidate_cache()
        self.assertEqual(promotion.late_report_user_ids, self.assistant | self.salesperson)
        self.file_report(promotion, self.salesperson)
        promotion.invalidate_cache()
        self.assertEqual(promotion.late_report_user_ids, self.assistant)
        self.assertEqual(promotion.report_progress, '2 of 3')
        # the responsible person's own to-do is the last one open
        self.assertEqual(list(self.summaries(promotion, REPORT_ACTIVITY)), [self.assistant])

    def test_no_report_is_expected_before_the_end(self):
        promotion = self.official_promotion()
        values = promotion.sudo(self.assistant).read(
            ['report_progress', 'missing_report_user_ids', 'late_report_user_ids'])[0]
        self.assertEqual((values['report_progress'], values['missing_report_user_ids'],
                          values['late_report_user_ids']), ('0 of 0', [], []))
        self.assertFalse(self.activities(promotion, REPORT_ACTIVITY))
