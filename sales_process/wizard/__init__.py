from . import approval_decision_wizard
