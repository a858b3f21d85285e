from django.urls import path

from marketplace.newsletter import views

urlpatterns = [
    path("", views.newsletter_signup, name="newsletter_signup"),
    path("confirm/<str:token>/", views.newsletter_confirm_view, name="newsletter_confirm"),
    path(
        "unsubscribe/<str:token>/",
        views.newsletter_unsubscribe_view,
        name="newsletter_unsubscribe",
    ),
]
