"""Tests of the demo world: its content and its four sites."""
