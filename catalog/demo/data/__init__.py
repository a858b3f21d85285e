"""The content tables of the demo: crafts, producer groups, artisans and products."""
