"""The frozen pydantic base every catalog object shares.

Models are immutable (so a catalog can be shared between the differ, the rules and the TUI without
copies), reject unknown fields (so a typo in an expected-schema file is an error, not silence) and
serialise without defaults noise when asked.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class FrozenModel(BaseModel):
    """Immutable, strict-about-keys base model."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)
