from . import approval_reject_wizard
from . import sales_demand_transfer_wizard
