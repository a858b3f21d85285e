"""What the home page shows besides its own fields, contributed by the apps.

The core's HomePage knows no app: each app registers a function from its AppConfig.ready()
(`home_context_register`) that returns the context it adds (featured products, the next
mela); HomePage.get_context merges them in registration order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

HomeContextProvider = Callable[[HttpRequest], dict[str, Any]]

_PROVIDERS: list[HomeContextProvider] = []


def home_context_register(provider: HomeContextProvider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def home_context(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for provider in _PROVIDERS:
        context.update(provider(request))
    return context
