from . import res_users
from . import crm_team
from . import region_mixin
from . import sales_process_demo
