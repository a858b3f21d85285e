"""Market information for producer groups: what buyers look for, what sells, and how each
group's own products are seen (counted by marketplace.market_signals)."""
