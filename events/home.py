"""The next mela on the home page (registered from EventsConfig.ready())."""

from typing import Any

from django.http import HttpRequest

from events.selectors import next_mela


def home_next_mela_context(request: HttpRequest) -> dict[str, Any]:
    return {"next_mela": next_mela()}
