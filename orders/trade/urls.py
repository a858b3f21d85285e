from django.urls import path

from orders.trade import views

urlpatterns = [
    path("trade/ask/", views.enquiry_new, name="trade_enquiry_new"),
    path("trade/enquiry/<str:token>/", views.enquiry_detail, name="trade_enquiry_detail"),
    path(
        "trade/enquiry/<str:token>/confirm/",
        views.enquiry_confirm_view,
        name="trade_enquiry_confirm",
    ),
    path(
        "trade/enquiry/<str:token>/accept/<int:quote_id>/",
        views.quote_accept_view,
        name="trade_quote_accept",
    ),
    path("trade/enquiry/<str:token>/pay/", views.order_card_pay_view, name="trade_order_pay"),
]
