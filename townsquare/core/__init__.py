"""Layer 0. Owns the building blocks every app shares: time-sortable ids, domain errors,
events published after commit, keyset pagination and text rendering/sanitising."""
