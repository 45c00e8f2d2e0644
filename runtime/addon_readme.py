"""The addon's README.rst, its page in Odoo's Apps, composed from its readme/ fragments.

The fragments (DESCRIPTION, CONFIGURE, USAGE, ROADMAP, CONTRIBUTORS) are what people edit, as
in OCA's addons; `make readme` writes README.rst from them, and a test fails when README.rst no
longer matches its fragments.
"""
import ast
import os

SECTIONS = [
    ('DESCRIPTION.rst', None),
    ('CONFIGURE.rst', 'Configuration'),
    ('USAGE.rst', 'Usage'),
    ('ROADMAP.rst', 'Known issues / Roadmap'),
    ('CONTRIBUTORS.rst', 'Contributors'),
]
NOTICE = '.. This file is generated from readme/*.rst by `make readme`: edit those instead.\n'


def compose(addon_dir):
    with open(os.path.join(addon_dir, '__manifest__.py')) as handle:
        manifest = ast.literal_eval(handle.read())
    title = manifest['name']
    parts = [NOTICE, '=' * len(title), title, '=' * len(title), '', manifest['summary'], '']
    for filename, heading in SECTIONS:
        path = os.path.join(addon_dir, 'readme', filename)
        if not os.path.exists(path):
            continue
        if heading:
            parts += [heading, '=' * len(heading), '']
        with open(path) as handle:
            parts += [handle.read().strip(), '']
    return '\n'.join(parts)


def write(addon_dir):
    path = os.path.join(addon_dir, 'README.rst')
    with open(path, 'w') as handle:
        handle.write(compose(addon_dir))
    return path
