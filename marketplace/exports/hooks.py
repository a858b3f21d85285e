"""Admin URLs of the long exports (imported by marketplace/wagtail_hooks.py). No menu item:
each export is started from its own screen, which links to "My exports"."""

from django.urls import path
from wagtail import hooks

from marketplace.exports import views


@hooks.register("register_admin_urls")
def register_export_urls():
    return [
        path("exports/", views.export_list, name="exports"),
        path("exports/start/<slug:export_name>/", views.export_start, name="exports_start"),
        path("exports/<int:job_id>/", views.export_detail, name="exports_detail"),
        path("exports/<int:job_id>/restart/", views.export_restart_view, name="exports_restart"),
        path("exports/<int:job_id>/download/", views.export_download, name="exports_download"),
    ]
