"""The pages room (see ARCHITECTURE.md)."""
