"""Cart, orders, sub-orders, payments and payouts: built by the orders issue."""
