"""Run Odoo 11.0 (2018) on CPython 3.11.

Odoo 11.0 was written for Python 3.5/3.6. This module restores, at interpreter start, the
handful of standard-library behaviours it relies on that later Pythons removed, and adapts two
Odoo internals (safe_eval's opcode whitelist and QWeb's hand-built AST) to 3.11's compiler.

It is imported by ``odoo_py311_compat.pth`` in the virtualenv's site-packages, i.e. before any
Odoo code runs. Every shim is named; ``ODOO_PY311_COMPAT_SKIP=name,name`` leaves the named
shims out, which is how ``runtime/tests/test_compat.py`` proves each one is still needed.

Only CPython 3.11 is supported: the opcode names below are 3.11's, and 3.12 removed the import
machinery (``find_module``/``load_module``) that Odoo 11's addon importer relies on.
"""
import os
import sys

APPLIED = []
SKIPPED = [name for name in os.environ.get('ODOO_PY311_COMPAT_SKIP', '').split(',') if name]
_SHIMS = []


def shim(name):
    """Register a shim; it runs at import unless its name is in ODOO_PY311_COMPAT_SKIP."""
    def register(func):
        _SHIMS.append((name, func))
        return func
    return register


# --------------------------------------------------------------------------------------------
# Standard library names removed after 3.6
# --------------------------------------------------------------------------------------------

@shim('collections_abc')
def _collections_abc():
    # `from collections import Mapping` etc. (odoo/tools/misc.py, models.py, api.py,
    # osv/expression.py, ...): the aliases were removed in 3.10.
    import collections
    import collections.abc
    for name in collections.abc.__all__:
        if not hasattr(collections, name):
            setattr(collections, name, getattr(collections.abc, name))


@shim('getargspec')
def _getargspec():
    # odoo/api.py (decorators), odoo/http.py (route), odoo/tools/cache.py (ormcache) use
    # inspect.getargspec/formatargspec, removed in 3.11. Odoo only passes plain functions.
    import collections
    import inspect
    if not hasattr(inspect, 'getargspec'):
        ArgSpec = collections.namedtuple('ArgSpec', 'args varargs keywords defaults')

        def getargspec(func):
            spec = inspect.getfullargspec(func)
            if spec.kwonlyargs or spec.annotations:
                raise ValueError("getargspec() cannot describe keyword-only arguments "
                                 "or annotations of %r" % (func,))
            return ArgSpec(spec.args, spec.varargs, spec.varkw, spec.defaults)

        inspect.ArgSpec = ArgSpec
        inspect.getargspec = getargspec
    if not hasattr(inspect, 'formatargspec'):
        def formatargspec(args, varargs=None, varkw=None, defaults=None, *_ignored):
            defaults = defaults or ()
            first_default = len(args) - len(defaults)
            parts = [arg if index < first_default else '%s=%r' % (arg, defaults[index - first_default])
                     for index, arg in enumerate(args)]
            if varargs:
                parts.append('*' + varargs)
            if varkw:
                parts.append('**' + varkw)
            return '(%s)' % ', '.join(parts)

        inspect.formatargspec = formatargspec


@shim('base64_legacy')
def _base64_legacy():
    # encodestring/decodestring were removed in 3.9: menu icons (ir.ui.menu.read_image, used
    # whenever a module declares a web_icon), PDF report attachments, file uploads.
    import base64
    if not hasattr(base64, 'encodestring'):
        base64.encodestring = base64.encodebytes
        base64.decodestring = base64.decodebytes


@shim('thread_isalive')
def _thread_isalive():
    # odoo/service/server.py waits for non-daemon threads with isAlive() on shutdown (3.9).
    import threading
    if not hasattr(threading.Thread, 'isAlive'):
        threading.Thread.isAlive = threading.Thread.is_alive


@shim('element_getchildren')
def _element_getchildren():
    # web/controllers/main.py concat_xml() (the web client's QWeb templates) calls
    # Element.getchildren(), removed in 3.9. The C implementation's type cannot be patched,
    # so ElementTree must be the pure-Python one: block the accelerator before the first
    # import of xml.etree.ElementTree.
    if 'xml.etree.ElementTree' not in sys.modules:
        sys.modules['_elementtree'] = None
    from xml.etree import ElementTree
    if not hasattr(ElementTree.Element, 'getchildren'):
        try:
            ElementTree.Element.getchildren = lambda self: list(self)
        except TypeError:
            raise ImportError("odoo_py311_compat was imported after xml.etree.ElementTree: "
                              "import it first (it is meant to be loaded by its .pth file)")


@shim('setrlimit_float')
def _setrlimit_float():
    # Prefork workers (--workers > 0) set RLIMIT_CPU to "used CPU seconds + limit", a float;
    # since 3.10 resource.setrlimit() only takes integers, every worker dies at start.
    import resource
    if getattr(resource.setrlimit, 'odoo_py311_compat', False):
        return
    original = resource.setrlimit

    def setrlimit(which, limits):
        return original(which, tuple(int(limit) for limit in limits))

    setrlimit.odoo_py311_compat = True
    resource.setrlimit = setrlimit


@shim('yaml_load_loader')
def _yaml_load_loader():
    # odoo/tools/yaml_import.py calls yaml.load(stream) (data files of base, account, stock);
    # PyYAML 6 made Loader mandatory. Odoo's YAML files are trusted module data, and its custom
    # tags (!record, !python, ...) are registered on the full Loader.
    import yaml
    if getattr(yaml.load, 'odoo_py311_compat', False):
        return
    original = yaml.load

    def load(stream, Loader=None):
        return original(stream, Loader=Loader or yaml.Loader)

    load.odoo_py311_compat = True
    yaml.load = load


# --------------------------------------------------------------------------------------------
# Odoo internals that meet the 3.11 compiler: patched right after their module executes
# --------------------------------------------------------------------------------------------

def _opcodes(names):
    from opcode import opmap
    return {opmap[name] for name in names if name in opmap}


def _patch_safe_eval(module):
    # safe_eval() checks compiled bytecode against opcode whitelists written for 3.5/3.6.
    # 3.7-3.11 renamed or split many of those opcodes (CALL_FUNCTION -> PRECALL+CALL,
    # BINARY_ADD & co -> BINARY_OP, COMPARE_OP 'in'/'is' -> CONTAINS_OP/IS_OP, ...).
    # Only the successors of opcodes Odoo 11 already allowed are added: still no attribute
    # stores, no closures, no imports; forbidden names stay forbidden.
    constants = ['RESUME', 'NOP', 'COPY', 'SWAP', 'LIST_EXTEND', 'SET_UPDATE', 'RETURN_CONST']
    expressions = ['BINARY_OP', 'BINARY_SLICE', 'IS_OP', 'CONTAINS_OP', 'DICT_MERGE', 'DICT_UPDATE']
    statements = [
        'PUSH_NULL', 'PRECALL', 'CALL', 'KW_NAMES',
        'JUMP_BACKWARD', 'JUMP_BACKWARD_NO_INTERRUPT',
        'POP_JUMP_FORWARD_IF_FALSE', 'POP_JUMP_FORWARD_IF_TRUE',
        'POP_JUMP_BACKWARD_IF_FALSE', 'POP_JUMP_BACKWARD_IF_TRUE',
        'POP_JUMP_FORWARD_IF_NONE', 'POP_JUMP_BACKWARD_IF_NONE',
        'POP_JUMP_FORWARD_IF_NOT_NONE', 'POP_JUMP_BACKWARD_IF_NOT_NONE',
        'POP_JUMP_IF_NONE', 'POP_JUMP_IF_NOT_NONE',
        'CHECK_EXC_MATCH', 'PUSH_EXC_INFO', 'RERAISE', 'RETURN_GENERATOR',
        'LOAD_ASSERTION_ERROR', 'FORMAT_VALUE', 'BUILD_STRING', 'END_FOR',
    ]
    module._CONST_OPCODES.update(_opcodes(constants))
    module._EXPR_OPCODES.update(_opcodes(constants + expressions))
    module._SAFE_OPCODES.update(_opcodes(constants + expressions + statements))


def _patch_qweb(module):
    # QWeb compiles templates into a Python AST built by hand, then compile()s it. Since 3.8:
    # ast.arguments needs `posonlyargs`; Name('None'/'True'/'False') must be Constant; and
    # nodes need end positions not before their start (QWeb sets FunctionDef.lineno from the
    # template's source line only). The AST is normalised where QWeb calls
    # ast.fix_missing_locations(), right before compile().
    import ast
    import types

    literals = {'None': None, 'True': True, 'False': False}

    class _Literals(ast.NodeTransformer):
        def visit_Name(self, node):
            if node.id in literals:
                return ast.copy_location(ast.Constant(value=literals[node.id]), node)
            return node

    def fix_missing_locations(tree):
        tree = ast.fix_missing_locations(_Literals().visit(tree))
        for node in ast.walk(tree):
            if 'end_lineno' not in node._attributes:
                continue
            if getattr(node, 'end_lineno', None) is None or node.end_lineno < node.lineno:
                node.end_lineno = node.lineno
            if node.end_lineno == node.lineno and (node.end_col_offset or 0) < node.col_offset:
                node.end_col_offset = node.col_offset
        return tree

    ast_for_qweb = types.ModuleType('ast')
    ast_for_qweb.__dict__.update(ast.__dict__)
    ast_for_qweb.fix_missing_locations = fix_missing_locations
    module.ast = ast_for_qweb
    module.arguments = lambda **fields: ast.arguments(**dict({'posonlyargs': []}, **fields))


_AFTER_IMPORT = {
    'safe_eval_opcodes': ('odoo.tools.safe_eval', _patch_safe_eval),
    'qweb_ast': ('odoo.addons.base.ir.ir_qweb.qweb', _patch_qweb),
}


class _AfterImportHook(object):
    """Meta path finder that wraps the loader of selected modules to patch them once executed."""

    def __init__(self, patches):
        self.patches = patches  # module name -> callback

    def find_spec(self, fullname, path, target=None):
        callback = self.patches.get(fullname)
        if callback is None:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, 'find_spec'):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                break
        else:
            return None
        exec_module = spec.loader.exec_module

        def exec_then_patch(module):
            exec_module(module)
            callback(module)

        spec.loader.exec_module = exec_then_patch
        return spec


def _install_after_import_hook():
    patches = {}
    for name, (module_name, callback) in _AFTER_IMPORT.items():
        if name in SKIPPED:
            continue
        APPLIED.append(name)
        if module_name in sys.modules:  # imported before us: patch in place
            callback(sys.modules[module_name])
        else:
            patches[module_name] = callback
    if patches and not any(isinstance(f, _AfterImportHook) for f in sys.meta_path):
        sys.meta_path.insert(0, _AfterImportHook(patches))


def _apply():
    if sys.version_info[:2] != (3, 11):
        raise ImportError("odoo_py311_compat supports CPython 3.11 only, not %d.%d"
                          % sys.version_info[:2])
    for name, func in _SHIMS:
        if name not in SKIPPED:
            func()
            APPLIED.append(name)
    _install_after_import_hook()


SHIM_NAMES = [name for name, _func in _SHIMS] + list(_AFTER_IMPORT)
_apply()
