"""The format-neutral content layer: Markdown parsed once, for every output."""
