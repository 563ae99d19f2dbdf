"""Shared fixtures: databases (SQLite and PostgreSQL), the local demo world, quick training."""

pytest_plugins = ["tests.fixtures.db", "tests.fixtures.demo", "tests.fixtures.training"]
