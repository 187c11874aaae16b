"""The TUI's widgets: each one shows one thing and posts messages; screens hold the logic."""
