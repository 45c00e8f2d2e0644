from . import sales_plan_analysis
from . import sales_statistics_report
