"""The printed return authorization and exchange request: rendered for their readers, on A4,
named in the reader's language, and printed as real PDFs."""
import time

from lxml import html as lxml_html

from odoo.tools.safe_eval import safe_eval

from .aftersales_common import AftersalesCase

RETURN = 'sales_process.action_report_aftersales_return_authorization'
EXCHANGE = 'sales_process.action_report_aftersales_exchange_request'


class TestAftersalesReports(AftersalesCase):

    def text(self, xmlid, case, user):
        report = self.as_reader(self.env.ref(xmlid), user)
        page = lxml_html.fromstring(report.render_qweb_html(case.ids)[0])
        return ' '.join(page.text_content().split())

    def exchanged_case(self):
        case = self.decided_case('exchange')
        case.line_ids.sudo(self.salesperson).write({'replacement_product_id': self.cooker.id})
        case.sudo(self.salesperson).action_request_exchange()
        self.approve(case, self.director)
        self.process(case.return_picking_id)
        return case

    def test_return_authorization(self):
        case = self.decided_case('exchange')
        text = self.text(RETURN, case, self.salesperson)
        for expected in ('Return Authorization', case.name, 'Test AS Customer', self.order.name,
                         'Test AS Kettle', 'Faulty Goods', case.return_picking_id.name,
                         'The lid does not close.', "Marketing manager's decision",
                         self.marketing.name):
            self.assertIn(expected, text)

    def test_exchange_request_names_who_approved_and_who_shipped(self):
        case = self.exchanged_case()
        self.process(case.replacement_picking_id)
        text = self.text(EXCHANGE, case, self.salesperson)
        for expected in ('Exchange Request', case.name, 'Test AS Rice Cooker',
                         'Sales director: exchange request', self.director.name,
                         self.warehouse_user.name):
            self.assertIn(expected, text)

    def test_a4_and_file_names(self):
        case = self.decided_case('exchange')
        for xmlid, title in ((RETURN, 'Return Authorization'), (EXCHANGE, 'Exchange Request')):
            report = self.env.ref(xmlid)
            self.assertEqual((report.paperformat_id.format, report.paperformat_id.orientation),
                             ('A4', 'Portrait'))
            name = safe_eval(report.print_report_name,
                             {'object': self.as_reader(case, self.salesperson), 'time': time})
            self.assertEqual(name, '%s %s' % (title, case.name))

    def test_real_pdfs(self):
        case = self.exchanged_case()
        for xmlid, title in ((RETURN, 'Return Authorization'), (EXCHANGE, 'Exchange Request')):
            text = self.printed_pdf(xmlid, case, self.salesperson)[1]
            self.assertIn(title, text)
            self.assertIn(case.name, text)
