"""Tests of the spiders, each against local servers."""
