"""The after-sales case as the module's other parts see it (the workflow is in
sales_aftersales_case.py): the repeat-defect alert raised when its root cause is set, the
customer portal's filing (controllers/portal.py calls ``_portal_file``), and the list of cases
the smart buttons and the alerts open.

A customer's user files a complaint on a delivered order of their company; the case lands at
intake for the region's staff. Portal users read their company's cases (record rule in
security/sales_aftersales_measure_security.xml) and never write them.
"""
import base64

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

# what a customer may attach to a complaint: photos
PHOTO_MIMETYPES = ('image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/bmp')
MAX_PHOTO_BYTES = 10 * 1024 * 1024


class SalesAftersalesCase(models.Model):
    _inherit = 'sales.aftersales.case'

    # Repeat defects: a case's root cause, once set, may make its product one

    @api.model
    def create(self, vals):
        case = super(SalesAftersalesCase, self).create(vals)
        if vals.get('root_cause_id'):
            case._check_repeat_defect()
        return case

    @api.multi
    def write(self, vals):
        result = super(SalesAftersalesCase, self).write(vals)
        if vals.get('root_cause_id'):
            self._check_repeat_defect()
        return result

    def _check_repeat_defect(self):
        """Raise the alerts due for the products and root causes of these cases."""
        cases = self.sudo()
        pairs = {(line.product_id.id, case.root_cause_id.id)
                 for case in cases if case.root_cause_id for line in case.line_ids}
        if pairs:
            self.env['sales.aftersales.alert']._raise_repeat_defects(
                cases.mapped('company_id'), sorted(pairs))

    # Customer portal

    @api.model
    def _portal_orders_domain(self, partner):
        """The orders on which `partner` (a portal user's contact) may report a problem: their
        company's confirmed orders."""
        return [('partner_id', 'child_of', [partner.commercial_partner_id.id]),
                ('state', 'in', ('sale', 'done'))]

    @api.model
    def _portal_deliveries(self, order):
        """The order's done deliveries to the customer (read with the module's rights)."""
        return order.sudo().picking_ids.filtered(
            lambda picking: picking.state == 'done' and picking.location_dest_id.usage == 'customer')

    @api.model
    def _portal_file(self, order, quantities, description, kind='exchange', photos=()):
        """File a complaint as the current (portal) user on `order`.

        :param quantities: {sale.order.line id: quantity}; lines at 0 are left out
        :param photos: [(file name, mimetype, content bytes)]
        :return: the new case (in the caller's environment)
        """
        partner = self.env.user.partner_id
        order = order.sudo()
        if not order.exists() or not order.search_count(
                [('id', '=', order.id)] + self._portal_orders_domain(partner)):
            raise UserError(_("You can only report a problem with an order of your company."))
        deliveries = self._portal_deliveries(order)
        if not deliveries:
            raise UserError(_("The order %(order)s has not been delivered yet: a problem can be "
                              "reported once the goods have arrived.") % {'order': order.name})
        if not (description or '').strip():
            raise UserError(_("Describe the problem you found."))
        if kind not in ('exchange', 'return'):
            raise UserError(_("Choose whether you would like an exchange or a return."))
        lines = []
        for sale_line_id, quantity in quantities.items():
            if not quantity:
                continue
            line = order.order_line.filtered(lambda line, ident=sale_line_id: line.id == ident)
            if not line:
                raise UserError(_("This product is not in the order %(order)s.")
                                % {'order': order.name})
            precision = line.product_uom.rounding
            if quantity < 0 or float_compare(quantity, line.qty_delivered,
                                             precision_rounding=precision) > 0:
                raise UserError(_("%(product)s: %(delivered)s were delivered, you cannot report "
                                  "a problem with %(quantity)s.") % {
                    'product': line.product_id.display_name, 'delivered': line.qty_delivered,
                    'quantity': quantity})
            lines.append((0, 0, {'sale_line_id': line.id, 'product_id': line.product_id.id,
                                 'quantity': quantity}))
        if not lines:
            raise UserError(_("Enter the quantity of each product concerned."))
        for name, mimetype, content in photos:
            if mimetype not in PHOTO_MIMETYPES or len(content) > MAX_PHOTO_BYTES:
                raise UserError(_("%(file)s is not a photo (JPEG, PNG, GIF, WebP or BMP, at most "
                                  "10 MB).") % {'file': name})
        region = order.team_id
        if not region.is_sales_region:
            region = order.partner_id.commercial_partner_id.team_id
        if not region.is_sales_region:
            raise UserError(_("No sales region serves the order %(order)s: please contact us.")
                            % {'order': order.name})
        case = self._workflow_create({
            'partner_id': order.partner_id.id, 'sale_order_id': order.id,
            'picking_id': deliveries.sorted('date_done')[-1:].id, 'region_id': region.id,
            'company_id': order.company_id.id, 'description': description.strip(),
            'kind_proposed': kind, 'channel': 'portal', 'line_ids': lines})
        attachments = self.env['ir.attachment'].sudo()
        for name, mimetype, content in photos:
            attachments.create({'name': name, 'datas_fname': name, 'mimetype': mimetype,
                                'datas': base64.b64encode(content), 'res_model': self._name,
                                'res_id': case.id})
        case._post(_("Filed from the customer portal by %(who)s") % {'who': partner.name},
                   description.strip())
        case._schedule_activity('sales_process.mail_activity_type_portal_complaint',
                                case._portal_intake_users(), '_text_portal_complaint')
        return case

    def _portal_intake_users(self):
        """Who takes in a complaint filed from the portal: the region's manager and the order's
        salesperson when they work in the region (the region's staff when neither does)."""
        self.ensure_one()
        region = self.sudo().region_id
        users = region.user_id
        salesperson = self.sudo().sale_order_id.user_id
        if salesperson and salesperson in region.member_ids:
            users |= salesperson
        return (users or region.member_ids).filtered('active')

    def _text_portal_complaint(self):
        """The activity's summary (in the assignee's language: see _schedule_activity), read
        with the module's rights (the customer filing it may not read their order)."""
        case = self.sudo()
        return _("Complaint from the portal: %(customer)s, order %(order)s") % {
            'customer': case.partner_id.commercial_partner_id.name,
            'order': case.sale_order_id.name}

    def _portal_outcome(self):
        """What the customer is told of their case, in the reader's language."""
        self.ensure_one()
        if self.state == 'rejected':
            return _("Not accepted as a quality problem.")
        if self.state == 'cancel':
            return _("Cancelled.")
        if self.kind == 'exchange':
            return _("Exchange agreed: the product will be replaced.")
        if self.kind == 'return':
            return _("Return agreed: the product will be refunded.")
        return _("Being examined by our quality department.")

    # Smart buttons and alerts

    @api.model
    def _count_cases(self, field_name, ids):
        """{id: number of cases the user may read whose `field_name` is that id}, in one query
        (the smart buttons of orders, deliveries, invoices and customers); nothing for a user
        who may not read cases."""
        if not ids or not self.check_access_rights('read', raise_exception=False):
            return {}
        groups = self.read_group([(field_name, 'in', list(ids))], [field_name], [field_name])
        return {group[field_name][0]: group[field_name + '_count'] for group in groups}

    @api.model
    def _open_cases_action(self, domain, name=None):
        """A window action listing the cases of `domain` (the smart buttons, the alerts)."""
        return {
            'type': 'ir.actions.act_window',
            'name': name or _('After-Sales Cases'),
            'res_model': 'sales.aftersales.case',
            'view_mode': 'tree,form',
            'domain': domain,
            'context': {'create': False},
        }
