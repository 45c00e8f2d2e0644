odoo.define('sales_process.FieldUomQuantity', function (require) {
"use strict";

/**
 * A quantity written with the decimals it needs: 12 (Units), 2.5 (kg), not "12.000" and "2.500"
 * as the "Product Unit of Measure" precision (3 digits, for every unit) writes them. At most
 * the decimals of its unit's rounding (read from the record's field named by the option
 * "rounding_field", default "uom_rounding"), without the trailing zeros. Edited as any float.
 */
var basicFields = require('web.basic_fields');
var fieldRegistry = require('web.field_registry');
var fieldUtils = require('web.field_utils');
var core = require('web.core');

var _t = core._t;

var FieldUomQuantity = basicFields.FieldFloat.extend({
    _formatValue: function (value) {
        if (value === false) {
            return '';
        }
        var options = _.extend({}, this.nodeOptions, {data: this.recordData}, this.formatOptions);
        var rounding = this.recordData[this.nodeOptions.rounding_field || 'uom_rounding'];
        if (rounding > 0) {
            // 1 -> 0 decimals, 0.01 -> 2 (a copy: the options are shared by every row)
            options.digits = [16, Math.max(0, Math.round(-Math.log(rounding) / Math.LN10 + 0.49))];
        }
        var formatted = fieldUtils.format.float(value, this.field, options);
        var point = _t.database.parameters.decimal_point;
        if (formatted.indexOf(point) === -1) {
            return formatted;
        }
        var parts = formatted.split(point);
        var decimals = parts[1].replace(/0+$/, '');
        return decimals ? parts[0] + point + decimals : parts[0];
    },
});

fieldRegistry.add('sales_uom_quantity', FieldUomQuantity);

return FieldUomQuantity;
});
