from . import approval_decision_wizard
from . import sales_plan_decompose
from . import sales_plan_refuse
