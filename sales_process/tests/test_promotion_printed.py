"""The printed promotion plan (促销计划书) and evaluation report: real A4 PDFs with the company's
header, Chinese text, the approvals as signatures, and file names from the reader's language."""
import time

from lxml import html as lxml_html

from odoo.tools.safe_eval import safe_eval

from .common import without_spaces
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
        pdf = without_spaces(self.printed_pdf(PLAN, self.promotion, self.director)[1])
        self.assertIn('双十一厨房节', pdf)
        self.assertIn(without_spaces(self.company.name), pdf)

    def test_the_evaluation_prints_conclusions_and_measured_results(self):
        text = self.printed_pdf(EVALUATION, self.evaluation, self.president)[1]
        for expected in ('Promotion Evaluation Report', '双十一厨房节', 'Worth repeating.',
                         'Return on Cost', 'Attributed Order Lines', '1 of 3'):
            self.assertIn(without_spaces(expected), without_spaces(text))

    def test_file_names(self):
        for xmlid, record, reader, name in (
                (PLAN, self.promotion, self.director, 'Promotion Plan 双十一厨房节 Double 11'),
                (EVALUATION, self.evaluation, self.president,
                 'Promotion Evaluation Report 双十一厨房节 Double 11')):
            report = self.as_reader(self.env.ref(xmlid), reader)
            self.assertEqual(safe_eval(report.print_report_name, {
                'object': self.as_reader(record, reader), 'time': time}), name)
