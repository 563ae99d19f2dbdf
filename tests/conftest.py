"""Shared fixtures: databases (SQLite and PostgreSQL) and the local demo world."""

pytest_plugins = ["tests.fixtures.db", "tests.fixtures.demo"]
