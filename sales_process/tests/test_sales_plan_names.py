"""Plan names: generated from the region, the period and the revision while nobody typed one,
in the reader's language; a typed name stays as typed, in every language."""
from .plan_common import PlanCase

# the module's terms of generated names, in Chinese (as zh_CN.po gives them): loaded here so
# that the test does not depend on the state of the catalogue
ZH_TERMS = {
    '%(region)s %(year)d': '%(region)s %(year)d 年',
    '%(region)s %(year)d Q%(quarter)d': '%(region)s %(year)d 年第%(quarter)d季度',
    '%(region)s %(year)d-%(month)02d': '%(region)s %(year)d 年 %(month)d 月',
    '%(name)s (rev. %(revision)d)': '%(name)s（第 %(revision)d 版）',
}


class TestPlanNames(PlanCase):

    @classmethod
    def setUpClass(cls):
        super(TestPlanNames, cls).setUpClass()
        if not cls.env['res.lang'].search([('code', '=', 'zh_CN')]):
            cls.env['res.lang'].load_lang('zh_CN')
        Translation = cls.env['ir.translation']
        for source, value in ZH_TERMS.items():
            term = Translation.search([('type', '=', 'code'), ('lang', '=', 'zh_CN'),
                                       ('src', '=', source)])
            if term:
                term.write({'value': value})
            else:
                Translation.create({'type': 'code', 'lang': 'zh_CN', 'src': source, 'value': value,
                                    'name': 'addons/sales_process/models/sales_plan.py',
                                    'module': 'sales_process', 'state': 'translated'})
        cls.region_a.with_context(lang='zh_CN').write({'name': '华东测试区'})

    def names(self, plans, lang):
        return plans.with_context(lang=lang).sorted('date_start').mapped('name')

    def form(self, values, field):
        """The web client's onchange round trip on a plan form, as the salesperson."""
        Plan = self.env['sales.plan'].sudo(self.salesperson)
        result = Plan.onchange(values, field, Plan._onchange_spec())
        for name, value in result.get('value', {}).items():
            values[name] = value[0] if isinstance(value, (tuple, list)) and name == 'region_id' else value
        return values

    # Item 1: the generated name follows the form while nobody typed one

    def test_new_plan_name_follows_region_and_period_until_typed(self):
        values = self.form({'name': False, 'name_generated': False, 'region_id': self.region_a.id,
                            'period_type': 'year', 'date_start': '2026-01-01',
                            'date_end': '2026-12-31'}, 'region_id')
        self.assertEqual((values['name'], values['name_generated']), ('Region A 2026', True))
        values['date_start'] = '2027-01-01'
        values = self.form(values, 'date_start')
        self.assertEqual((values['name'], values['date_end']), ('Region A 2027', '2027-12-31'))
        values['period_type'] = 'quarter'
        values['date_start'] = '2027-04-01'
        values = self.form(self.form(values, 'period_type'), 'date_start')
        self.assertEqual(values['name'], 'Region A 2027 Q2')
        values['region_id'] = self.region_b.id
        self.assertEqual(self.form(values, 'region_id')['name'], 'Region B 2027 Q2')

        # typed: kept whatever the period
        values['name'] = 'Hangzhou supermarkets'
        values = self.form(values, 'name')
        self.assertFalse(values['name_generated'])
        values['date_start'] = '2027-07-01'
        values = self.form(values, 'date_start')
        self.assertEqual(values['name'], 'Hangzhou supermarkets')
        # emptied: generated again
        values['name'] = False
        self.assertEqual(self.form(values, 'name')['name'], 'Region B 2027 Q3')

    def test_saved_draft_renamed_when_its_period_changes(self):
        plan = self.new_plan()
        self.assertEqual((plan.name, plan.name_generated), ('Region A 2026', True))
        plan.write({'date_start': '2027-01-01', 'date_end': '2027-12-31'})
        self.assertEqual(plan.name, 'Region A 2027')
        self.assertEqual(self.names(plan, 'zh_CN'), ['华东测试区 2027 年'])
        plan.write({'period_type': 'month', 'date_start': '2027-03-01', 'date_end': '2027-03-31'})
        self.assertEqual(plan.name, 'Region A 2027-03')

        plan.write({'name': 'Spring push'})
        self.assertFalse(plan.name_generated)
        plan.write({'date_start': '2027-04-01', 'date_end': '2027-04-30'})
        self.assertEqual(plan.name, 'Spring push')

    def test_typed_name_at_creation_is_kept(self):
        plan = self.new_plan()
        typed = plan.copy({'name': 'Hangzhou supermarkets', 'date_start': '2027-01-01',
                           'date_end': '2027-12-31'})
        typed.write({'date_start': '2028-01-01', 'date_end': '2028-12-31'})
        self.assertEqual(self.names(typed, 'en_US'), ['Hangzhou supermarkets'])
        self.assertEqual(self.names(typed, 'zh_CN'), ['Hangzhou supermarkets'])

    # Item 6: in the reader's language

    def test_decomposed_plans_are_named_in_the_readers_language(self):
        self.manager_a.lang = 'zh_CN'
        plan = self.approve(self.new_plan())
        quarters = self.decompose(plan)
        months = quarters.mapped('child_ids')
        self.assertEqual(self.names(plan, 'zh_CN'), ['华东测试区 2026 年'])
        self.assertEqual(self.names(quarters, 'en_US'),
                         ['Region A 2026 Q1', 'Region A 2026 Q2', 'Region A 2026 Q3', 'Region A 2026 Q4'])
        self.assertEqual(self.names(quarters, 'zh_CN'),
                         ['华东测试区 2026 年第%d季度' % quarter for quarter in range(1, 5)])
        self.assertEqual(self.names(months, 'en_US')[:2], ['Region A 2026-01', 'Region A 2026-02'])
        self.assertEqual(self.names(months, 'zh_CN')[-1], '华东测试区 2026 年 12 月')
        # what the Chinese regional manager's to-do says, and sees
        first = quarters.sorted('date_start')[0]
        accept = self.env['mail.activity'].search([('res_model', '=', 'sales.plan'),
                                                   ('res_id', '=', first.id)])
        self.assertIn('华东测试区 2026 年第1季度', accept.summary)
        self.assertEqual(first.sudo(self.manager_a).with_context(lang='zh_CN').display_name,
                         '华东测试区 2026 年第1季度')

    def test_a_name_typed_in_chinese_is_the_name_in_english_too(self):
        plan = self.new_plan()
        plan.with_context(lang='zh_CN').write({'name': '杭州商超计划'})
        self.assertEqual(self.names(plan, 'en_US'), ['杭州商超计划'])
        self.assertEqual(self.names(plan, 'zh_CN'), ['杭州商超计划'])
        # typing the generated name back: generated again, in every language
        plan.with_context(lang='zh_CN').write({'name': '华东测试区 2026 年'})
        self.assertTrue(plan.name_generated)
        self.assertEqual(self.names(plan, 'en_US'), ['Region A 2026'])

    def test_a_chinese_user_creates_a_plan_named_in_both_languages(self):
        plan = self.env['sales.plan'].sudo(self.salesperson).with_context(lang='zh_CN').create({
            'region_id': self.region_a.id, 'period_type': 'quarter', 'date_start': '2026-10-01',
            'date_end': '2026-12-31'})
        self.assertEqual(self.names(plan, 'zh_CN'), ['华东测试区 2026 年第4季度'])
        self.assertEqual(self.names(plan, 'en_US'), ['Region A 2026 Q4'])

    def test_revision_named_in_every_language(self):
        plan = self.approve(self.new_plan())
        action = plan.sudo(self.salesperson).action_revise()
        revision = self.env['sales.plan'].browse(action['res_id'])
        self.assertEqual(self.names(revision, 'en_US'), ['Region A 2026 (rev. 1)'])
        self.assertEqual(self.names(revision, 'zh_CN'), ['华东测试区 2026 年（第 1 版）'])
        self.assertEqual(self.names(plan, 'zh_CN'), ['华东测试区 2026 年'])
