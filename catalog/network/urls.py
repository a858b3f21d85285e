"""/join/: an organisation applies; /join/<token>/: its private link to follow and change it."""

from django.urls import path

from catalog.network import views

urlpatterns = [
    path("", views.application_create, name="network_application_create"),
    path("<str:token>/", views.application_edit, name="network_application_edit"),
]
