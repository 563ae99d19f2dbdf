"""The Scrapy project of wildwatch: settings, items, pipelines, extensions and the CLI."""
