"""The base of every expected-schema file model (format.py, format_objects.py)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

Names = tuple[str, ...]


class Spec(BaseModel):
    """Base of every file model: immutable, and an unknown key is an error."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=False)
