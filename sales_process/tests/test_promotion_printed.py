"""The printed promotion plan (促销计划书) and evaluation report: real A4 PDFs with the company's
header, Chinese text, the approvals as signatures, and file names from the reader's language."""
import subprocess
import tempfile
import time
from unittest.mock import patch

from lxml import html as lxml_html

import odoo
from odoo.tools.safe_eval import safe_eval

from . import test_printed_documents as printed
from .promotion_common import PromotionCase

PLAN = 'sales_process.action_report_sales_promotion'
EVALUATION = 'sales_process.action_report_sales_promotion_evaluation'


class TestPromotionPrinted(PromotionCase):

    @classmethod
    def setUpClass(cls):
        super(TestPromotionPrinted, cls).setUpClass()
        cls.promotion = cls.ended_promotion_for_print()

    @classmethod
    def ended_promotion_for_print(cls):
        case = cls('test_reports_are_printed_on_a4')
        promotion = case.ended_promotion(name='双十一厨房节 Double 11')
        case.file_report(promotion, cls.salesperson)
        cls.evaluation = case.approved_evaluation(promotion)
        return promotion

    def as_reader(self, records, user):
        context = self.env['res.users'].sudo(user).context_get()
        return records.with_env(self.env(user=user.id, context=context))

    def pdf_text(self, xmlid, records, user):
        report = self.as_reader(self.env.ref(xmlid), user)
        html = report.render_qweb_html(records.ids)[0].decode()
        self.env['ir.config_parameter'].set_param(
            'report.url', printed.TestPrintedDocuments.serve_report_styles(self, html))
        with tempfile.TemporaryDirectory() as folder, \
                patch.dict(odoo.tools.config.options, {'test_report_directory': folder}):
            pdf, kind = report.render_qweb_pdf(records.ids)
        self.assertEqual(kind, 'pdf')
        return subprocess.run(['pdftotext', '-enc', 'UTF-8', '-', '-'], input=pdf,
                              capture_output=True, check=True).stdout.decode()

    def test_reports_are_printed_on_a4(self):
        for xmlid in (PLAN, EVALUATION):
            paperformat = self.env.ref(xmlid).paperformat_id
            self.assertEqual((paperformat.format, paperformat.orientation), ('A4', 'Portrait'))

    def test_the_plan_prints_its_content_and_approvals(self):
        page = lxml_html.fromstring(self.as_reader(self.env.ref(PLAN), self.director)
                                    .render_qweb_html(self.promotion.ids)[0])
        text = ' '.join(page.text_content().split())
        for expected in ('Promotion Plan', '双十一厨房节 Double 11', 'Promo Test Kettle',
                         'Posters', 'Brief the hotline', 'Region A', self.assistant.name,
                         self.director.name, self.president.name):
            self.assertIn(expected, text)
        pdf = printed.without_spaces(self.pdf_text(PLAN, self.promotion, self.director))
        self.assertIn('双十一厨房节', pdf)
        self.assertIn(printed.without_spaces(self.company.name), pdf)

    def test_the_evaluation_prints_conclusions_and_measured_results(self):
        text = self.pdf_text(EVALUATION, self.evaluation, self.president)
        for expected in ('Promotion Evaluation Report', '双十一厨房节', 'Worth repeating.',
                         'Return on Cost', 'Attributed Order Lines', '1 of 3'):
            self.assertIn(printed.without_spaces(expected), printed.without_spaces(text))

    def test_file_names(self):
        for xmlid, record, reader, name in (
                (PLAN, self.promotion, self.director, 'Promotion Plan 双十一厨房节 Double 11'),
                (EVALUATION, self.evaluation, self.president,
                 'Promotion Evaluation Report 双十一厨房节 Double 11')):
            report = self.as_reader(self.env.ref(xmlid), reader)
            self.assertEqual(safe_eval(report.print_report_name, {
                'object': self.as_reader(record, reader), 'time': time}), name)
