"""Producer groups' statements in the Wagtail admin: ledger entries, balance, CSV and print."""
