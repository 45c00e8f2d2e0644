from odoo import api, fields, models


class SalesDemandTransferWizard(models.TransientModel):
    """Turns the selected open demand into stock transfer requests: one per region, the
    demand merged per product."""
    _name = 'sales.demand.transfer.wizard'
    _description = 'Request a Transfer for Demand'

    demand_ids = fields.Many2many(
        'sales.demand', required=True,
        default=lambda self: self._default_demand_ids())
    source_warehouse_id = fields.Many2one(
        'stock.warehouse',
        default=lambda self: self.env['stock.warehouse']._sales_head_office_warehouse(
            self.env.user.company_id),
        help="The head-office warehouse the goods are transferred from.")

    @api.model
    def _default_demand_ids(self):
        if self.env.context.get('active_model') != 'sales.demand':
            return []
        return [(6, 0, self.env.context.get('active_ids') or [])]

    @api.multi
    def action_create_requests(self):
        self.ensure_one()
        requests = self.env['stock.transfer.request']._create_from_demand(
            self.demand_ids, self.source_warehouse_id or None)
        action = self.env.ref('sales_process.stock_transfer_request_action').read()[0]
        if len(requests) == 1:
            action.update({'views': [(False, 'form')], 'res_id': requests.id})
        else:
            action['domain'] = [('id', 'in', requests.ids)]
        return action
