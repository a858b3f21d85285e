"""gunicorn settings for the Crafts Mela web processes (`gunicorn -c deploy/gunicorn.conf.py`).

Every web process is alike and keeps nothing of its own: sessions and carts are in the database
(cached in Redis), the page cache is in Redis, uploads are in the S3 bucket (MEDIA_S3_*), so a
load balancer may send any request to any of them. Tuned by environment variables:

    PORT or GUNICORN_BIND   where to listen (default 127.0.0.1:8000, behind nginx or a balancer)
    WEB_CONCURRENCY         worker processes (default: 2 per CPU core + 1)
    GUNICORN_THREADS        threads per worker (default 4: requests wait on PostgreSQL and Redis)
    GUNICORN_WORKER_CONNECTIONS
                            connections a worker holds at once (default threads + 2)
    GUNICORN_TIMEOUT        seconds before a stuck request's worker is restarted (default 30)
    FORWARDED_ALLOW_IPS     proxies whose X-Forwarded-For/-Proto are trusted (default 127.0.0.1):
                            the client's address is what login throttling (django-axes) counts
"""

import multiprocessing
import os

if os.environ.get("GUNICORN_BIND"):
    bind = os.environ["GUNICORN_BIND"]
elif os.environ.get("PORT"):
    bind = f"0.0.0.0:{os.environ['PORT']}"  # a platform's router (Procfile hosts) sets PORT
else:
    bind = "127.0.0.1:8000"

workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
# A worker holds at most its threads' worth of connections plus two kept alive between
# requests: when full it stops accepting, and it closes a connection after answering rather
# than keep a third one idle, so clients reconnect to a worker with room. With gunicorn's
# default (1,000) the first worker to wake took most of a burst of keep-alive clients and
# served them on one core (one interpreter lock) while the others idled
# (tests/deploy/test_gunicorn_spread.py; bench/README.md, thirteenth session). A client that
# connects and sends nothing holds a place for about 10 s (5 s of them a thread, as with the
# default): like any gthread setting, this expects a proxy in front (nginx, a platform's
# router) that passes on only whole requests.
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", threads + 2))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (plus jitter, so they do not all restart at
# once): a slow leak in a library cannot grow for ever.
max_requests = 2000
max_requests_jitter = 200
# Heartbeat files in memory: a worker is not killed because a busy disk delayed its heartbeat.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Access log on stdout (journald or the platform collects it), errors on stderr.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "crafts-mela-web"
