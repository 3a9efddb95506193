"""Loading a scenario (CONTRACT §2, §6): formats, parsers, cells, passes, cross-checks, bounds.

`ids` holds the one identifier check (`check_id`) and the one way text becomes a file name
(`safe_name`).
"""
