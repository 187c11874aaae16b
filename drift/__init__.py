"""drift: how your live PostgreSQL database differs from what you think it is."""

__version__ = "0.1.0"
