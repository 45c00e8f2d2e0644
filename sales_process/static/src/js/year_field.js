odoo.define('sales_process.FieldYear', function (require) {
"use strict";

/**
 * A year is a number read as a label: "2026", never "2,026" as Odoo's integer
 * widget would write it with the thousands separator. It is edited as an integer.
 */
var basicFields = require('web.basic_fields');
var fieldRegistry = require('web.field_registry');

var FieldYear = basicFields.FieldInteger.extend({
    _formatValue: function (value) {
        return value || value === 0 ? String(value) : '';
    },
});

fieldRegistry.add('sales_year', FieldYear);

return FieldYear;
});
