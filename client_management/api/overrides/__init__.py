"""Frappe's own whitelisted methods, overridden site-wide (override_whitelisted_methods in hooks.py)."""
