"""Network access: the polite HTTP client, feed sources, refresh and lookup. No Qt."""
