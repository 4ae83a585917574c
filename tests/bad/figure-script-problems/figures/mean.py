"""A mean."""

FIGSIZE = (4.8, 2.4)


def draw():
    pass
