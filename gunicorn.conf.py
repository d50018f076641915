"""gunicorn's settings for production: `gunicorn config.wsgi` reads this file from the working
directory. Every value can be overridden on the command line or by environment variable."""

import multiprocessing
import os

bind = os.environ.get("BIND", "0.0.0.0:8000")
# Synchronous workers: a photo upload or an export holds one for its length. Two per core and
# one more is gunicorn's own advice; set WEB_CONCURRENCY to change it.
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
# A worker that takes longer than this is killed and replaced; the phone's retry is safe.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
# Workers are replaced now and then, so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
# The request id the service writes into its own log lines and answers with.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}o)s'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
