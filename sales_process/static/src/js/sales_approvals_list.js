odoo.define('sales_process.ApprovalsListView', function (require) {
"use strict";

/**
 * My Approvals lists activities, but a person works on documents: clicking a row opens the
 * document the activity is about (the server says which view, and refuses a document the user
 * may not read), never the activity itself.
 */
var ListController = require('web.ListController');
var ListView = require('web.ListView');
var viewRegistry = require('web.view_registry');

var ApprovalsListController = ListController.extend({
    _onOpenRecord: function (event) {
        event.stopPropagation();
        var self = this;
        var record = this.model.get(event.data.id, {raw: true});
        this._rpc({
            model: 'mail.activity',
            method: 'action_open_sales_document',
            args: [[record.res_id]],
        }).then(function (action) {
            self.do_action(action);
        });
    },
});

var ApprovalsListView = ListView.extend({
    config: _.extend({}, ListView.prototype.config, {
        Controller: ApprovalsListController,
    }),
});

viewRegistry.add('sales_process_approvals_list', ApprovalsListView);

return ApprovalsListView;
});
