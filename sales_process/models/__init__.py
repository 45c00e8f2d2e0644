from . import res_users
from . import crm_team
from . import region_mixin
from . import approval_step
from . import approval_history
from . import approval_mixin
from . import mail_activity
from . import sales_process_demo
