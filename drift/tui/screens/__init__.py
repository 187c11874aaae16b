"""The TUI's screens: the main cockpit, the finding details, the export dialog and the help."""
