"""Integrations with the brand's CRM and help desk: signed webhooks and email over SMTP.

Both are fed by the outbox: a webhook is a subscription to outbox topics; each delivery is itself
an outbox event ("webhook.deliver"), so retries, backoff, dead letters and replay are the
outbox's, whether it is drained in-process or by `flask worker`.
"""
