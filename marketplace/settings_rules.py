"""The marketplace's own rules, from the environment: commission, Stripe, payouts, where buyers
send transfers, how long unpaid orders hold stock, trade enquiries' limits.

Imported by marketplace/settings.py (DJANGO_SETTINGS_MODULE stays marketplace.settings).
"""

import os
from decimal import Decimal

PLATFORM_COMMISSION_PERCENT = Decimal(os.environ.get("PLATFORM_COMMISSION_PERCENT", "10.00"))
SHOP_PAGE_SIZE = 24
# Days after delivery before a group's earnings count as available for payout.
LEDGER_HOLD_DAYS = int(os.environ.get("LEDGER_HOLD_DAYS", "7"))
# Stripe: with no secret key, card payment is hidden and everything else works.
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")  # tests point this at a fake server

# Payouts: a group is paid once its available balance reaches the minimum (PKR). Groups with a
# Stripe connected account in one of these countries are paid by Stripe transfer; the others
# by a manual bank or wallet transfer that finance exports and marks paid. Stripe does not
# support accounts in Pakistan; list the countries your platform account can pay.
PAYOUT_MINIMUM = Decimal(os.environ.get("PAYOUT_MINIMUM", "1000.00"))
STRIPE_CONNECT_COUNTRIES = [
    code.strip().upper()
    for code in os.environ.get("STRIPE_CONNECT_COUNTRIES", "IN,LK").split(",")
    if code.strip()
]
# A Stripe transfer that could not be sent (Stripe unreachable) is retried this many times,
# waiting BACKOFF, 2x, 4x... seconds; after that it stays "processing" for the next run.
PAYOUT_MAX_RETRIES = int(os.environ.get("PAYOUT_MAX_RETRIES", "5"))
PAYOUT_RETRY_BACKOFF_SECONDS = int(os.environ.get("PAYOUT_RETRY_BACKOFF_SECONDS", "60"))
# An open Stripe payout not sent this long after it was created or started processing is sent
# again by the sweep (its task was lost); the same idempotency key makes that safe.
PAYOUT_REQUEUE_AFTER_SECONDS = int(os.environ.get("PAYOUT_REQUEUE_AFTER_SECONDS", "1800"))
# Empty: Celery's default queue. A name routes payout sends to their own queue.
PAYOUT_QUEUE = os.environ.get("PAYOUT_QUEUE", "")

# Where buyers send bank and mobile-wallet transfers (shown on the order page).
TRANSFER_ACCOUNTS = {
    "jazzcash": os.environ.get("TRANSFER_JAZZCASH", "0300 0000000 (Crafts Mela)"),
    "easypaisa": os.environ.get("TRANSFER_EASYPAISA", "0345 0000000 (Crafts Mela)"),
    "bank": os.environ.get("TRANSFER_BANK", "Crafts Mela, IBAN PK00 DEMO 0000 0000 0000 0000"),
}

# Unpaid orders hold their stock this long, then expire and release it.
CARD_RESERVATION_MINUTES = int(os.environ.get("CARD_RESERVATION_MINUTES", "60"))
TRANSFER_RESERVATION_MINUTES = int(os.environ.get("TRANSFER_RESERVATION_MINUTES", str(48 * 60)))
# Trade enquiries: limits per address and per phone/email in a window; unpaid quotes lapse.
TRADE_ENQUIRY_LIMIT_PER_IP, TRADE_ENQUIRY_LIMIT_PER_CONTACT = 5, 3
TRADE_ENQUIRY_LIMIT_WINDOW_SECONDS = int(os.environ.get("TRADE_ENQUIRY_LIMIT_SECONDS", "3600"))
TRADE_PAYMENT_DAYS = int(os.environ.get("TRADE_PAYMENT_DAYS", "14"))
