"""Web forms, one module per area; they check shape, services check the rules."""
