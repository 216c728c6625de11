"""The site room (see ARCHITECTURE.md)."""
