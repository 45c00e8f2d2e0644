from . import sales_plan_analysis
from . import sales_statistics_report
from . import sales_promotion_analysis
from . import sales_aftersales_report
from . import sales_market_survey_analysis
