"""The ways out: every message the app sends leaves through here.

One transport interface (transports.py) with an implementation per way (SMTP, the House's
and the Senate's CWC, regulations.gov), each validating, delivering and saying
whether a failure is final or worth a retry; and one outbox (outbox.py) that queues a message
in the sender's own transaction and delivers it with one claim-retry-backoff loop for all of
them (Warehouse's email service is the model: one sender interface, SMTP and SES behind it).
Features build their messages (a letter, CWC XML); delivery carries them.
"""
