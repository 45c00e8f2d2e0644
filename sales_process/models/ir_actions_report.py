from odoo import _, api, models


class IrActionsReport(models.Model):
    _inherit = 'ir.actions.report'

    # Printed documents (every process)

    @api.model
    def _sales_process_file_name(self, report_xmlid, reference):
        """The file name of a downloaded PDF, in the reader's language: the report's name and
        the document's reference (e.g. "调货申请单 WH/TR/00012").

        Odoo 11's /report/download (web/controllers/main.py) evaluates the report's
        print_report_name with the document browsed in the session's context, which carries the
        user's language: a report's print_report_name calls its document's method, which calls
        this one, in that language.
        """
        report = self.env.ref(report_xmlid)
        return _("%(report)s %(reference)s") % {'report': report.name, 'reference': reference}
