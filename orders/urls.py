from django.contrib.auth import views as auth_views
from django.urls import path

from orders.accounts import views as account_views
from orders.accounts.forms import LoginForm, PasswordResetForm, SetPasswordForm
from orders.checkout import views
from orders.impact import views as impact_views
from orders.privacy import views as privacy_views

urlpatterns = [
    path("cart/", views.cart_detail, name="cart_detail"),
    path("cart/add/", views.cart_add_view, name="cart_add"),
    path("cart/update/", views.cart_update_view, name="cart_update"),
    path("checkout/", views.checkout, name="checkout"),
    path("impact/", impact_views.impact, name="impact"),
    path("orders/<str:number>/<str:token>/", views.order_detail, name="order_detail"),
    path("orders/<str:number>/<str:token>/receipt/", views.order_receipt, name="order_receipt"),
    path("orders/<str:number>/<str:token>/cancel/", views.order_cancel, name="order_cancel"),
    # Buyer accounts (Django's auth views; templates in templates/registration/).
    path("account/", account_views.account_home, name="account"),
    path("account/signup/", account_views.sign_up, name="sign_up"),
    path("account/my-data/", privacy_views.my_data, name="account_personal_data"),
    path(
        "account/login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("account/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "account/password/reset/",
        auth_views.PasswordResetView.as_view(form_class=PasswordResetForm),
        name="password_reset",
    ),
    path(
        "account/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "account/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=SetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "account/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("account/orders/", account_views.order_history, name="account_orders"),
    path("account/addresses/", account_views.address_list, name="account_addresses"),
    path("account/addresses/new/", account_views.address_edit, name="account_address_add"),
    path(
        "account/addresses/<int:address_id>/",
        account_views.address_edit,
        name="account_address_edit",
    ),
    path(
        "account/addresses/<int:address_id>/delete/",
        account_views.address_delete,
        name="account_address_delete",
    ),
]
