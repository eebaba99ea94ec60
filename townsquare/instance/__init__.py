"""Layer 1. Owns server-wide settings administrators edit at runtime (name, rules, registration)."""
