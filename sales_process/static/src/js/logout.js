odoo.define('sales_process.logout', function (require) {
"use strict";
/**
 * Log out without a console error. Odoo 11's "logout" client action (web/static/src/js/core/
 * misc.js) redirects, then returns a Deferred, which the action manager runs as the next action:
 * "No type for action" in the console of every user who logs out through the user menu.
 */
var core = require('web.core');
var framework = require('web.framework');

core.action_registry.add('logout', function () {
    framework.redirect('/web/session/logout');
});

});
