from . import test_region_rule
