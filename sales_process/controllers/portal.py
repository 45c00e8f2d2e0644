"""The customer portal of after-sales cases (/my/aftersales): a customer's users list their
company's cases, read one with its outcome, and file a complaint on a delivered order
(/my/orders/<id>/complaint). What may be filed is decided by the case
(sales.aftersales.case._portal_file); this controller only reads the request and renders."""
from odoo import _, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal, pager as portal_pager

CASE = 'sales.aftersales.case'


class AftersalesCustomerPortal(CustomerPortal):

    def _prepare_portal_layout_values(self):
        values = super(AftersalesCustomerPortal, self)._prepare_portal_layout_values()
        Case = request.env[CASE]
        values['aftersales_case_count'] = (
            Case.search_count(self._aftersales_domain())
            if Case.check_access_rights('read', raise_exception=False) else 0)
        return values

    def _aftersales_domain(self):
        partner = request.env.user.partner_id
        return [('partner_id', 'child_of', [partner.commercial_partner_id.id])]

    def _aftersales_case(self, case_id):
        """The case as the module reads it, once the user's rights allow them to read it."""
        case = request.env[CASE].browse(case_id)
        case.check_access_rights('read')
        case.check_access_rule('read')
        if not case.exists():
            raise MissingError(_("This case no longer exists."))
        return case.sudo()

    @http.route(['/my/aftersales', '/my/aftersales/page/<int:page>'], type='http', auth='user',
                website=True)
    def portal_my_aftersales_cases(self, page=1, **kw):
        values = self._prepare_portal_layout_values()
        Case = request.env[CASE]
        domain = self._aftersales_domain()
        pager = portal_pager(url='/my/aftersales', total=Case.search_count(domain), page=page,
                             step=self._items_per_page)
        cases = Case.search(domain, order='date_intake desc, id desc',
                            limit=self._items_per_page, offset=pager['offset'])
        values.update({'cases': cases.sudo(), 'pager': pager, 'page_name': 'aftersales',
                       'default_url': '/my/aftersales'})
        return request.render('sales_process.portal_my_aftersales_cases', values)

    @http.route(['/my/aftersales/<int:case_id>'], type='http', auth='user', website=True)
    def portal_aftersales_case(self, case_id, **kw):
        try:
            case = self._aftersales_case(case_id)
        except (AccessError, MissingError):
            return request.redirect('/my')
        values = self._prepare_portal_layout_values()
        values.update({'case': case, 'page_name': 'aftersales_case',
                       'photos': request.env['ir.attachment'].sudo().search(
                           [('res_model', '=', CASE), ('res_id', '=', case.id),
                            ('mimetype', '=like', 'image/%')]),
                       'filed': kw.get('filed')})
        return request.render('sales_process.portal_aftersales_case_page', values)

    @http.route(['/my/orders/<int:order_id>/complaint'], type='http', auth='user',
                methods=['GET', 'POST'], website=True)
    def portal_aftersales_complaint(self, order_id, **post):
        Case = request.env[CASE]
        order = request.env['sale.order'].sudo().browse(order_id)
        partner = request.env.user.partner_id
        if not order.exists() or not order.search_count(
                [('id', '=', order.id)] + Case._portal_orders_domain(partner)):
            return request.redirect('/my')
        values = self._prepare_portal_layout_values()
        values.update({'order': order, 'page_name': 'aftersales_complaint', 'post': post,
                       'delivered': bool(Case._portal_deliveries(order))})
        if request.httprequest.method == 'POST':
            quantities = {}
            try:
                for line in order.order_line:
                    raw = (post.get('quantity_%d' % line.id) or '').strip()
                    quantities[line.id] = float(raw) if raw else 0.0
            except ValueError:
                values['error'] = _("Enter the quantities as numbers.")
            else:
                photos = [(upload.filename, upload.mimetype, upload.read())
                          for upload in request.httprequest.files.getlist('photos')
                          if upload.filename]
                try:
                    with request.env.cr.savepoint():  # nothing half-written on a refusal
                        case = Case._portal_file(order, quantities, post.get('description'),
                                                 post.get('kind_proposed') or 'exchange', photos)
                except UserError as error:
                    values['error'] = error.name
                else:
                    return request.redirect('/my/aftersales/%d?filed=1' % case.id)
        return request.render('sales_process.portal_aftersales_complaint_form', values)
