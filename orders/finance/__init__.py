"""The platform's books: ledger, payouts to producer groups, their debts, courier remittances of
cash on delivery, mela cash and statements."""
