"""Local servers that answer exactly like the real services, and tests of the spiders for them."""
