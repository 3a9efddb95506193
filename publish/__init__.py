"""Publishing: stored scenarios and plans, the published plan, a plan's outputs.

Above `scheduler`, `calendars`, `monitor` and `identity`; below `ui`.
"""
