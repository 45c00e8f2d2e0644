from . import test_region_rule
from . import test_approval_engine
from . import test_approval_concurrency
