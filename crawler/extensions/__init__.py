"""Scrapy extensions of wildwatch and the HTTP cache policy of a monitor."""
