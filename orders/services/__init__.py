"""Writes for carts and orders. Views, admin screens and tasks call these; nothing else writes."""
