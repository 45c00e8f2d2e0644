"""The printed documents as their readers get them: who signed the transfer request form for the
warehouse, A4 paper, the file name in the reader's language, and a real PDF with the company's
header and footer and Chinese text (wkhtmltopdf with patched Qt, installed by the set-up)."""
import io
import shutil
import time

from lxml import html as lxml_html
from PyPDF2 import PdfFileReader

from odoo.exceptions import AccessError
from odoo.tools.safe_eval import safe_eval

from .common import without_spaces
from .stock_transfer_common import StockTransferCase

FORM = 'sales_process.action_report_stock_transfer_request'
STATISTICS = 'sales_process.action_report_sales_statistics'


class TestPrintedDocuments(StockTransferCase):

    @classmethod
    def setUpClass(cls):
        super(TestPrintedDocuments, cls).setUpClass()
        if not cls.env['res.lang'].search([('code', '=', 'zh_CN')]):
            cls.env['res.lang'].load_lang('zh_CN')
        cls.env['ir.translation'].load_module_terms(['sales_process'], ['zh_CN'])
        cls._set_stock(cls.kettle, cls.head_office_warehouse, 10)
        cls.salesperson.write({'lang': 'zh_CN', 'tz': 'Asia/Shanghai'})
        cls.manager_a.write({'lang': 'en_US', 'tz': 'Asia/Shanghai'})

    def signature(self, request, user):
        """The warehouse's signature on the form, as printed for `user`."""
        report = self.as_reader(self.env.ref(FORM), user)
        page = lxml_html.fromstring(report.render_qweb_html(request.ids)[0])
        block = page.xpath('//div[@name="signature_warehouse"]/p')
        self.assertEqual(len(block), 1, 'the form has one signature of the warehouse')
        return ' '.join(block[0].text_content().split())

    def printed_datetime(self, value, user):
        """A datetime as Odoo prints it for `user`: their time zone and language's format."""
        return self.as_reader(self.env['ir.qweb.field.datetime'], user).value_to_html(value, {})

    # (a) the warehouse signs the form

    def test_form_names_who_validated_each_transfer_order_and_when(self):
        request = self.approved_request([(self.kettle, 10)])
        self.assertEqual(self.signature(request, self.manager_a), '',
                         'nobody signs for the warehouse before the goods leave')

        first = request.picking_ids
        self.process(first, {self.kettle: 6})  # a backorder for the 4 others
        backorder = request.picking_ids - first
        second_clerk = self._create_user('sp_test_warehouse_2', 'sales_process.group_warehouse')
        for move in backorder.sudo(second_clerk).move_lines:
            move.move_line_ids[0].qty_done = move.product_uom_qty
        backorder.sudo(second_clerk).button_validate()
        self.assertEqual(request.state, 'done')
        self.assertEqual((first.validated_by_id, backorder.validated_by_id),
                         (self.warehouse_user, second_clerk))

        # printed for a reader of the request (the salesperson, in Chinese, without any right
        # on the clerks' users or Inventory's settings) and for the manager, in English
        for reader in (self.salesperson, self.manager_a):
            signed = self.signature(request, reader)
            self.assertEqual(signed, '%s %s %s %s' % (
                self.warehouse_user.name, self.printed_datetime(first.date_done, reader),
                second_clerk.name, self.printed_datetime(backorder.date_done, reader)))

    def test_nobody_sets_who_validated_by_hand(self):
        request = self.approved_request([(self.kettle, 10)])
        picking = request.picking_ids
        for user in (self.warehouse_user, self.salesperson):
            with self.assertRaises(AccessError):
                picking.sudo(user).write({'validated_by_id': user.id})
        with self.assertRaises(AccessError):
            self.env['stock.picking'].sudo(self.warehouse_user).create({
                'picking_type_id': picking.picking_type_id.id,
                'location_id': picking.location_id.id,
                'location_dest_id': picking.location_dest_id.id,
                'validated_by_id': self.warehouse_user.id})
        self.assertFalse(picking.validated_by_id)
        self.assertEqual(self.signature(request, self.salesperson), '')

    # (b) A4 paper

    def test_reports_are_printed_on_a4(self):
        for xmlid in (FORM, STATISTICS):
            paperformat = self.env.ref(xmlid).paperformat_id
            self.assertEqual((paperformat.format, paperformat.orientation), ('A4', 'Portrait'),
                             xmlid)

    # (c) the file name in the reader's language

    def file_name(self, xmlid, record, user):
        """What Odoo 11's /report/download names the file (web/controllers/main.py)."""
        report = self.as_reader(self.env.ref(xmlid), user)
        return safe_eval(report.print_report_name,
                         {'object': self.as_reader(record, user), 'time': time})

    def test_file_name_in_the_readers_language(self):
        request = self.approved_request([(self.kettle, 10)])
        self.assertEqual(self.file_name(FORM, request, self.salesperson),
                         '调货申请单 %s' % request.name)
        self.assertEqual(self.file_name(FORM, request, self.manager_a),
                         'Transfer Request Form %s' % request.name)
        year = max(self.env['sales.strategy'].with_context(active_test=False).search(
            []).mapped('year') or [2025]) + 1
        strategy = self.env['sales.strategy'].create({'name': 'Test print strategy',
                                                      'year': year, 'total_target': 1000})
        self.assertEqual(self.file_name(STATISTICS, strategy, self.salesperson),
                         '年终销售统计 %d' % year)
        self.assertEqual(self.file_name(STATISTICS, strategy, self.manager_a),
                         'Year-end Sales Statistics %d' % year)

    # (d) a real PDF: header, footer, Chinese text

    def test_pdf_has_the_company_header_and_footer_and_chinese_text(self):
        self.assertTrue(shutil.which('pdftotext'), 'pdftotext (poppler-utils) is installed by '
                                                   'the set-up')
        self.company.write({'phone': '+86 21 5555 0100'})
        request = self.approved_request([(self.kettle, 10)])
        pdf, text = self.printed_pdf(FORM, request, self.salesperson)
        flat = without_spaces(text)
        # the header (the company's name and address) and the footer (phone, page numbers):
        # only wkhtmltopdf with patched Qt prints them
        self.assertIn(without_spaces(self.company.name), flat)
        self.assertIn(without_spaces(self.company.phone), flat)
        self.assertRegex(text, r'\b1\s*/\s*\d\b', 'the page number "1 / n" in the footer')
        # the body, in Chinese (a label of the form, set in a CJK font, extracted as text)
        self.assertIn('调货申请单', text)
        self.assertIn(request.name, text)
        # on A4: 210 x 297 mm = 595 x 842 points
        box = PdfFileReader(io.BytesIO(pdf)).getPage(0).mediaBox
        self.assertEqual((round(float(box.getWidth())), round(float(box.getHeight()))), (595, 842))
