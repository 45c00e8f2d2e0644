from . import sales_process_test_document
