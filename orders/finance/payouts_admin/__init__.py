"""Finance's payouts in the Wagtail admin: listing, manual export, mark paid or failed, retry."""
