odoo.define('sales_process.FieldUomQuantity', function (require) {
"use strict";

/**
 * A quantity written with the decimals its unit of measure needs: 12 Units, 2.5 kg, not
 * "12.000" as the "Product Unit of Measure" precision (3 digits, for every unit) shows it.
 * The unit's rounding is read from the record's field named by the option "rounding_field"
 * (default: "uom_rounding"); the quantity is edited as any float.
 */
var basicFields = require('web.basic_fields');
var fieldRegistry = require('web.field_registry');
var fieldUtils = require('web.field_utils');

var FieldUomQuantity = basicFields.FieldFloat.extend({
    _formatValue: function (value) {
        var rounding = this.recordData[this.nodeOptions.rounding_field || 'uom_rounding'];
        if (!(rounding > 0)) {
            return this._super.apply(this, arguments);
        }
        // 1 -> 0 decimals, 0.01 -> 2 (the options object is shared by every row: not changed)
        var decimals = Math.max(0, Math.round(-Math.log(rounding) / Math.LN10 + 0.49));
        var options = _.extend({}, this.nodeOptions, {data: this.recordData}, this.formatOptions,
                               {digits: [16, decimals]});
        return fieldUtils.format.float(value, this.field, options);
    },
});

fieldRegistry.add('sales_uom_quantity', FieldUomQuantity);

return FieldUomQuantity;
});
