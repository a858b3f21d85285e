"""Workshops and trainings: sign-ups by phone, SMS confirmation and reminder, attendance, and
the counts per district and craft behind the impact figures."""
