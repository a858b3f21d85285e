"""Joining the network: organisations of home-based workers apply from the site, moderators
ask for changes or approve, and approval provisions the producer group and its first login."""
