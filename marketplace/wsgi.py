import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
application = get_wsgi_application()

# What loading the site made (modules, classes, functions, settings: about 200,000 objects)
# lives as long as the web process. Frozen, it is left out of the garbage collector's full
# passes: each took 150-200 ms of CPU in a gunicorn worker under load, stalling every request
# of that worker, and takes about 20 ms frozen (bench/README.md, thirteenth session).
gc.collect()
gc.freeze()
