"""The world of the promotion tests: products in a category tree, customers of both regions
(one tagged, one with its own cheaper pricelist), and helpers that make promotions official
and place orders as the salesperson does."""
from .common import SalesProcessCase


class PromotionPricingCase(SalesProcessCase):

    @classmethod
    def setUpClass(cls):
        super(PromotionPricingCase, cls).setUpClass()
        # the company works on Shanghai time: a promotion's days are Shanghai's
        cls.company.partner_id.tz = 'Asia/Shanghai'
        cls.marketing = cls.users['marketing_assistant']
        Category = cls.env['product.category']
        cls.kitchen = Category.create({'name': 'Kitchen (test)'})
        cls.cookers = Category.create({'name': 'Rice Cookers (test)', 'parent_id': cls.kitchen.id})
        cls.kettles = Category.create({'name': 'Kettles (test)', 'parent_id': cls.kitchen.id})
        cls.other_categ = Category.create({'name': 'Other (test)'})
        cls.cooker = cls._product('Rice Cooker (test)', cls.cookers, 100.0)
        cls.cooker_mini = cls._product('Mini Rice Cooker (test)', cls.cookers, 50.0)
        cls.kettle = cls._product('Kettle (test)', cls.kettles, 40.0)
        cls.toaster = cls._product('Toaster (test)', cls.other_categ, 60.0)
        cls.pricelist = cls.env['product.pricelist'].search(
            [('currency_id', '=', cls.company.currency_id.id)], limit=1)
        Partner = cls.env['res.partner']
        cls.vip_tag = cls.env['res.partner.category'].create({'name': 'VIP (test)'})
        cls.customer_a = Partner.create({'name': 'Customer A (test)', 'customer': True,
                                         'property_product_pricelist': cls.pricelist.id})
        cls.vip = Partner.create({'name': 'VIP Company (test)', 'customer': True,
                                  'is_company': True, 'category_id': [(6, 0, cls.vip_tag.ids)],
                                  'property_product_pricelist': cls.pricelist.id})
        cls.vip_contact = Partner.create({'name': 'VIP Buyer (test)', 'parent_id': cls.vip.id,
                                          'property_product_pricelist': cls.pricelist.id})
        cls.contract_pricelist = cls.env['product.pricelist'].create({
            'name': 'Contract prices (test)', 'currency_id': cls.company.currency_id.id,
            'item_ids': [(0, 0, {'applied_on': '0_product_variant', 'product_id': cls.cooker.id,
                                 'compute_price': 'fixed', 'fixed_price': 85.0}),
                         (0, 0, {'applied_on': '0_product_variant', 'product_id': cls.kettle.id,
                                 'compute_price': 'fixed', 'fixed_price': 38.0})]})
        cls.contract_customer = Partner.create({
            'name': 'Contract Customer (test)', 'customer': True,
            'property_product_pricelist': cls.contract_pricelist.id})

    @classmethod
    def _product(cls, name, categ, price):
        return cls.env['product.product'].create({
            'name': name, 'type': 'service', 'categ_id': categ.id, 'list_price': price,
            'invoice_policy': 'order'})

    @classmethod
    def promotion(cls, lines, regions=None, start='2026-03-01', end='2026-03-31', state='official',
                  name='Spring promotion (test)', tags=None, **values):
        """A promotion drafted by marketing, made `state` by its workflow. `lines`: (product or
        category, discount, fixed price)."""
        values.update({
            'name': name, 'date_start': start, 'date_end': end,
            'region_ids': [(6, 0, (regions or cls.region_a).ids)],
            'customer_scope': 'tagged' if tags else 'all',
            'partner_category_ids': [(6, 0, tags.ids if tags else [])],
            'line_ids': [(0, 0, {'product_id': item.id if item._name == 'product.product' else False,
                                 'categ_id': item.id if item._name == 'product.category' else False,
                                 'discount': discount, 'fixed_price': fixed_price})
                         for item, discount, fixed_price in lines],
        })
        promotion = cls.env['sales.promotion'].sudo(cls.marketing).create(values).sudo()
        if state != 'draft':
            promotion._workflow_write({'state': state})
        return promotion

    def quotation(self, lines, customer=None, region=None, when='2026-03-10 02:00:00',
                  user=None):
        """A quotation entered by the salesperson: `lines` (product, quantity[, values])."""
        user = user or self.salesperson
        order_lines = []
        for line in lines:
            values = {'product_id': line[0].id, 'product_uom_qty': line[1]}
            values.update(line[2] if len(line) > 2 else {})
            order_lines.append((0, 0, values))
        return self.env['sale.order'].sudo(user).create({
            'partner_id': (customer or self.customer_a).id, 'team_id': (region or self.region_a).id,
            'user_id': user.id, 'date_order': when, 'order_line': order_lines})
