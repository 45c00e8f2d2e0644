"""The addon's README.rst (its description in Odoo's Apps) is up to date with its fragments."""
import os

import addon_readme

ADDON = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                     'sales_process')


def test_readme_matches_its_fragments():
    with open(os.path.join(ADDON, 'README.rst')) as handle:
        committed = handle.read()
    assert committed == addon_readme.compose(ADDON), \
        'sales_process/README.rst is out of date with readme/*.rst: run `make readme`'
