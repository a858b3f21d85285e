"""Demo and benchmark content for the Crafts Mela marketplace (see `manage.py load_demo`).

Everything here is keyed by stable slugs, SKUs and usernames so that loading twice creates
nothing new and never overwrites what people have since edited.
"""
