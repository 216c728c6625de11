"""The catalogue room (see ARCHITECTURE.md)."""
