"""Who reads an appraisal: the appraised salesperson their own once it is submitted, their
regional manager the region's, head office all; nobody else (AccessError)."""
from odoo.exceptions import AccessError, UserError

from .appraisal_common import AppraisalCase


class TestAppraisalSecurity(AppraisalCase):

    @classmethod
    def setUpClass(cls):
        super(TestAppraisalSecurity, cls).setUpClass()
        case = cls('test_the_salesperson_reads_their_own_once_submitted')
        appraisals = case.generate()
        cls.mine = case.appraisal_of(cls.salesperson, appraisals)
        cls.colleague = case.appraisal_of(cls.salesperson_a2, appraisals)
        cls.region_b_one = case.appraisal_of(cls.salesperson_b, appraisals)
        for appraisal, manager in ((cls.mine, cls.manager_a), (cls.colleague, cls.manager_a),
                                   (cls.region_b_one, cls.manager_b)):
            case.rate(appraisal, manager).action_approval_submit()
        cls.all = appraisals

    def readable(self, user):
        return self.env['sales.appraisal'].sudo(user).search([('id', 'in', self.all.ids)])

    def test_the_salesperson_reads_their_own_once_submitted(self):
        self.assertEqual(self.readable(self.salesperson), self.mine)
        self.assertEqual(self.mine.sudo(self.salesperson).read(['score'])[0]['id'], self.mine.id)
        with self.assertRaises(AccessError):
            self.colleague.sudo(self.salesperson).read(['score'])
        with self.assertRaises(AccessError):
            self.region_b_one.sudo(self.salesperson).read(['manager_comments'])
        # their own draft (a withdrawn one) is the manager's work in progress
        self.mine.sudo(self.manager_a).action_approval_reset()
        self.assertEqual(self.mine.approval_state, 'draft')
        self.assertFalse(self.readable(self.salesperson))
        with self.assertRaises(AccessError):
            self.mine.sudo(self.salesperson).read(['score'])

    def test_the_salesperson_changes_nothing(self):
        # refused by the submitted appraisal's lock, before the access rights
        with self.assertRaises((AccessError, UserError)):
            self.mine.sudo(self.salesperson).write({'manager_comments': 'Perfect.'})
        # refused by the submitted appraisal's guard before the access rights
        with self.assertRaises((AccessError, UserError)):
            self.mine.sudo(self.salesperson).unlink()
        self.assertTrue(self.mine.exists())

    def test_the_regional_manager_reads_their_region(self):
        self.assertEqual(self.readable(self.manager_a), self.mine | self.colleague)
        self.assertEqual(self.readable(self.manager_b), self.region_b_one)
        with self.assertRaises(AccessError):
            self.region_b_one.sudo(self.manager_a).read(['score'])

    def test_head_office_reads_all(self):
        for role in ('sales_hq', 'sales_director', 'general_manager'):
            self.assertEqual(self.readable(self.users[role]), self.all, role)

    def test_other_roles_read_none(self):
        for role in ('marketing_assistant', 'marketing_manager', 'customer_service', 'quality',
                     'warehouse'):
            with self.assertRaises(AccessError, msg=role):
                self.mine.sudo(self.users[role]).read(['score'])
        with self.assertRaises(AccessError):
            self.mine.sudo(self.other_company_user).read(['score'])

    def test_activities_follow_the_appraisal(self):
        # the director's to-do on the colleague's appraisal is not the salesperson's to read
        activities = self.env['mail.activity'].sudo(self.salesperson).search([
            ('res_model', '=', 'sales.appraisal')])
        self.assertFalse(activities.filtered(lambda activity: activity.res_id != self.mine.id))
