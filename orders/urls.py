from django.urls import path

from orders import views

urlpatterns = [
    path("cart/", views.cart_detail, name="cart_detail"),
    path("cart/add/", views.cart_add_view, name="cart_add"),
    path("cart/update/", views.cart_update_view, name="cart_update"),
    path("checkout/", views.checkout, name="checkout"),
    path("orders/<str:number>/<str:token>/", views.order_detail, name="order_detail"),
    path("orders/<str:number>/<str:token>/receipt/", views.order_receipt, name="order_receipt"),
]
