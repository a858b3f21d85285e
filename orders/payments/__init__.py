"""Money coming in and going back to buyers: Stripe card payments and webhooks, transfers and
refunds."""
