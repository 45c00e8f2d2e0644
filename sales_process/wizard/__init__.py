from . import approval_reject_wizard
