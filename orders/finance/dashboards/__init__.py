"""Finance's dashboards: sales, commission, payouts and money owed by and to producer groups,
over time and by group, district and craft, as charts with their tables."""
