"""Who does what with promotions, as each role: marketing drafts and runs them; the sales
director and the president approve them through the engine; regional staff see the promotions
of their regions (and those they take part in) and record incidents of those they take part in;
participants file their own reports only; customer service reads them all; another company sees
nothing. Refusals hold over RPC (write, create), not only on screen."""
from odoo.exceptions import AccessError, UserError

from .promotion_common import PROMOTION, PromotionCase


class TestPromotionSecurity(PromotionCase):

    @classmethod
    def setUpClass(cls):
        super(TestPromotionSecurity, cls).setUpClass()
        cls.region_c = cls.env['crm.team'].create({
            'name': 'Region C', 'region_code': 'TRC', 'company_id': cls.company.id,
            'warehouse_id': cls._create_warehouse('Region C Warehouse', 'TWC').id})

    def visible(self, user, promotion):
        return bool(self.env[PROMOTION].sudo(user).search([('id', '=', promotion.id)]))

    def test_marketing_drafts_others_do_not(self):
        self.assertTrue(self.new_promotion(user=self.marketing_manager))
        for user in (self.salesperson, self.manager_a, self.customer_service,
                     self.users['warehouse']):
            with self.assertRaises(AccessError, msg=user.login), self.env.cr.savepoint():
                self.new_promotion(user=user)
        promotion = self.new_promotion()
        for user in (self.salesperson, self.customer_service):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                promotion.sudo(user).write({'expected_amount': 1})
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                promotion.line_ids.sudo(user).write({'discount': 1})
        with self.assertRaises((AccessError, UserError)):
            promotion.sudo(self.salesperson).action_approval_submit()
        self.assertEqual(promotion.state, 'draft')

    def test_regional_staff_see_their_regions_and_what_they_take_part_in(self):
        promotion = self.new_promotion(region_ids=[(6, 0, [self.region_a.id, self.region_c.id])],
                                       helper_id=False, staff_ids=[])
        self.assertTrue(self.visible(self.salesperson, promotion))  # region A
        self.assertTrue(self.visible(self.manager_a, promotion))
        self.assertFalse(self.visible(self.salesperson_b, promotion))  # region B
        self.assertFalse(self.visible(self.manager_b, promotion))
        with self.assertRaises(AccessError):
            promotion.sudo(self.salesperson_b).read(['name'])
        with self.assertRaises(AccessError):
            promotion.line_ids.sudo(self.salesperson_b).read(['discount'])
        # a staff member of another region sees the promotion they work on
        staffed = self.new_promotion(staff_ids=[(0, 0, {'user_id': self.salesperson_b.id})])
        self.assertTrue(self.visible(self.salesperson_b, staffed))
        # head office, customer service included, sees every promotion, read-only
        for user in (self.customer_service, self.director, self.president, self.assistant):
            self.assertTrue(self.visible(user, promotion), user.login)
        # another company sees nothing
        self.assertFalse(self.visible(self.other_company_user, promotion))

    def test_only_director_then_president_approve(self):
        promotion = self.new_promotion()
        promotion.sudo(self.assistant).action_approval_submit()
        for user in (self.salesperson, self.manager_a, self.customer_service,
                     self.marketing_manager, self.users['sales_hq']):
            with self.assertRaises(UserError, msg=user.login), self.env.cr.savepoint():
                self.approve(promotion, user)
        self.approve(promotion, self.director)
        with self.assertRaises(UserError):  # the president's step is not the director's
            self.approve(promotion, self.users['sales_hq'])
        self.approve(promotion, self.president)
        self.assertEqual(promotion.state, 'official')

    def test_workflow_fields_refused_over_rpc(self):
        promotion = self.official_promotion()
        for user in (self.assistant, self.director, self.president):
            for values in ({'state': 'closed'}, {'is_frozen': True}, {'frozen_amount': 10 ** 9},
                           {'close_override_reason': 'forged'}, {'name': 'Renamed'}):
                with self.assertRaises(UserError), self.env.cr.savepoint():
                    promotion.sudo(user).write(values)
        self.assertEqual((promotion.state, promotion.name), ('official', 'Test Kitchen Festival'))
        count = self.env[PROMOTION].search_count([])
        with self.assertRaises(UserError):
            self.new_promotion(state='official')
        self.assertEqual(self.env[PROMOTION].search_count([]), count)
        # the checklist is marked done by its button only
        with self.assertRaises(UserError):
            promotion.task_ids.sudo(self.assistant).write({'done': True})

    def test_incidents_are_recorded_by_participants(self):
        promotion = self.running_promotion()
        # the helper (region A) and the staff member (region B) take part
        self.assertTrue(self.incident(promotion, self.salesperson))
        self.assertTrue(self.incident(promotion, self.salesperson_b))
        # a colleague of region A who takes no part reads them but records none
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.incident(promotion, self.salesperson_a2)
        self.assertEqual(len(self.env['sales.promotion.incident'].sudo(self.salesperson_a2).search(
            [('promotion_id', '=', promotion.id)])), 2)
        incident = promotion.incident_ids[:1]
        with self.assertRaises(AccessError):
            incident.sudo(self.salesperson_a2).write({'resolution': 'Not mine.'})
        with self.assertRaises(UserError):
            incident.sudo(self.salesperson_a2).action_escalate()
        # customer service reads, does not record
        self.assertTrue(incident.sudo(self.customer_service).name)
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.incident(promotion, self.customer_service)
        # an incident's status changes through its buttons only
        with self.assertRaises(UserError):
            incident.sudo(self.assistant).write({'state': 'resolved'})
        # marketing records incidents of any promotion
        self.assertTrue(self.incident(promotion, self.marketing_manager))

    def test_participants_file_their_own_reports_only(self):
        promotion = self.ended_promotion()
        report = self.file_report(promotion, self.salesperson)
        self.assertEqual(report.author_id, self.salesperson)
        with self.assertRaises(UserError):  # not a participant
            self.file_report(promotion, self.salesperson_a2)
        with self.assertRaises(UserError):  # head office takes no part either
            self.file_report(promotion, self.director)
        with self.assertRaises(UserError):  # once
            self.file_report(promotion, self.salesperson)
        with self.assertRaises(UserError):  # in their own name only
            self.env['sales.promotion.report'].sudo(self.salesperson_b).create(
                {'promotion_id': promotion.id, 'text': 'Forged', 'author_id': self.assistant.id})
        with self.assertRaises(AccessError):  # nobody rewrites another's report
            report.sudo(self.assistant).write({'text': 'Rewritten'})
        report.sudo(self.salesperson).write({'text': 'Completed'})
        self.assertEqual(report.text, 'Completed')
        with self.assertRaises(AccessError):
            report.sudo(self.salesperson).unlink()
        self.assertEqual(len(promotion.report_ids), 1)

    def test_the_evaluation_is_written_by_the_responsible_person(self):
        promotion = self.ended_promotion()
        with self.assertRaises(UserError):
            promotion.sudo(self.marketing_manager).action_evaluation()
        with self.assertRaises(UserError):  # not created directly either
            self.env['sales.promotion.evaluation'].sudo(self.assistant).create(
                {'promotion_id': promotion.id, 'conclusions': 'Direct'})
        action = promotion.sudo(self.assistant).action_evaluation()
        evaluation = self.env['sales.promotion.evaluation'].browse(action['res_id'])
        self.assertEqual(evaluation.user_id, self.assistant)
        # opening it again opens the same report, for its readers too
        self.assertEqual(promotion.sudo(self.director).action_evaluation()['res_id'], evaluation.id)
        with self.assertRaises(AccessError):
            evaluation.sudo(self.marketing_manager).write({'conclusions': 'Mine'})
        evaluation.sudo(self.assistant).write({'conclusions': 'Good.'})
        with self.assertRaises(UserError):  # submitted by its author
            evaluation.sudo(self.marketing_manager).action_approval_submit()
        evaluation.sudo(self.assistant).action_approval_submit()
        with self.assertRaises(UserError):  # locked while approved
            evaluation.sudo(self.assistant).write({'conclusions': 'Changed'})
        with self.assertRaises(UserError):
            self.approve(evaluation, self.assistant)  # its author decides no step
        self.approve(evaluation, self.director)
        self.approve(evaluation, self.president)
        self.assertEqual(evaluation.approval_state, 'approved')
        self.assertTrue(evaluation.sudo(self.salesperson).conclusions)  # the region reads it
        with self.assertRaises(AccessError):  # another region's manager, who takes no part
            evaluation.sudo(self.manager_b).read(['conclusions'])
