"""The LOGGING setting: everything to the console at `level`, minus the chatter of libraries
that log every run at INFO."""


def logging_config(level: str) -> dict:
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Wagtail's search and reference-index tasks log every run at INFO.
            "django_tasks": {"level": "WARNING"},
            "wagtail": {"level": "WARNING"},
            # django-axes: failed logins and lockouts are warnings; its INFO lines are chatter.
            "axes": {"level": "WARNING"},
        },
    }
