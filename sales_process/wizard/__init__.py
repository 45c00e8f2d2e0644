from . import approval_decision_wizard
from . import sales_plan_decompose
from . import sales_plan_refuse
from . import sales_demand_transfer_wizard
from . import stock_transfer_request_propose
from . import sales_promotion_close
from . import sales_aftersales_decision_wizard
from . import sales_appraisal_generate
