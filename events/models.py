"""Melas, schedules, stalls and exhibitor applications: built by the melas issue."""
