"""Layer 1. Owns people and pages: the Account (sign-up, log-in, profile) and sessions."""
