"""The repeat-defect alert: the quality department gets one activity per product, root cause
and window, worded in each assignee's language, when a case's root cause is set and from the
daily scheduled action; never twice, never for cases outside the window or rejected."""
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError

from .aftersales_common import AftersalesMeasureCase

REPEAT = 'sales_process.mail_activity_type_repeat_defect'
SUMMARY = ("%(count)s cases of %(product)s with the root cause %(cause)s within %(days)s days: "
           "find why it comes back")
# the Simplified Chinese of SUMMARY (see /work/notes: merged into i18n/zh_CN.po by the lead)
SUMMARY_ZH = "%(days)s 天内 %(product)s 有 %(count)s 个根本原因为 %(cause)s 的售后案件：请查明缺陷反复出现的原因"


def days_ago(days):
    return fields.Datetime.to_string(datetime.utcnow() - timedelta(days=days))


class TestAftersalesAlert(AftersalesMeasureCase):

    @classmethod
    def setUpClass(cls):
        super(TestAftersalesAlert, cls).setUpClass()
        if not cls.env['res.lang'].search([('code', '=', 'zh_CN')]):
            cls.env['res.lang'].load_lang('zh_CN')
        cls.env['ir.translation'].load_module_terms(['sales_process'], ['zh_CN'])
        Translation = cls.env['ir.translation']
        if Translation._get_source(None, ('code',), 'zh_CN', SUMMARY) == SUMMARY:
            Translation.create({
                'type': 'code', 'lang': 'zh_CN', 'src': SUMMARY, 'value': SUMMARY_ZH,
                'name': 'addons/sales_process/models/sales_aftersales_alert.py',
                'module': 'sales_process', 'state': 'translated'})
        for record, name in ((cls.kettle.product_tmpl_id, '测试电水壶'), (cls.heating, '测试发热元件')):
            Translation.create({'type': 'model', 'name': '%s,name' % record._name, 'res_id': record.id,
                                'lang': 'zh_CN', 'src': record.name, 'value': name,
                                'state': 'translated'})
        cls.quality.lang = 'en_US'
        cls.quality_zh = cls._create_user('sp_test_quality_zh', 'sales_process.group_quality')
        cls.quality_zh.lang = 'zh_CN'
        cls.company.aftersales_repeat_window_days = 90
        cls.company.aftersales_repeat_threshold = 2
        cls.order = cls._delivered_order(cls.customer, {cls.kettle: 10, cls.fryer: 10})

    def alerts(self, product=None, cause=None):
        return self.env['sales.aftersales.alert'].search([
            ('product_id', '=', (product or self.kettle).id),
            ('root_cause_id', '=', (cause or self.heating).id)])

    def summaries(self, alert):
        activities = self.env['mail.activity'].search([
            ('res_model', '=', alert._name), ('res_id', 'in', alert.ids),
            ('activity_type_id', '=', self.env.ref(REPEAT).id),
            ('user_id', 'in', (self.quality | self.quality_zh).ids)])
        return {activity.user_id: activity.summary for activity in activities}

    def assess(self, case, cause):
        """The quality department's assessment sets the root cause (the workflow writes it)."""
        case.sudo(self.quality)._workflow_write({'root_cause_id': cause.id,
                                                 'date_assessed': fields.Datetime.now()})

    def test_second_case_alerts_quality_once_in_each_language(self):
        first = self._case(self.order, {self.kettle: 1}, date_intake=days_ago(30))
        second = self._case(self.order, {self.kettle: 2}, date_intake=days_ago(2))
        self.assess(first, self.heating)
        self.assertFalse(self.alerts())
        self.assess(second, self.heating)
        alert = self.alerts()
        self.assertEqual(len(alert), 1)
        self.assertEqual(alert.case_ids, first | second)
        self.assertEqual((alert.case_count, alert.window_days), (2, 90))
        self.assertEqual(self.summaries(alert), {
            self.quality: SUMMARY % {'count': 2, 'product': 'Test Defect Kettle',
                                     'cause': 'Test Heating Element', 'days': 90},
            self.quality_zh: SUMMARY_ZH % {'count': 2, 'product': '测试电水壶',
                                           'cause': '测试发热元件', 'days': 90}})
        # the activity was asked by whoever assessed the case
        activity = self.env['mail.activity'].search([('res_model', '=', alert._name),
                                                     ('res_id', '=', alert.id)], limit=1)
        self.assertEqual(activity.create_uid, self.quality)
        # a third case, and the daily run, within the window: no second alert
        third = self._case(self.order, {self.kettle: 1}, date_intake=days_ago(1))
        self.assess(third, self.heating)
        self.env['sales.aftersales.alert']._cron_raise_repeat_defects()
        self.assertEqual(self.alerts(), alert)
        self.assertEqual(len(self.summaries(alert)), 2)
        # the quality department reads its alert and opens its cases
        action = alert.sudo(self.quality).action_open_cases()
        self.assertEqual(self.env['sales.aftersales.case'].search(action['domain']), first | second)

    def test_other_cause_product_window_and_rejected_cases_do_not_count(self):
        old = self._case(self.order, {self.kettle: 1}, date_intake=days_ago(120))
        rejected = self._case(self.order, {self.kettle: 1}, state='rejected',
                              date_intake=days_ago(10))
        other_cause = self._case(self.order, {self.kettle: 1}, date_intake=days_ago(5))
        other_product = self._case(self.order, {self.fryer: 1}, date_intake=days_ago(5))
        recent = self._case(self.order, {self.kettle: 1}, date_intake=days_ago(1))
        for case in (old, rejected, other_product, recent):
            self.assess(case, self.heating)
        self.assess(other_cause, self.packing)
        self.env['sales.aftersales.alert']._cron_raise_repeat_defects()
        self.assertFalse(self.alerts())
        self.assertFalse(self.alerts(product=self.fryer))
        self.assertFalse(self.alerts(cause=self.packing))
        # a wider window takes the old case in: the daily run raises the alert
        self.company.aftersales_repeat_window_days = 150
        self.env['sales.aftersales.alert']._cron_raise_repeat_defects()
        self.assertEqual(self.alerts().case_ids, old | recent)

    def test_an_alert_past_its_window_does_not_silence_the_next(self):
        first = self._case(self.order, {self.kettle: 1}, date_intake=days_ago(200))
        second = self._case(self.order, {self.kettle: 1}, date_intake=days_ago(190))
        self.assess(first, self.heating)
        self.assess(second, self.heating)
        self.assertFalse(self.alerts())  # both long outside the window
        self.company.aftersales_repeat_window_days = 365
        self.env['sales.aftersales.alert']._cron_raise_repeat_defects()
        old_alert = self.alerts()
        self.assertEqual(len(old_alert), 1)
        old_alert._workflow_write({'date': days_ago(100)})
        self.company.aftersales_repeat_window_days = 90
        third = self._case(self.order, {self.kettle: 1}, date_intake=days_ago(3))
        fourth = self._case(self.order, {self.kettle: 1}, date_intake=days_ago(2))
        self.assess(third, self.heating)
        self.assess(fourth, self.heating)
        new_alert = self.alerts() - old_alert
        self.assertEqual(new_alert.case_ids, third | fourth)

    def test_other_roles_do_not_read_alerts(self):
        first = self._case(self.order, {self.kettle: 1}, date_intake=days_ago(3))
        second = self._case(self.order, {self.kettle: 1}, date_intake=days_ago(2))
        self.assess(first, self.heating)
        self.assess(second, self.heating)  # assessed by quality, raised with the module's rights
        Alert = self.env['sales.aftersales.alert']
        self.assertEqual(len(Alert.sudo(self.users['marketing_manager']).search(
            [('product_id', '=', self.kettle.id)])), 1)
        with self.assertRaises(AccessError):
            Alert.sudo(self.salesperson).search([('product_id', '=', self.kettle.id)])
        self.assertFalse(Alert.sudo(self.other_company_user).search(
            [('product_id', '=', self.kettle.id)]))
