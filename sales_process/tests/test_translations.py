import io
import os

from babel.messages.pofile import read_po

from odoo.tests.common import TransactionCase
from odoo.tools.translate import trans_export

from .common import after_loading

PO_PATH = os.path.join(os.path.dirname(os.path.dirname(__file__)), 'i18n', 'zh_CN.po')


@after_loading  # Odoo exports the terms of the code (_()) of installed modules only
class TestTranslations(TransactionCase):
    """Every user-facing string of the module has a Simplified Chinese translation."""

    def _module_terms(self):
        buffer = io.BytesIO()
        trans_export(False, ['sales_process'], buffer, 'po', self.env.cr)
        catalog = read_po(io.BytesIO(buffer.getvalue()))
        return {message.id for message in catalog if message.id}

    def test_zh_cn_translates_every_term(self):
        with open(PO_PATH, 'rb') as handle:
            catalog = read_po(handle)
        translated = {message.id for message in catalog
                      if message.id and message.string and not message.fuzzy}
        missing = sorted(self._module_terms() - translated)
        if missing:
            self.fail('%d terms without a zh_CN translation, e.g. %s (run `make i18n` and '
                      'translate them)' % (len(missing), missing[:10]))

    def test_zh_cn_has_no_stale_terms(self):
        with open(PO_PATH, 'rb') as handle:
            catalog = read_po(handle)
        stale = sorted({message.id for message in catalog if message.id} - self._module_terms())
        if stale:
            self.fail('zh_CN.po has %d terms the module no longer has (run `make i18n`): %s'
                      % (len(stale), stale[:10]))

    def test_chinese_is_served_to_users(self):
        if not self.env['res.lang'].search([('code', '=', 'zh_CN')]):
            self.env['res.lang'].load_lang('zh_CN')
        self.env['ir.translation'].load_module_terms(['sales_process'], ['zh_CN'])
        menu = self.env.ref('sales_process.menu_root')
        self.assertEqual(menu.with_context(lang='zh_CN').name, '销售流程')
        group = self.env.ref('sales_process.group_regional_manager')
        self.assertEqual(group.with_context(lang='zh_CN').name, '区域经理')
