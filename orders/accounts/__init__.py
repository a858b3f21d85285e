"""Buyer accounts: sign-up, sign-in, saved addresses and the buyer's own order history."""
