"""Layer 4. Owns content filters: the words and posts each person chose not to see (or to
see only behind a warning) in their timelines, notifications, threads and profiles."""
