"""Exports for learning platforms: Moodle XML (moodle.py) and GIFT (gift.py), made by
`guidegen export --format NAME` from the parts every platform shares (parts.py)."""
