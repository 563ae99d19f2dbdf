"""The four demo sites: two marketplaces, a Mastodon instance and a Telegram preview."""
