"""Tests of the crawler package: runner, hygiene, pipelines, CLI."""
