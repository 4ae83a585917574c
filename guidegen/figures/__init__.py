"""Figures drawn from code: figure scripts run in worker processes (draw), in one shared
print style (style, which figure scripts import)."""
