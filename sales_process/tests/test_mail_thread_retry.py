"""A create Odoo retries (the same arguments again, after PostgreSQL refused the first attempt
for a concurrent update) subscribes its creator once: create() leaves the followers of the
values it is given as they were (Odoo 11's mail.thread added its creator's follower command to
them in place)."""
from .stock_transfer_common import StockTransferCase


def followers_in(values):
    """The partners the follower commands of `values` subscribe (None: no such key)."""
    if 'message_follower_ids' not in values:
        return None
    return [command[2]['partner_id'] for command in values['message_follower_ids']]


class TestCreateRetried(StockTransferCase):

    def assert_created_twice_from_the_same_values(self, model, values, user):
        # as the web client creates (the tests' environment does not subscribe creators)
        model = self.env[model].sudo(user).with_context(mail_create_nosubscribe=False)
        sent = followers_in(values)
        first = model.create(values)
        # (Odoo's ORM fills the inverse field of one2many lines given, here and without the
        # module: harmless for a retry, which fills it again)
        self.assertEqual(followers_in(values), sent, 'create() added followers to its values')
        # what Odoo's RPC layer does after a refused attempt: the same call again
        second = model.create(values)
        for record in first | second:
            creator = record.message_follower_ids.filtered(
                lambda follower: follower.partner_id == user.partner_id)
            self.assertEqual(len(creator), 1)
        return first, second

    def test_transfer_request(self):
        values = {'region_id': self.region_a.id, 'line_ids': [
            (0, 0, {'product_id': self.kettle.id, 'product_qty': 5.0})]}
        first, second = self.assert_created_twice_from_the_same_values(
            'stock.transfer.request', values, self.salesperson)
        self.assertNotEqual(first.name, second.name)

    def test_followers_given_by_the_client(self):
        """The web client may send followers of its own: kept, the creator added once."""
        values = {'name': 'Retried Customer', 'message_follower_ids': [
            (0, 0, {'res_model': 'res.partner', 'partner_id': self.manager_a.partner_id.id})]}
        first, _second = self.assert_created_twice_from_the_same_values(
            'res.partner', values, self.salesperson)
        self.assertIn(self.manager_a.partner_id, first.message_partner_ids)
