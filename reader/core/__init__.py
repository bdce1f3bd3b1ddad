"""Domain, storage and search: no Qt, no user-facing strings beyond error messages."""
