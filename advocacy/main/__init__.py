"""Home page, shared page context and error pages."""
