"""gunicorn settings for `make serve`, read from the environment (README, "Deploying on PostgreSQL").

Every value here can be overridden on the command line or with GUNICORN_CMD_ARGS.
"""

import multiprocessing
import os
from pathlib import Path

wsgi_app = "raci_project.wsgi:application"
bind = os.environ.get("BIND", "127.0.0.1:8000")

# Sync workers: each answers one request at a time, so run about two per core.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A worker silent this long is killed and replaced; a restart lets requests finish this long.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Slightly longer than the proxy's idle upstream keep-alive, so the proxy closes first.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then so a slow leak can never grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10

# Only these addresses may tell gunicorn the client's scheme (X-Forwarded-Proto): the proxy.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

accesslog = os.environ.get("ACCESS_LOG", "-") or None
errorlog = os.environ.get("ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Combined log format plus the time taken, in milliseconds.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'

# Heartbeat files on a memory file system: a slow disk must not make healthy workers look dead.
if Path("/dev/shm").is_dir():  # noqa: S108 - gunicorn only creates private heartbeat files there
    worker_tmp_dir = "/dev/shm"  # noqa: S108

# The control socket defaults to one path per user: several servers on a host would collide.
control_socket_disable = True
