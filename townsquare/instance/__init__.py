"""Layer 1, just below accounts (which reads the registration mode). Owns server-wide
settings administrators edit at runtime (name, rules, registration)."""
