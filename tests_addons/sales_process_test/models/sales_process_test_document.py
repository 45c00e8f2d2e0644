from odoo import fields, models


class SalesProcessTestDocument(models.Model):
    """A minimal regional document, for testing the mechanisms every real document reuses."""
    _name = 'sales.process.test.document'
    _description = 'Sales Process Test Document'
    _inherit = ['sales.region.mixin', 'mail.thread', 'mail.activity.mixin']

    name = fields.Char(required=True)
    amount = fields.Float()
