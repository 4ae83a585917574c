"""The model's JSON form, for the cache: plain data out, the model's values back in.
Never pickle: a cache must not be able to run code."""

from __future__ import annotations

import dataclasses
import enum
import functools
import types
import typing
from pathlib import Path

# Loading a bank from the cache turns every question's entries back into the model, so
# these run a few times per question of the bank: the type hints are read once per class
# (typing.get_type_hints is slow) and made into one small decoder per type, instead of
# being looked at again for every value.

def to_json(value):
    """Plain JSON data for a model value (dataclasses, tuples, paths)."""
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value
    names = _field_names(kind)
    if names is not None:
        return {name: to_json(getattr(value, name)) for name in names}
    if isinstance(value, (tuple, list)):
        return [to_json(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    return value


@functools.lru_cache(maxsize=None)
def _field_names(kind) -> tuple[str, ...] | None:
    """A dataclass's field names, None for any other type."""
    return tuple(f.name for f in dataclasses.fields(kind)) if dataclasses.is_dataclass(kind) else None


@functools.lru_cache(maxsize=None)
def _fields(kind) -> tuple[tuple[str, object], ...]:
    """A dataclass's field names and types."""
    hints = typing.get_type_hints(kind)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(kind))


def from_json(kind, data):
    """The model value of type `kind` that to_json gave `data`; TypeError or ValueError
    if `data` does not have that shape (a damaged cache entry)."""
    return _decoder(kind)(data)


@functools.lru_cache(maxsize=None)
def _decoder(kind):
    """The function that turns to_json's data back into a `kind` (made once per type)."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        option = _decoder(next(k for k in typing.get_args(kind) if k is not type(None)))
        return lambda data: None if data is None else option(data)
    if origin is tuple and Ellipsis not in typing.get_args(kind):  # tuple[str, int]: one decoder a position
        items = tuple(_decoder(k) for k in typing.get_args(kind))

        def decode_fixed(data):
            if not isinstance(data, list) or len(data) != len(items):
                raise TypeError(f"expected a list of {len(items)}")
            return tuple(decode(value) for decode, value in zip(items, data))
        return decode_fixed
    if origin is tuple or (origin is list and typing.get_args(kind)):  # tuple[X, ...], list[X]: each item decoded
        item, container = _decoder(typing.get_args(kind)[0]), origin

        def decode_sequence(data):
            if not isinstance(data, list):
                raise TypeError("expected a list")
            return container(map(item, data))
        return decode_sequence
    if dataclasses.is_dataclass(kind):
        fields = tuple((name, _decoder(hint)) for name, hint in _fields(kind))

        def decode_dataclass(data):
            if not isinstance(data, dict):
                raise TypeError("expected a mapping")
            return kind(**{name: decode(data[name]) for name, decode in fields if name in data})
        return decode_dataclass
    if kind is Path:
        return Path
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind  # by value; a value it does not have is a ValueError, a damaged entry
    if kind in (str, int, float, bool):
        def decode_plain(data):
            if kind is float and isinstance(data, int):
                return float(data)
            if not isinstance(data, kind):
                raise TypeError(f"expected {kind.__name__}")
            return data
        return decode_plain
    return lambda data: data
