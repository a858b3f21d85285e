"""Notifications to buyers, producer groups and staff, by email and SMS, in their language.

The core only sends: services.py queues and delivers one logged message; tasks.py is the Celery
task that sends it after commit; registry.py holds the events the apps registered;
recipients.py reaches staff by the permission an event registered. Who hears about what is
each app's own `notifications.py` (catalog, events, orders), called where things happen.
Templates: templates/notifications/<event>.<language>.txt.
"""
