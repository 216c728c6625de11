"""The read room (see ARCHITECTURE.md)."""
