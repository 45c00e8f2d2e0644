"""What the screens say and offer: the approval banner as one translatable sentence, one
highlighted button at a time on a transfer request, the Propose Requests page, quantities with
the decimals of their unit, where a request comes from, and the decision dialog's Reason."""
from lxml import etree

from odoo.exceptions import UserError
from odoo.tools.misc import format_date
from odoo.tools.safe_eval import safe_eval

from odoo.addons.sales_process.tests.stock_transfer_common import REQUEST, StockTransferCase


def matches(domain, values):
    """Whether `values` ({field: value}) satisfy a domain of attrs (=, !=, in, not in; |, &, !)."""
    stack = []
    for item in reversed(domain):
        if item == '|':
            stack.append(stack.pop() | stack.pop())
        elif item == '&':
            stack.append(stack.pop() & stack.pop())
        elif item == '!':
            stack.append(not stack.pop())
        else:
            name, operator, value = item
            current = values[name]
            if operator in ('=', '!='):
                stack.append((current == value) == (operator == '='))
            else:
                stack.append((current in value) == (operator == 'in'))
    return all(stack)


class TestScreenWording(StockTransferCase):

    def form(self, model, user, view_type='form', view_id=None):
        return etree.fromstring(self.env[model].sudo(user).fields_view_get(
            view_id, view_type)['arch'])

    def visible_buttons(self, request, user, highlighted=True):
        """The names of the header buttons the user sees on the request (highlighted only)."""
        record = request.sudo(user)
        buttons = []
        for button in self.form(REQUEST, user).xpath('//header/button'):
            if highlighted and 'oe_highlight' not in (button.get('class') or ''):
                continue
            states = button.get('states')
            if states and record.state not in states.split(','):
                continue
            invisible = safe_eval(button.get('attrs') or '{}').get('invisible')
            if invisible:
                names = {item[0] for item in invisible if isinstance(item, (list, tuple))}
                if matches(invisible, {name: record[name] for name in names}):
                    continue
            buttons.append(button.get('name'))
        return buttons

    # (a) the approval banner

    def test_the_approval_banner_is_one_translatable_sentence(self):
        request = self.new_request(self.salesperson, [(self.fryer, 5)])
        request.sudo(self.salesperson).action_approval_submit()
        self.assertEqual(
            request.sudo(self.salesperson).approval_status_text,
            'Waiting for approval: Regional manager \u2014 approvers: %s \u2014 due %s' % (
                self.manager_a.name, format_date(self.env, request.approval_deadline)))
        banner = self.form(REQUEST, self.salesperson).xpath("//div[@role='status']")[0]
        self.assertEqual([field.get('name') for field in banner.iter('field')],
                         ['approval_status_text'])
        self.assertFalse(''.join(banner.itertext()).strip())  # no loose words around it
        self.approve(request, self.manager_a)
        self.approve(request, self.hq)
        self.assertFalse(request.approval_status_text)

    # (b) one highlighted button

    def test_one_highlighted_button_at_a_time(self):
        request = self.new_request(self.salesperson, [(self.fryer, 5)])
        self.assertEqual(self.visible_buttons(request, self.salesperson),
                         ['action_approval_submit'])
        request.sudo(self.salesperson).action_approval_submit()
        self.assertEqual(self.visible_buttons(request, self.manager_a),
                         ['action_approval_approve_wizard'])
        self.reject(request, self.manager_a, 'Check the stock again')
        self.assertEqual(request.state, 'recheck')
        self.assertEqual(self.visible_buttons(request, self.salesperson),
                         ['action_refresh_figures'])
        request.sudo(self.salesperson).action_refresh_figures()
        self.assertEqual(self.visible_buttons(request, self.salesperson),
                         ['action_approval_submit'])
        # re-checking again stays possible, not highlighted
        self.assertIn('action_refresh_figures',
                      self.visible_buttons(request, self.salesperson, highlighted=False))

    # (c) Propose Requests: a page, then a button

    def test_propose_requests_opens_a_page_whose_button_proposes(self):
        menu = self.env.ref('sales_process.stock_transfer_request_menu_propose')
        self.assertEqual(menu.name, 'Propose Requests')
        self.assertEqual((menu.action._name, menu.action.res_model, menu.action.target),
                         ('ir.actions.act_window', 'stock.transfer.request.propose', 'new'))
        self._set_stock(self.kettle, self.warehouse_a, 2)
        self._safety(self.kettle, self.warehouse_a, 10)
        self._safety(self.kettle, self.warehouse_b, 10)
        page = self.env['stock.transfer.request.propose'].sudo(self.salesperson).create({})
        self.assertEqual((page.region_ids, page.shortage_count), (self.region_a, 1))
        self.assertFalse(self.env[REQUEST].search([('region_id', 'in', (self.region_a | self.region_b).ids)]))
        action = page.action_propose()
        proposed = self.env[REQUEST].search([('region_id', 'in', (self.region_a | self.region_b).ids)])
        self.assertEqual(proposed.region_id, self.region_a)  # the user's region only
        self.assertEqual(action['domain'], [('id', 'in', proposed.ids)])
        self.assertEqual(proposed.line_ids.product_qty, 8.0)
        self.assertEqual(page.action_view_stock_check()['res_model'], 'sales.stock.check')

    # (d) quantities in their unit's decimals

    def test_quantities_show_the_decimals_of_their_unit(self):
        request = self.new_request(self.salesperson, [(self.fryer, 5)])
        # the widget reads the unit's rounding (and drops the zeros nobody needs: 12, 2.5)
        self.assertEqual(request.line_ids.uom_rounding, self.fryer.uom_id.rounding)
        for view, names in (
                ('stock_transfer_request_view_form', (
                    'product_qty', 'on_hand_qty', 'forecast_qty', 'demand_qty', 'safety_qty',
                    'shortage_qty', 'transferred_qty')),
                ('stock_transfer_request_line_view_tree', (
                    'product_qty', 'transferred_qty', 'shortage_qty')),
                ('sales_stock_check_view_tree', (
                    'on_hand_qty', 'incoming_qty', 'outgoing_qty', 'forecast_qty', 'demand_qty',
                    'safety_qty', 'shortage_qty', 'requested_qty')),
                ('sales_demand_view_tree', ('product_qty',)),
                ('sales_demand_view_form', ('product_qty',))):
            arch = etree.fromstring(self.env.ref('sales_process.' + view).arch)
            lines = arch.xpath("//field[@name='line_ids']/tree")
            fields = {field.get('name'): field for field in (lines[0] if lines else arch).iter('field')}
            self.assertIn('uom_rounding', fields, view)
            for name in names:
                self.assertEqual(fields[name].get('widget'), 'sales_uom_quantity', (view, name))
        self.assertIn('uom_quantity_field.js', self.env.ref('sales_process.assets_backend').arch)
        # Odoo's global precision is left as it is
        self.assertEqual(self.env['decimal.precision'].precision_get('Product Unit of Measure'), 3)

    # (e) where a request comes from

    def test_where_a_request_comes_from_reads_clearly(self):
        request = self.new_request(self.salesperson, [(self.fryer, 5)])
        self.assertEqual(request._selection_label('origin_type'), 'Entered by Hand')
        self.assertEqual(dict(self.env[REQUEST]._fields['origin_type'].selection),
                         {'manual': 'Entered by Hand', 'demand': 'Market Demand',
                          'stock_check': 'Stock Check Proposal'})

    # (f) the decision dialog: a comment to approve, a reason to reject

    def test_the_reject_dialog_asks_for_a_reason(self):
        Wizard = self.env['sales.approval.decision.wizard']
        described = Wizard.fields_get(['comment', 'reason'])
        self.assertEqual((described['comment']['string'], described['reason']['string']),
                         ('Comment', 'Reason'))
        arch = self.form('sales.approval.decision.wizard', self.manager_a)
        fields = {field.get('name'): field for field in arch.iter('field')}
        self.assertEqual(safe_eval(fields['reason'].get('attrs'))['required'],
                         [('decision', '=', 'reject')])
        self.assertNotIn('required', safe_eval(fields['comment'].get('attrs')))

        request = self.new_request(self.salesperson, [(self.fryer, 5)])
        request.sudo(self.salesperson).action_approval_submit()
        action = self.as_approver(request, self.manager_a).action_approval_reject_wizard()
        dialog = Wizard.sudo(self.manager_a).with_context(**action['context'])
        history = len(self.history(request))
        with self.assertRaisesRegex(UserError, 'reason'):  # a comment is not a reason
            dialog.create({'comment': 'Too many'}).action_confirm()
        self.assertEqual((request.approval_state, len(self.history(request))), ('pending', history))
        dialog.create({'reason': 'Too many'}).action_confirm()
        self.assertEqual((request.state, request.recheck_reason), ('recheck', 'Too many'))
