"""Layer 4, exports: the data files the site publishes (CSV, JSON, feeds, calendars)."""
