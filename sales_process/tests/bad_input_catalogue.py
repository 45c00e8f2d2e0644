"""The bad-input catalogue: every invalid input of every document, each with the error it must
raise, as plain data.

Two runners read this table: tests/test_bad_input_catalogue.py in the server's process (the
test's own world of SalesProcessCase) and tests_browser/test_rpc_bad_input.py over real XML-RPC
against the walks' server (the demo's world). So this module imports nothing from Odoo: the
walks' virtualenv reads it as a file.

An entry names:
- `role`: who acts, a key of tests/common.py's ROLE_GROUPS (the demo's login of that role);
- `model` and the operation: `create` (values), `write` (values written on the record a named
  SETUP builds, or on its lines: `target` names the one2many) or `call` (a method of that
  record, with `args`);
- the error (its class name, and a fragment of its message, a regular expression);
- `touched`: the models whose row counts must not change (the entry's model by default).

Values name the world's records as '$key' (see WORLD_KEYS); each runner builds its world.
"""
from collections import namedtuple

# what each runner's world provides, as ids (or dates, years)
WORLD_KEYS = (
    'region',             # the region of the salesperson and regional manager who act
    'other_region',       # another region of the company
    'region_warehouse',   # the region's warehouse
    'salesperson',        # the acting salesperson (a user id)
    'other_salesperson',  # a salesperson of another region
    'warehouse_user',     # the warehouse clerk (no salesperson)
    'marketing_assistant',
    'storable', 'storable2',  # storable products
    'consumable', 'service',  # products that are not stocked
    'competitor',         # a partner flagged as a competitor
    'customer',           # a partner who is not
    'delivered_order',    # a delivered sale order of the region
    'delivered_product',  # a product it delivered
    'other_customer',     # a customer who did not order it
    'expense_kind',       # an expense kind (account.budget.post) of the company
    'open_invoice',       # an open customer invoice of the region
    'draft_invoice',      # a draft customer invoice
    'future',             # a date 30 days ahead
    'scoring',            # the company's appraisal scoring
    'this_year',          # the current year
)

Entry = namedtuple('Entry', 'id process role model op values error message setup target method '
                            'args touched')


def entry(entry_id, process, role, model, op, error, message, values=None, setup=None,
          target=None, method=None, args=(), touched=None):
    return Entry(entry_id, process, role, model, op, values or {}, error, message, setup, target,
                 method, tuple(args), tuple(touched or (model,)))


def merged(base, **values):
    result = dict(base)
    result.update(values)
    return result


# The documents' good values, each entry changes one thing

PLAN = {'region_id': '$region', 'period_type': 'year', 'date_start': '2042-01-01',
        'date_end': '2042-12-31',
        'line_ids': [(0, 0, {'region_id': '$region', 'user_id': '$salesperson',
                             'target_amount': 12000.0})]}
PLAN_TABLES = ('sales.plan', 'sales.plan.line', 'sales.budget.line')


def plan(**values):
    return merged(PLAN, **values)


def month_plan(start, end):
    return plan(period_type='month', date_start=start, date_end=end)


def target(**values):
    return [(0, 0, merged({'region_id': '$region', 'user_id': '$salesperson',
                           'target_amount': 1000.0}, **values))]


def budget(**values):
    return plan(budget_line_ids=[(0, 0, merged({
        'region_id': '$region', 'kind_id': '$expense_kind', 'date_from': '2042-01-01',
        'date_to': '2042-12-31', 'amount_planned': 5000.0}, **values))])


REQUEST = {'line_ids': [(0, 0, {'product_id': '$storable', 'product_qty': 4})]}
REQUEST_TABLES = ('stock.transfer.request', 'stock.transfer.request.line', 'sales.demand')


def request_lines(*lines):
    return {'line_ids': [(0, 0, {'product_id': product, 'product_qty': qty})
                         for product, qty in lines]}


PROMOTION = {'name': 'Catalogue Festival', 'date_start': '2041-06-01', 'date_end': '2041-06-20',
             'region_ids': [(6, 0, ['$region'])], 'user_id': '$marketing_assistant',
             'line_ids': [(0, 0, {'product_id': '$storable', 'discount': 10})]}
PROMOTION_TABLES = ('sales.promotion', 'sales.promotion.line', 'sales.promotion.cost',
                    'sales.promotion.material', 'sales.promotion.staff')


def promotion(**values):
    return merged(PROMOTION, **values)


CASE = {'sale_order_id': '$delivered_order', 'description': 'The lid does not close.',
        'line_ids': [(0, 0, {'product_id': '$delivered_product', 'quantity': 1})]}
CASE_TABLES = ('sales.aftersales.case', 'sales.aftersales.case.line')


def case(**values):
    return merged(CASE, **values)


PROMISE = {'invoice_id': '$open_invoice', 'date': '$future', 'amount': 10.0}

SURVEY = {'date': '2041-10-15', 'date_from': '2041-10-01', 'date_to': '2041-10-31',
          'summary': 'The rival undercuts us on kettles.',
          'line_ids': [(0, 0, {'kind': 'competitor', 'competitor_id': '$competitor',
                               'competitor_product': 'RK-1 Kettle', 'price': 90.0,
                               'volume': 10})]}
SURVEY_TABLES = ('sales.market.survey', 'sales.market.survey.line')


def survey_line(**values):
    return merged({'kind': 'competitor', 'competitor_id': '$competitor',
                   'competitor_product': 'RK-1 Kettle', 'price': 90.0, 'volume': 10}, **values)


def survey(*lines, **values):
    return merged(SURVEY, line_ids=[(0, 0, line) for line in lines], **values)


GENERATE = 'sales.appraisal.generate'

# The records the write and call entries act on: built by `role` with `values`, then `then`'s
# methods called in turn (by `then_role`, default `role`). The RPC runner builds each once.
Setup = namedtuple('Setup', 'role model values then then_role')

SETUPS = {
    'draft_plan': Setup('salesperson', 'sales.plan', plan(
        date_start='2041-01-01', date_end='2041-12-31', budget_line_ids=[(0, 0, {
            'region_id': '$region', 'kind_id': '$expense_kind', 'date_from': '2041-01-01',
            'date_to': '2041-12-31', 'amount_planned': 5000.0})]), (), None),
    'plan_without_targets': Setup('salesperson', 'sales.plan', plan(
        date_start='2041-04-01', date_end='2041-06-30', period_type='quarter', line_ids=[]),
        (), None),
    'strategy': Setup('general_manager', 'sales.strategy', {'name': 'Catalogue 2041',
                                                            'year': 2041}, (), None),
    'draft_request': Setup('salesperson', 'stock.transfer.request', REQUEST, (), None),
    'empty_request': Setup('salesperson', 'stock.transfer.request', {}, (), None),
    'draft_promotion': Setup('marketing_assistant', 'sales.promotion', PROMOTION, (), None),
    'promotion_without_products': Setup('marketing_assistant', 'sales.promotion',
                                        promotion(name='Catalogue Empty', line_ids=[]), (), None),
    'case_without_products': Setup('salesperson', 'sales.aftersales.case',
                                   case(line_ids=[]), (), None),
    'draft_case': Setup('salesperson', 'sales.aftersales.case', CASE, (), None),
    'reported_case': Setup('salesperson', 'sales.aftersales.case', CASE, ('action_report',),
                           None),
    'draft_survey': Setup('salesperson', 'sales.market.survey', survey(survey_line()), (),
                          None),
    'survey_without_lines': Setup('salesperson', 'sales.market.survey',
                                  survey(date='2041-11-15', date_from='2041-11-01',
                                         date_to='2041-11-30'), (), None),
    'generate_this_year': Setup('sales_hq', GENERATE, {
        'period_type': 'year', 'year': '$this_year', 'region_ids': [(6, 0, ['$region'])]},
        (), None),
    'generate_year_225': Setup('sales_hq', GENERATE, {
        'period_type': 'year', 'year': 225, 'region_ids': [(6, 0, ['$region'])]}, (), None),
    'generate_without_quarter': Setup('sales_hq', GENERATE, {
        'period_type': 'quarter', 'year': 2025, 'quarter': False,
        'region_ids': [(6, 0, ['$region'])]}, (), None),
}

V, U = 'ValidationError', 'UserError'

CATALOGUE = [
    # Sales plans and their targets
    entry('plan_before_2000', 'plans', 'salesperson', 'sales.plan', 'create', V,
          r'plans are set for the years 2000 to 2099',
          plan(date_start='1999-01-01', date_end='1999-12-31'), touched=PLAN_TABLES),
    entry('plan_after_2099', 'plans', 'salesperson', 'sales.plan', 'create', V,
          r'plans are set for the years 2000 to 2099',
          month_plan('3026-05-01', '3026-05-31'), touched=PLAN_TABLES),
    entry('plan_ends_before_it_starts', 'plans', 'salesperson', 'sales.plan', 'create', V,
          r'ends \(2042-04-30\) before it starts \(2042-05-01\)',
          month_plan('2042-05-01', '2042-04-30'), touched=PLAN_TABLES),
    entry('plan_not_whole_months', 'plans', 'salesperson', 'sales.plan', 'create', V,
          r'must run from the first day of a month to the last day of a month',
          month_plan('2042-05-02', '2042-05-31'), touched=PLAN_TABLES),
    entry('plan_quarter_of_two_months', 'plans', 'salesperson', 'sales.plan', 'create', V,
          r'A quarter plan covers 3 months; .* covers 2',
          plan(period_type='quarter', date_start='2042-01-01', date_end='2042-02-28'),
          touched=PLAN_TABLES),
    entry('plan_quarter_not_calendar', 'plans', 'salesperson', 'sales.plan', 'create', V,
          r'a quarter is January to March, April to June',
          plan(period_type='quarter', date_start='2042-02-01', date_end='2042-04-30'),
          touched=PLAN_TABLES),
    entry('plan_year_not_calendar', 'plans', 'salesperson', 'sales.plan', 'create', V,
          r'a year runs from 1 January to 31 December',
          plan(date_start='2042-02-01', date_end='2043-01-31'), touched=PLAN_TABLES),
    entry('target_negative_amount', 'targets', 'salesperson', 'sales.plan', 'create', V,
          r'A target cannot be negative', plan(line_ids=target(target_amount=-5.0)),
          touched=PLAN_TABLES),
    entry('target_negative_quantity', 'targets', 'salesperson', 'sales.plan', 'create', V,
          r'A target cannot be negative', plan(line_ids=target(target_qty=-1.0)),
          touched=PLAN_TABLES),
    entry('target_other_regions_salesperson', 'targets', 'salesperson', 'sales.plan', 'create',
          V, r'does not work in the region .*: the targets of .* are for its salespeople',
          plan(line_ids=target(user_id='$other_salesperson')), touched=PLAN_TABLES),
    entry('target_warehouse_clerk', 'targets', 'salesperson', 'sales.plan', 'create', V,
          r'is not a salesperson: the targets of', plan(line_ids=target(user_id='$warehouse_user')),
          touched=PLAN_TABLES),
    entry('target_other_region', 'targets', 'salesperson', 'sales.plan', 'create', V,
          r'The targets of .* are for the region',
          plan(line_ids=target(region_id='$other_region', user_id=False)), touched=PLAN_TABLES),
    entry('target_twice', 'targets', 'salesperson', 'sales.plan', 'create', V,
          r'already has a target for .* a target is set once per region, period, salesperson',
          plan(line_ids=target() + target()), touched=PLAN_TABLES),
    entry('plan_moved_out_of_the_years', 'plans', 'salesperson', 'sales.plan', 'write', V,
          r'plans are set for the years 2000 to 2099',
          {'date_start': '0226-01-01', 'date_end': '0226-12-31'}, setup='draft_plan',
          touched=PLAN_TABLES),
    entry('target_made_negative', 'targets', 'salesperson', 'sales.plan.line', 'write', V,
          r'A target cannot be negative', {'target_amount': -1.0}, setup='draft_plan',
          target='line_ids', touched=PLAN_TABLES),
    entry('target_given_to_another_region', 'targets', 'salesperson', 'sales.plan.line',
          'write', V, r'does not work in the region', {'user_id': '$other_salesperson'},
          setup='draft_plan', target='line_ids', touched=PLAN_TABLES),
    entry('plan_submitted_without_targets', 'plans', 'salesperson', 'sales.plan', 'call', U,
          r'Add the targets of .* before submitting it', setup='plan_without_targets',
          method='action_approval_submit', touched=PLAN_TABLES + ('sales.approval.history',)),
    entry('plan_refused_without_reason', 'plans', 'regional_manager', 'sales.plan', 'call', U,
          r'Give the reason for refusing the plan', setup='draft_plan', method='action_refuse',
          args=['  ']),
    entry('plan_cancelled_by_a_salesperson', 'plans', 'salesperson', 'sales.plan', 'call', U,
          r'Only the general manager or the sales director .* cancels plans',
          setup='draft_plan', method='action_cancel'),
    entry('plan_closed_as_a_draft', 'plans', 'sales_director', 'sales.plan', 'call', U,
          r'Only a plan in execution is closed \(.* is draft\)', setup='draft_plan',
          method='action_close'),
    entry('plan_revised_as_a_draft', 'plans', 'salesperson', 'sales.plan', 'call', U,
          r'Only an approved plan is revised', setup='draft_plan', method='action_revise',
          touched=PLAN_TABLES),
    entry('plan_proposed_as_a_draft', 'plans', 'sales_director', 'sales.plan', 'call', U,
          r'Only an approved or a refused plan can be sent to its region', setup='draft_plan',
          method='action_propose'),
    # Sales strategies
    entry('strategy_year_226', 'strategies', 'general_manager', 'sales.strategy', 'create', V,
          r'is for the year 226: a sales strategy is set for a year from 2000 to 2099',
          {'name': 'Typo 226', 'year': 226, 'total_target': 1000}),
    entry('strategy_year_3026', 'strategies', 'general_manager', 'sales.strategy', 'create', V,
          r'is for the year 3026: a sales strategy is set for a year from 2000 to 2099',
          {'name': 'Typo 3026', 'year': 3026}),
    entry('strategy_moved_to_226', 'strategies', 'general_manager', 'sales.strategy', 'write',
          V, r'is for the year 226', {'year': 226}, setup='strategy'),
    # Stock transfer requests and demand
    entry('transfer_zero_quantity', 'transfers', 'salesperson', 'stock.transfer.request',
          'create', V, r'The quantity to transfer must be positive',
          request_lines(('$storable2', 4), ('$storable', 0)), touched=REQUEST_TABLES),
    entry('transfer_negative_quantity', 'transfers', 'salesperson', 'stock.transfer.request',
          'create', V, r'The quantity to transfer must be positive',
          request_lines(('$storable', -3)), touched=REQUEST_TABLES),
    entry('transfer_same_warehouses', 'transfers', 'salesperson', 'stock.transfer.request',
          'create', V, r'The source and destination warehouses of the transfer request are the '
                       r'same', merged(REQUEST, source_warehouse_id='$region_warehouse'),
          touched=REQUEST_TABLES),
    entry('transfer_consumable', 'transfers', 'salesperson', 'stock.transfer.request', 'create',
          V, r'is not a storable product: only stocked products can be transferred',
          request_lines(('$consumable', 2)), touched=REQUEST_TABLES),
    entry('transfer_service', 'transfers', 'salesperson', 'stock.transfer.request', 'create', V,
          r'is not a storable product', request_lines(('$service', 2)), touched=REQUEST_TABLES),
    entry('transfer_product_twice', 'transfers', 'salesperson', 'stock.transfer.request',
          'create', V, r'A product appears once in a transfer request: change the quantity',
          request_lines(('$storable', 1), ('$storable', 2)), touched=REQUEST_TABLES),
    entry('transfer_quantity_made_zero', 'transfers', 'salesperson',
          'stock.transfer.request.line', 'write', V, r'must be positive', {'product_qty': 0},
          setup='draft_request', target='line_ids', touched=REQUEST_TABLES),
    entry('transfer_source_made_the_destination', 'transfers', 'salesperson',
          'stock.transfer.request', 'write', V, r'are the same',
          {'source_warehouse_id': '$region_warehouse'}, setup='draft_request',
          touched=REQUEST_TABLES),
    entry('transfer_submitted_without_products', 'transfers', 'salesperson',
          'stock.transfer.request', 'call', U, r'has no products to transfer',
          setup='empty_request', method='action_approval_submit',
          touched=REQUEST_TABLES + ('sales.approval.history',)),
    entry('demand_zero_quantity', 'transfers', 'salesperson', 'sales.demand', 'create', V,
          r'The quantity of a demand must be positive',
          {'product_id': '$storable', 'product_qty': 0}),
    entry('demand_consumable', 'transfers', 'salesperson', 'sales.demand', 'create', V,
          r'is not a storable product: only stocked products are gathered as demand',
          {'product_id': '$consumable', 'product_qty': 2}),
    # Promotions
    entry('promotion_ends_before_it_starts', 'promotions', 'marketing_assistant',
          'sales.promotion', 'create', V, r'ends .* before it starts',
          promotion(date_start='2041-06-10', date_end='2041-06-05'), touched=PROMOTION_TABLES),
    entry('promotion_negative_discount', 'promotions', 'marketing_assistant', 'sales.promotion',
          'create', V, r'between 0 and 100', promotion(line_ids=[(0, 0, {
              'product_id': '$storable', 'discount': -5})]), touched=PROMOTION_TABLES),
    entry('promotion_discount_over_100', 'promotions', 'marketing_assistant', 'sales.promotion',
          'create', V, r'between 0 and 100', promotion(line_ids=[(0, 0, {
              'product_id': '$storable', 'discount': 100.5})]), touched=PROMOTION_TABLES),
    entry('promotion_negative_price', 'promotions', 'marketing_assistant', 'sales.promotion',
          'create', V, r'greater than 0', promotion(line_ids=[(0, 0, {
              'product_id': '$storable', 'fixed_price': -1})]), touched=PROMOTION_TABLES),
    entry('promotion_line_without_product', 'promotions', 'marketing_assistant',
          'sales.promotion', 'create', V, r'either a product or a product category',
          promotion(line_ids=[(0, 0, {'discount': 5})]), touched=PROMOTION_TABLES),
    entry('promotion_negative_material_quantity', 'promotions', 'marketing_assistant',
          'sales.promotion', 'create', V, r'negative quantity or cost',
          promotion(material_line_ids=[(0, 0, {'name': 'Posters', 'quantity': -1,
                                               'unit_cost': 2})]), touched=PROMOTION_TABLES),
    entry('promotion_negative_material_cost', 'promotions', 'marketing_assistant',
          'sales.promotion', 'create', V, r'negative quantity or cost',
          promotion(material_line_ids=[(0, 0, {'name': 'Posters', 'quantity': 1,
                                               'unit_cost': -2})]), touched=PROMOTION_TABLES),
    entry('promotion_negative_cost', 'promotions', 'marketing_assistant', 'sales.promotion',
          'create', V, r'cannot be negative', promotion(cost_line_ids=[(0, 0, {
              'kind': 'venue', 'amount_planned': -10})]), touched=PROMOTION_TABLES),
    entry('promotion_tagged_customers_without_tags', 'promotions', 'marketing_assistant',
          'sales.promotion', 'create', V, r'choose their tags',
          promotion(customer_scope='tagged'), touched=PROMOTION_TABLES),
    entry('promotion_staff_ends_before_it_starts', 'promotions', 'marketing_assistant',
          'sales.promotion', 'create', V, r'ends before it starts',
          promotion(staff_ids=[(0, 0, {'user_id': '$other_salesperson',
                                       'date_from': '2041-06-02 10:00:00',
                                       'date_to': '2041-06-01 10:00:00'})]),
          touched=PROMOTION_TABLES),
    entry('promotion_discount_made_negative', 'promotions', 'marketing_assistant',
          'sales.promotion.line', 'write', V, r'between 0 and 100', {'discount': -1},
          setup='draft_promotion', target='line_ids', touched=PROMOTION_TABLES),
    entry('promotion_submitted_without_products', 'promotions', 'marketing_assistant',
          'sales.promotion', 'call', U, r'promoted products',
          setup='promotion_without_products', method='action_approval_submit',
          touched=PROMOTION_TABLES + ('sales.approval.history',)),
    entry('promotion_evaluated_as_a_draft', 'promotions', 'marketing_assistant',
          'sales.promotion', 'call', U, r'once the promotion runs', setup='draft_promotion',
          method='action_evaluation', touched=('sales.promotion.evaluation',)),
    # Exchanges and returns
    entry('case_more_than_delivered', 'aftersales', 'salesperson', 'sales.aftersales.case',
          'create', V, r'so at most', case(line_ids=[(0, 0, {
              'product_id': '$delivered_product', 'quantity': 100000})]), touched=CASE_TABLES),
    entry('case_product_not_in_the_order', 'aftersales', 'salesperson',
          'sales.aftersales.case', 'create', V, r'is not in the sale order',
          case(line_ids=[(0, 0, {'product_id': '$storable2', 'quantity': 1})]),
          touched=CASE_TABLES),
    entry('case_another_customers_order', 'aftersales', 'salesperson', 'sales.aftersales.case',
          'create', V, r'is not an order of', case(partner_id='$other_customer'),
          touched=CASE_TABLES),
    entry('case_quantity_made_too_large', 'aftersales', 'salesperson',
          'sales.aftersales.case.line', 'write', V, r'so at most', {'quantity': 100000},
          setup='draft_case', target='line_ids', touched=CASE_TABLES),
    entry('case_reported_without_products', 'aftersales', 'salesperson',
          'sales.aftersales.case', 'call', U, r'has no products: say which goods',
          setup='case_without_products', method='action_report',
          touched=CASE_TABLES + ('sales.approval.history',)),
    entry('case_assessed_incomplete', 'aftersales', 'quality', 'sales.aftersales.case', 'call',
          U, r'Complete the assessment of .* first', setup='reported_case',
          method='action_assess'),
    # Expense budgets
    entry('budget_negative', 'budgets', 'salesperson', 'sales.plan', 'create', V,
          r'A budgeted expense cannot be negative', budget(amount_planned=-100.0),
          touched=PLAN_TABLES),
    entry('budget_outside_the_plan', 'budgets', 'salesperson', 'sales.plan', 'create', V,
          r'outside the period of', budget(date_from='2043-01-01', date_to='2043-03-31'),
          touched=PLAN_TABLES),
    entry('budget_not_whole_months', 'budgets', 'salesperson', 'sales.plan', 'create', V,
          r'must run from the first day of a month to the last day of a month',
          budget(date_from='2042-03-05', date_to='2042-12-31'), touched=PLAN_TABLES),
    entry('budget_other_region', 'budgets', 'salesperson', 'sales.plan', 'create', V,
          r'The expense budget of .* is for the region', budget(region_id='$other_region'),
          touched=PLAN_TABLES),
    entry('budget_made_negative', 'budgets', 'salesperson', 'sales.budget.line', 'write', V,
          r'A budgeted expense cannot be negative', {'amount_planned': -1.0},
          setup='draft_plan', target='budget_line_ids', touched=PLAN_TABLES),
    # Promises to pay
    entry('promise_in_the_past', 'receivables', 'salesperson', 'sales.payment.promise',
          'create', V, r'cannot be dated in the past', merged(PROMISE, date='2001-01-01')),
    entry('promise_of_nothing', 'receivables', 'salesperson', 'sales.payment.promise',
          'create', V, r'The promised amount must be positive', merged(PROMISE, amount=0.0)),
    entry('promise_negative', 'receivables', 'salesperson', 'sales.payment.promise', 'create',
          V, r'The promised amount must be positive', merged(PROMISE, amount=-5.0)),
    entry('promise_more_than_open', 'receivables', 'salesperson', 'sales.payment.promise',
          'create', V, r'is more than the open amount of',
          merged(PROMISE, amount=1000000000.0)),
    entry('promise_on_a_draft_invoice', 'receivables', 'salesperson', 'sales.payment.promise',
          'create', V, r'is recorded on an open customer invoice',
          merged(PROMISE, invoice_id='$draft_invoice')),
    entry('promise_without_invoice', 'receivables', 'salesperson', 'sales.payment.promise',
          'create', V, r'A promise to pay is recorded on an invoice',
          merged(PROMISE, invoice_id=False)),
    # Market surveys
    entry('survey_price_zero', 'surveys', 'salesperson', 'sales.market.survey', 'create', V,
          r'A surveyed price must be positive', survey(survey_line(price=0.0)),
          touched=SURVEY_TABLES),
    entry('survey_own_price_negative', 'surveys', 'salesperson', 'sales.market.survey',
          'create', V, r'A surveyed price must be positive',
          survey({'kind': 'own', 'product_id': '$consumable', 'price': -5.0}),
          touched=SURVEY_TABLES),
    entry('survey_ends_before_it_starts', 'surveys', 'salesperson', 'sales.market.survey',
          'create', V, r'The survey period ends \(2041-10-01\) before it starts',
          survey(survey_line(), date_from='2041-10-31', date_to='2041-10-01'),
          touched=SURVEY_TABLES),
    entry('survey_negative_volume', 'surveys', 'salesperson', 'sales.market.survey', 'create',
          V, r'An estimated volume cannot be negative', survey(survey_line(volume=-1)),
          touched=SURVEY_TABLES),
    entry('survey_own_line_without_product', 'surveys', 'salesperson', 'sales.market.survey',
          'create', V, r'Choose the product', survey({'kind': 'own', 'price': 10.0}),
          touched=SURVEY_TABLES),
    entry('survey_competitor_line_without_product', 'surveys', 'salesperson',
          'sales.market.survey', 'create', V, r'needs the competitor',
          survey(survey_line(competitor_product=False)), touched=SURVEY_TABLES),
    entry('survey_competitor_not_flagged', 'surveys', 'salesperson', 'sales.market.survey',
          'create', V, r'not flagged as a competitor',
          survey(survey_line(competitor_id='$customer')), touched=SURVEY_TABLES),
    entry('survey_price_made_zero', 'surveys', 'salesperson', 'sales.market.survey.line',
          'write', V, r'A surveyed price must be positive', {'price': 0.0},
          setup='draft_survey', target='line_ids', touched=SURVEY_TABLES),
    entry('survey_submitted_without_prices', 'surveys', 'salesperson', 'sales.market.survey',
          'call', U, r'Add the prices you observed', setup='survey_without_lines',
          method='action_approval_submit', touched=SURVEY_TABLES + ('sales.approval.history',)),
    entry('survey_given_to_another_salesperson', 'surveys', 'salesperson',
          'sales.market.survey', 'write', U, r'A survey stays with the salesperson who filed it',
          {'user_id': '$other_salesperson'}, setup='draft_survey'),
    # Appraisals and their weights
    entry('weights_not_adding_up_to_100', 'appraisals', 'sales_director',
          'sales.appraisal.scoring', 'write', V, r'add up to \d+ %',
          {'weight_achievement': 99}, setup='$scoring'),
    entry('weight_outside_0_to_100', 'appraisals', 'sales_director', 'sales.appraisal.scoring',
          'write', V, r'between 0 and 100', {'weight_achievement': 120, 'weight_growth': -65},
          setup='$scoring'),
    entry('return_rate_of_zero_points_zero', 'appraisals', 'sales_director',
          'sales.appraisal.scoring', 'write', V, r'above zero', {'return_zero_pct': 0},
          setup='$scoring'),
    entry('appraisal_typed_in', 'appraisals', 'regional_manager', 'sales.appraisal', 'create',
          U, r'only through its buttons', {
              'user_id': '$salesperson', 'region_id': '$region', 'period_type': 'year',
              'year': 2024}),
    entry('appraisal_of_a_year_not_ended', 'appraisals', 'sales_hq', GENERATE, 'call', U,
          r'has not ended: salespeople are appraised once it is over',
          setup='generate_this_year', method='action_generate', touched=('sales.appraisal',)),
    entry('appraisal_of_the_year_225', 'appraisals', 'sales_hq', GENERATE, 'call', U,
          r'225 is not a year to appraise', setup='generate_year_225',
          method='action_generate', touched=('sales.appraisal',)),
    entry('appraisal_quarter_not_chosen', 'appraisals', 'sales_hq', GENERATE, 'call', U,
          r'Choose the quarter to appraise', setup='generate_without_quarter',
          method='action_generate', touched=('sales.appraisal',)),
]


def resolve(value, world):
    """`value` with its '$key' names replaced by the world's ids."""
    if isinstance(value, str) and value.startswith('$'):
        return world[value[1:]]
    if isinstance(value, dict):
        return {key: resolve(item, world) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(resolve(item, world) for item in value)
    return value


def watched_fields(item):
    """The fields whose values must stay as they were on the record a write or call acts on."""
    fields = set(item.values) if item.op == 'write' else set()
    if item.op == 'call' and item.model != GENERATE:
        fields.add('state')
    return sorted(fields)
