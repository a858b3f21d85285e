"""A producer group's commercial terms: services (writes), selectors (reads), the admin
screens and the notifications of payout account changes."""
