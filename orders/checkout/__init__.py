"""Buyer-facing shopping: the cart, checkout, placing orders (stock, sub-orders) and order pages."""
