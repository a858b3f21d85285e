"""Mela files served outside Wagtail's page routing (its URLs cannot contain a dot):
the calendar feeds and the stall QR codes. Included at /melas/ by marketplace.urls."""

from django.urls import path

from events import views

urlpatterns = [
    path("calendar.ics", views.upcoming_calendar, name="melas_calendar"),
    path("<slug:slug>/calendar.ics", views.mela_calendar, name="mela_calendar"),
    path("<slug:slug>/stalls/<str:number>/qr.svg", views.stall_qr, name="stall_qr"),
]
