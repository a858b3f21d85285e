"""Sessions (carts) as before, read from the cache and written through to the database, with a
cheaper write: outside a transaction an existing session is saved with one UPDATE.

Django's database backend wraps every save in `transaction.atomic()`, so that a failed INSERT
cannot break a transaction the caller has open. The session middleware saves after the view,
outside any transaction, where that block only adds a BEGIN and a COMMIT round trip to a
single-statement UPDATE (which is atomic by itself): two of the four statements of adding to
the cart and of placing an order's session write. A new session (an INSERT that must not
collide) and any save inside a transaction keep Django's path.
"""

import logging

from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.base import UpdateError
from django.db import connections, router

logger = logging.getLogger("django.contrib.sessions")


class SessionStore(cached_db.SessionStore):
    def save(self, must_create=False):
        using = router.db_for_write(self.model)
        if must_create or self.session_key is None or connections[using].in_atomic_block:
            super().save(must_create)
            return
        updated = (
            self.model.objects.using(using)
            .filter(session_key=self.session_key)
            .update(
                session_data=self.encode(self._get_session()),
                expire_date=self.get_expiry_date(),
            )
        )
        if not updated:  # deleted meanwhile (logged out elsewhere): as Django's forced update
            raise UpdateError
        try:
            self._cache.set(self.cache_key, self._session, self.get_expiry_age())
        except Exception:
            logger.exception("Error saving to cache (%s)", self._cache)
