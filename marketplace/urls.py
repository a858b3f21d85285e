from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from catalog import views as catalog_views
from marketplace import language_choice, serving, views
from marketplace.page_chooser import VisibleChosenMultipleView
from orders.payments import views as payment_views
from orders.payments import webhooks as stripe_webhooks

urlpatterns = [
    # Before Wagtail's own: its "chosen" answer would give any page's title for a guessed id.
    path(
        "admin/choose-page/chosen-multiple/",
        require_admin_access(VisibleChosenMultipleView.as_view()),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("language/<str:code>/", language_choice.language_choose, name="language_choose"),
    # Stripe calls and redirects to these without a language prefix.
    path("payments/stripe/webhook/", stripe_webhooks.stripe_webhook, name="stripe_webhook"),
    path(
        "payments/stripe/return/<str:number>/<str:token>/",
        payment_views.stripe_return,
        name="stripe_return",
    ),
    path(
        "payments/stripe/cancel/<str:number>/<str:token>/",
        payment_views.stripe_cancel,
        name="stripe_cancel",
    ),
]

urlpatterns += i18n_patterns(
    path("shop/", catalog_views.shop, name="shop"),
    path("artisans/", catalog_views.artisan_directory, name="artisan_directory"),
    path("melas/", include("events.urls")),
    path("join/", include("catalog.network.urls")),
    path("newsletter-subscription/", include("marketplace.newsletter.urls")),
    path("", include("orders.urls")),
    path("", include("orders.trade.urls")),
    # Wagtail's own URLs (its login and password forms for restricted pages) but its page
    # view, which is replaced by one that reads the site and the route from the cache.
    path("", include(serving.wagtail_urls_but_serve())),
    re_path(wagtail_urls.serve_pattern, serving.serve, name="wagtail_serve"),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns

handler400 = "marketplace.views.bad_request"
handler404 = "marketplace.views.page_not_found"
handler500 = "marketplace.views.server_error"
