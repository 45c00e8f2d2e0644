from . import test_security
from . import test_translations
from . import test_sales_achievement
from . import test_sales_plan
from . import test_sales_plan_decompose
from . import test_sales_strategy
from . import test_standard_flows
