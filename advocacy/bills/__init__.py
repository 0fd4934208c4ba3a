"""Legislation: bills from public sources, matched to our officials, searched and shown."""
