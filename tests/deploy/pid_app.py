"""A WSGI application that answers with the process id of the gunicorn worker serving it, a
little slowly (as a page render is), for tests/deploy/test_gunicorn_spread.py."""

import os
import time

SERVING_SECONDS = 0.02


def application(environ, start_response):
    time.sleep(SERVING_SECONDS)
    body = str(os.getpid()).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
