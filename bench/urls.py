"""The project's URLs plus the bare baseline view; production never mounts /bench/bare/."""

from django.urls import path

from bench import views
from marketplace import urls as site_urls

urlpatterns = [path("bench/bare/", views.bare, name="bench_bare"), *site_urls.urlpatterns]

handler400 = site_urls.handler400
handler404 = site_urls.handler404
handler500 = site_urls.handler500
