"""Public legislator data: sources, parsers, atomic load, divisions, pages."""
