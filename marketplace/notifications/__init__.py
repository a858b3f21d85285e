"""Notifications to buyers, producer groups and staff, by email and SMS, in their language.

services.py queues and delivers one logged message; tasks.py is the Celery task that sends it
after commit; dispatch.py says who hears about what (called from the services where things
happen). Templates: templates/notifications/<event>.<language>.txt.
"""
