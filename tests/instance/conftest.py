"""Instance tests: the settings row is cached; the root conftest gives each test a new cache."""
