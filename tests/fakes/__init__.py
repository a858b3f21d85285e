"""Fakes of outside services that tests run for real (a Stripe API server on 127.0.0.1)."""
