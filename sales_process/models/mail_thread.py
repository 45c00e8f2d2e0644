from odoo import api, models


class MailThread(models.AbstractModel):
    """A create that Odoo retries subscribes its creator once.

    Odoo 11's mail.thread create() adds the command subscribing its creator to the values it is
    given, in place. When PostgreSQL refuses a call for a concurrent update (two documents
    numbered from the same gap-free sequence at the same moment, a row another transaction
    locked), Odoo's RPC layer rolls back and calls the method again with the same arguments:
    the values then already hold that command, a second one is added, and the retry fails with
    "a partner cannot follow twice the same object" (seen by the load test, two servers on one
    database). Given a copy, the caller's values stay as they were sent.
    """
    _inherit = 'mail.thread'

    @api.model
    def create(self, values):
        values = dict(values)
        if isinstance(values.get('message_follower_ids'), list):
            values['message_follower_ids'] = list(values['message_follower_ids'])
        return super(MailThread, self).create(values)
