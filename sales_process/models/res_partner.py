from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = 'res.partner'

    # Exchanges and returns: the customer's after-sales cases, its contacts' included (smart
    # button)

    aftersales_case_count = fields.Integer(string='After-Sales Cases',
                                           compute='_compute_aftersales_case_count')

    def _compute_aftersales_case_count(self):
        Case = self.env['sales.aftersales.case']
        counts = Case._count_cases('partner_id', self.search([('id', 'child_of', self.ids)]).ids
                                   if self.ids else [])
        totals = dict.fromkeys(self.ids, 0)
        # each case counts for its partner and every parent of it among these partners
        for partner in self.browse(list(counts)).sudo():
            count, ancestor = counts[partner.id], partner
            while ancestor:
                if ancestor.id in totals:
                    totals[ancestor.id] += count
                ancestor = ancestor.parent_id
        for partner in self:
            partner.aftersales_case_count = totals.get(partner.id, 0)

    @api.multi
    def action_view_aftersales_cases(self):
        self.ensure_one()
        return self.env['sales.aftersales.case']._open_cases_action(
            [('partner_id', 'child_of', self.id)])

    # Market surveys: the companies whose products are surveyed as competitors'

    is_competitor = fields.Boolean(
        string='Competitor', index=True,
        help="A competitor of the company: its products' prices are recorded in market surveys.")
