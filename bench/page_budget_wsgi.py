"""gunicorn's application for bench/page_budget.py: the site, with /media/ served by WhiteNoise
as a front web server would serve it in production (Django serves media only with DEBUG)."""

import os

from whitenoise import WhiteNoise

from marketplace.wsgi import application as django_application

application = WhiteNoise(
    django_application,
    root=os.environ["MEDIA_ROOT"],
    prefix="media/",
    autorefresh=True,  # renditions are written while the pages render
    max_age=365 * 24 * 3600,
)
