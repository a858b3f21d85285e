"""The order desk in the Wagtail admin: producer groups ship their own sub-orders, platform
staff see every order, verify transfers, cancel and refund (views in orders.desk.views)."""
