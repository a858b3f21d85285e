"""Makers behind each piece: their rates (admin screen and selectors), the price split shown
on product pages, and the fair-wage check against the minimum wage table."""
