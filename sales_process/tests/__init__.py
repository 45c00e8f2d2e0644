from . import test_security
from . import test_translations
from . import test_stock_transfer_figures
from . import test_stock_transfer_flow
from . import test_stock_transfer_scan
from . import test_stock_transfer_security
from . import test_stock_transfer_bad_input
