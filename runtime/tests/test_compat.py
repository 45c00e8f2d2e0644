"""Each shim of runtime/compat/odoo_py311_compat.py is still needed, and works.

For every shim, a snippet runs the Odoo code path that needs it in a fresh interpreter of the
virtualenv twice: once with the shim left out (ODOO_PY311_COMPAT_SKIP) — it must fail the
way Python 3.11 makes it fail — and once with the whole layer — it must succeed.
"""
import os
import subprocess
import sys
import textwrap

import pytest

import odoo_py311_compat

SNIPPETS = {
    # odoo/tools/misc.py et al.: `from collections import Mapping`
    'collections_abc': ("import odoo.tools.misc", "from 'collections'"),
    # odoo/api.py decorators inspect their function with getargspec at import time
    'getargspec': ("import odoo.api", "getargspec"),
    # ir.ui.menu.read_image(), called for every menu with a web_icon (as this module's root menu)
    'base64_legacy': ("""
        import odoo.addons.base.ir.ir_ui_menu as menu
        assert menu.IrUiMenu.read_image(None, 'base,static/description/icon.png')
        """, "encodestring"),
    # odoo/service/server.py ThreadedServer.stop() joins non-daemon threads with isAlive()
    'thread_isalive': ("""
        import threading, time
        import odoo
        from odoo.service.server import ThreadedServer
        server = ThreadedServer(None)
        threading.Thread(target=time.sleep, args=(0.2,)).start()
        server.stop()
        """, "isAlive"),
    # the web client's templates: web/controllers/main.py concat_xml()
    'element_getchildren': ("""
        import odoo
        import odoo.addons.web.controllers.main as web
        import os
        path = os.path.join(os.path.dirname(web.__file__), '..', 'static', 'src', 'xml', 'base.xml')
        content, checksum = web.concat_xml([path])
        assert b't-name="WebClient' in content or b't-name' in content
        """, "getchildren"),
    # prefork workers: Worker.process_limit() sets RLIMIT_CPU to used seconds + limit (a float)
    'setrlimit_float': ("""
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
        used = resource.getrusage(resource.RUSAGE_SELF)
        resource.setrlimit(resource.RLIMIT_CPU, (used.ru_utime + used.ru_stime + 3600.0, hard))
        """, "integer"),
    # odoo/tools/yaml_import.py: yaml.load(stream) with Odoo's custom tags (base/account data)
    'yaml_load_loader': ("""
        import yaml
        import odoo
        from odoo.tools import yaml_tag
        yaml_tag.add_constructors()
        nodes = yaml.load("- !record {model: res.partner, id: demo_partner}\\n")
        assert nodes[0].model == 'res.partner'
        """, "Loader"),
    # safe_eval: domains, contexts and server actions (3.11 bytecode)
    'safe_eval_opcodes': ("""
        import odoo
        from odoo.tools.safe_eval import safe_eval
        assert safe_eval("[x * 2 for x in range(3) if x is not None]") == [0, 2, 4]
        assert safe_eval("{'a': 1}.get('a') in (1, 2)")
        """, "opcode"),
    # QWeb: every view and report template is compiled through a hand-built AST
    'qweb_ast': ("""
        import odoo
        from lxml import etree
        from odoo.addons.base.ir.ir_qweb.qweb import QWeb
        template = etree.fromstring('<t t-name="t"><p t-if="show" t-esc="name"/><span t-else="">x</span></t>')
        html = QWeb().render(template, {'show': True, 'name': 'Odoo'})
        assert b'<p>Odoo</p>' in html, html
        """, ""),
}


def run_snippet(code, skip=''):
    env = dict(os.environ, ODOO_PY311_COMPAT_SKIP=skip)
    return subprocess.run([sys.executable, '-c', textwrap.dedent(code)], env=env,
                          capture_output=True, text=True, timeout=120)


def test_every_shim_is_tested():
    assert set(SNIPPETS) == set(odoo_py311_compat.SHIM_NAMES)


def test_layer_is_loaded_before_odoo_in_every_interpreter():
    result = run_snippet("import sys, odoo_py311_compat; "
                         "print(sorted(odoo_py311_compat.APPLIED))")
    assert result.returncode == 0, result.stderr
    assert sorted(odoo_py311_compat.SHIM_NAMES) == eval(result.stdout)


@pytest.mark.parametrize('shim', sorted(SNIPPETS))
def test_odoo_code_path_fails_without_the_shim(shim):
    code, error = SNIPPETS[shim]
    result = run_snippet(code, skip=shim)
    assert result.returncode != 0, 'the code path works without %s: drop the shim' % shim
    assert error in result.stderr, result.stderr[-2000:]


@pytest.mark.parametrize('shim', sorted(SNIPPETS))
def test_odoo_code_path_works_with_the_layer(shim):
    code, _error = SNIPPETS[shim]
    result = run_snippet(code)
    assert result.returncode == 0, result.stderr[-2000:]


def test_safe_eval_still_forbids_what_odoo_forbids():
    result = run_snippet("""
        import odoo
        from odoo.tools.safe_eval import safe_eval
        for expression in ("__import__('os').system('true')", "(lambda: 1).__code__",
                           "[].__class__.__base__"):
            try:
                safe_eval(expression)
            except Exception as error:
                print('refused', type(error).__name__)
            else:
                raise SystemExit('allowed: ' + expression)
        """)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.count('refused') == 3
