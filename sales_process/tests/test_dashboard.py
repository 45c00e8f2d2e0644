"""The dashboard, every role's home page: counters of what waits for the current user, each
equal to the list it opens, computed with a fixed number of queries, shown to the roles they
concern; and the home action given to whoever gains a role."""
from lxml import etree

from odoo.tools.safe_eval import safe_eval

from odoo.addons.sales_process.tests.stock_transfer_common import StockTransferCase

TILE = 'sales.process.dashboard.tile'


class TestDashboard(StockTransferCase):

    @classmethod
    def setUpClass(cls):
        super(TestDashboard, cls).setUpClass()
        cls.assistant = cls.users['marketing_assistant']
        cls._set_stock(cls.fryer, cls.head_office_warehouse, 100)
        cls.dashboard = cls.env.ref('sales_process.sales_process_dashboard_action')

    # Helpers

    def tiles(self, user):
        """{tile xml id: tile} of the user's dashboard, as its action lists them."""
        Tile = self.env[TILE].sudo(user)
        tiles = Tile.search(safe_eval(self.dashboard.domain))
        names = tiles.get_external_id()
        return {names[tile.id].split('.')[1]: tile for tile in tiles}

    def listed(self, tile, user):
        """What the tile's list shows the user: its action's model and domain, no default filter
        left to hide part of it."""
        action = tile.sudo(user).action_open()
        self.assertFalse([key for key in action['context'] if key.startswith('search_default_')])
        return self.env[action['res_model']].sudo(user).search(action['domain'])

    def counters(self, user):
        return {name: tile.count for name, tile in self.tiles(user).items()}

    def assert_counters_match_lists(self, user):
        for name, tile in self.tiles(user).items():
            self.assertEqual(tile.count, len(self.listed(tile, user)), name)

    def new_plan(self, name, start, end):
        return self.env['sales.plan'].sudo(self.salesperson).create({
            'name': name, 'region_id': self.region_a.id, 'period_type': 'month',
            'date_start': start, 'date_end': end,
            'line_ids': [(0, 0, {'region_id': self.region_a.id, 'user_id': self.salesperson.id,
                                 'target_amount': 1000.0})]})

    # Tests

    def test_each_role_sees_the_tiles_of_its_roles(self):
        self.assertEqual(set(self.tiles(self.salesperson)), {
            'dashboard_tile_my_approvals', 'dashboard_tile_overdue', 'dashboard_tile_rework',
            'dashboard_tile_region_requests', 'dashboard_tile_region_demand',
            'dashboard_tile_promotion_incidents', 'dashboard_tile_promotion_reports',
            'dashboard_tile_cases_feedback'})
        self.assertEqual(set(self.tiles(self.manager_a)), set(self.tiles(self.salesperson)) | {
            'dashboard_tile_plans_to_accept', 'dashboard_tile_requests_to_approve'})
        # head office has no region of its own: no regional tiles
        self.assertEqual(set(self.tiles(self.hq)), {
            'dashboard_tile_my_approvals', 'dashboard_tile_overdue', 'dashboard_tile_rework',
            'dashboard_tile_requests_to_approve', 'dashboard_tile_promotion_incidents',
            'dashboard_tile_promotion_reports'})
        self.assertEqual(set(self.tiles(self.warehouse_user)), {
            'dashboard_tile_my_approvals', 'dashboard_tile_overdue',
            'dashboard_tile_transfer_orders', 'dashboard_tile_case_transfers'})
        self.assertIn('dashboard_tile_plans_to_decompose', self.tiles(self.gm))
        self.assertIn('dashboard_tile_plans_to_approve', self.tiles(self.assistant))
        self.assertNotIn('dashboard_tile_plans_to_decompose', self.tiles(self.assistant))

    def test_counters_follow_the_work_and_equal_their_lists(self):
        before = {user: self.counters(user) for user in (self.gm, self.warehouse_user)}
        # a transfer request waiting for the regional manager, one rejected back to its
        # requester, one approved: its transfer order waits for the warehouse
        waiting = self.new_request(self.salesperson, [(self.fryer, 5)])
        waiting.sudo(self.salesperson).action_approval_submit()
        rejected = self.new_request(self.salesperson, [(self.fryer, 6)])
        rejected.sudo(self.salesperson).action_approval_submit()
        self.reject(rejected, self.manager_a, 'Too many')
        approved = self.approved_request([(self.fryer, 7)])
        self.new_demand(self.salesperson, self.kettle, 3)
        # a plan waiting for the assistant's review, one approved (to decompose), one assigned
        # to region A's manager
        review = self.new_plan('Review me', '2026-01-01', '2026-01-31')
        review.sudo(self.salesperson).action_approval_submit()
        to_accept = self.new_plan('Accept me', '2026-04-01', '2026-04-30')
        to_accept.sudo(self.salesperson).action_approval_submit()
        self.as_approver(to_accept, self.assistant).action_approval_approve()
        self.as_approver(to_accept, self.gm).action_approval_approve()
        self.assertEqual(to_accept.state, 'approved')
        after_approval = self.counters(self.gm)
        to_accept.sudo(self.gm).action_propose()

        salesperson = self.counters(self.salesperson)
        self.assertEqual(salesperson['dashboard_tile_rework'], 1)
        self.assertEqual(self.listed(self.tiles(self.salesperson)['dashboard_tile_rework'],
                                     self.salesperson).mapped('res_id'), [rejected.id])
        self.assertEqual(salesperson['dashboard_tile_region_requests'], 3)
        self.assertEqual(salesperson['dashboard_tile_region_demand'], 1)
        self.assertEqual(salesperson['dashboard_tile_my_approvals'], 1)  # the rework
        self.assertEqual(salesperson['dashboard_tile_overdue'], 0)

        manager = self.counters(self.manager_a)
        self.assertEqual(manager['dashboard_tile_requests_to_approve'], 1)
        self.assertEqual(self.listed(self.tiles(self.manager_a)['dashboard_tile_requests_to_approve'],
                                     self.manager_a), waiting)
        self.assertEqual(manager['dashboard_tile_plans_to_accept'], 1)
        self.assertEqual(self.listed(self.tiles(self.manager_a)['dashboard_tile_plans_to_accept'],
                                     self.manager_a), to_accept)
        self.assertEqual(self.counters(self.manager_b).get('dashboard_tile_plans_to_accept'), 0)
        self.assertEqual(self.counters(self.hq)['dashboard_tile_requests_to_approve'], 0)
        self.assertEqual(self.counters(self.assistant)['dashboard_tile_plans_to_approve'], 1)

        self.assertEqual(after_approval['dashboard_tile_plans_to_decompose'],
                         before[self.gm]['dashboard_tile_plans_to_decompose'] + 1)
        self.assertEqual(self.counters(self.gm)['dashboard_tile_plans_to_decompose'],
                         before[self.gm]['dashboard_tile_plans_to_decompose'])  # proposed
        warehouse = self.counters(self.warehouse_user)
        self.assertEqual(warehouse['dashboard_tile_transfer_orders'],
                         before[self.warehouse_user]['dashboard_tile_transfer_orders'] + 1)
        self.assertIn(approved.picking_ids, self.listed(
            self.tiles(self.warehouse_user)['dashboard_tile_transfer_orders'], self.warehouse_user))
        self.assertEqual(warehouse['dashboard_tile_my_approvals'],
                         before[self.warehouse_user]['dashboard_tile_my_approvals'] + 1)
        self.process(approved.picking_ids)
        self.assertEqual(self.counters(self.warehouse_user), before[self.warehouse_user])

        # an overdue to-do is counted as such
        self.activities(rejected).write({'date_deadline': '2020-01-01'})
        self.assertEqual(self.counters(self.salesperson)['dashboard_tile_overdue'], 1)

        for user in (self.salesperson, self.manager_a, self.manager_b, self.hq, self.assistant,
                     self.gm, self.warehouse_user):
            self.assert_counters_match_lists(user)
        # My Approvals' tile is the My Approvals menu
        approvals = self.env['mail.activity'].sudo(self.salesperson).action_my_sales_approvals()
        self.assertEqual(self.listed(self.tiles(self.salesperson)['dashboard_tile_my_approvals'],
                                     self.salesperson),
                         self.env['mail.activity'].sudo(self.salesperson).search(approvals['domain']))

    def count_queries(self, user):
        tiles = self.env[TILE].sudo(user).browse([tile.id for tile in self.tiles(user).values()])
        tiles.invalidate_cache()
        before = self.env.cr.sql_log_count
        tiles.read(['count'])
        return self.env.cr.sql_log_count - before, len(tiles)

    def test_counters_take_a_fixed_number_of_queries(self):
        for user in (self.manager_a, self.warehouse_user):
            self.count_queries(user)  # caches (record rules, xml ids) warmed
            queries, tiles = self.count_queries(user)
            # a COUNT per tile, plus what Odoo's record rules cost whatever the records (the
            # activities' rule reads each document type's rules, whose company child_of is
            # resolved by a query each time: a tile of activities costs a few queries more per
            # document type)
            activity_tiles = len([tile for tile in self.tiles(user).values()
                                  if tile.model == 'mail.activity'])
            document_types = len(self.env['sales.process.document']._document_models())
            self.assertLessEqual(queries, 10 * tiles + 2 * activity_tiles * document_types)
            for _index in range(5):
                request = self.new_request(self.salesperson, [(self.fryer, 1)])
                request.sudo(self.salesperson).action_approval_submit()
                self.approve(request, self.manager_a)
                self.approve(request, self.hq)
                self.new_demand(self.salesperson, self.kettle, 1)
            self.count_queries(user)
            self.assertEqual(self.count_queries(user), (queries, tiles))

    def test_a_tile_opens_its_records_in_its_views(self):
        tile = self.tiles(self.warehouse_user)['dashboard_tile_transfer_orders']
        action = tile.sudo(self.warehouse_user).action_open()
        base = self.env.ref('sales_process.stock_picking_action_transfer_request')
        self.assertEqual((action['res_model'], action['views'], action['name']),
                         ('stock.picking', base.read()[0]['views'], 'Transfer Orders to Process'))
        self.assertIn(('transfer_request_id', '!=', False), action['domain'])

    def test_a_click_on_a_counter_calls_it(self):
        # Odoo 11's kanban turns only <a>/<button> with a type into actions (kanban_renderer.js),
        # never the record's root element: a typed <div> is a counter nobody can open
        arch = etree.fromstring(self.env[TILE].fields_view_get(view_type='kanban')['arch'])
        box = arch.xpath('//t[@t-name="kanban-box"]/*')[0]
        self.assertNotIn('type', box.attrib)
        self.assertEqual([(node.tag, node.get('type')) for node in box.xpath('.//*[@name="action_open"]')],
                         [('a', 'object')])

    # The home action

    def new_user(self, login, groups, **values):
        return self.env['res.users'].create(dict(values, name=login, login=login, groups_id=[
            (6, 0, [self.env.ref('base.group_user').id] + [self.env.ref(g).id for g in groups])]))

    def test_a_new_role_user_lands_on_the_dashboard(self):
        user = self.new_user('sp_test_home_new', ['sales_process.group_salesperson'])
        self.assertEqual(user.action_id.id, self.dashboard.id)
        self.assertEqual(self.warehouse_user.action_id.id, self.dashboard.id)
        # no role, no dashboard
        plain = self.new_user('sp_test_home_plain', [])
        self.assertFalse(plain.action_id)

    def test_gaining_a_role_gives_the_dashboard(self):
        user = self.new_user('sp_test_home_later', [])
        user.write({'groups_id': [(4, self.env.ref('sales_process.group_warehouse').id)]})
        self.assertEqual(user.action_id.id, self.dashboard.id)
        # through the user form's role fields (Settings > Users)
        other = self.new_user('sp_test_home_form', [])
        group = self.env.ref('sales_process.group_quality')
        fields = self.env['res.users'].fields_get()
        name = 'in_group_%d' % group.id
        if name not in fields:
            name = next(field for field in fields if field.startswith('sel_groups_')
                        and str(group.id) in field.split('_')[2:])
            other.write({name: group.id})
        else:
            other.write({name: True})
        self.assertTrue(other.has_group('sales_process.group_quality'))
        self.assertEqual(other.action_id.id, self.dashboard.id)

    def test_an_existing_home_action_is_kept(self):
        own = self.env.ref('sales_process.stock_transfer_request_action')
        user = self.new_user('sp_test_home_own', ['sales_process.group_salesperson'],
                             action_id=own.id)
        self.assertEqual(user.action_id.id, own.id)
        plain = self.new_user('sp_test_home_own_later', [], action_id=own.id)
        plain.write({'groups_id': [(4, self.env.ref('sales_process.group_regional_manager').id)]})
        self.assertEqual(plain.action_id.id, own.id)

    def test_demo_users_land_on_the_dashboard(self):
        demo = self.env.ref('sales_process.user_warehouse', raise_if_not_found=False)
        if not demo:
            self.skipTest('no demo data')
        self.assertEqual(demo.action_id.id, self.dashboard.id)
        self.assertEqual(self.env.ref('sales_process.user_salesperson').action_id.id, self.dashboard.id)
