from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Melas and exhibitions")

    def ready(self) -> None:
        # Imported here, not at the top: they import models, which apps.py must not load.
        from events.home import home_next_mela_context
        from events.notifications import NOTIFICATION_EVENTS
        from marketplace.home import home_context_register
        from marketplace.notifications.registry import notification_events_register

        notification_events_register(*NOTIFICATION_EVENTS)
        home_context_register(home_next_mela_context)
