"""Relationships: legislative staff per office, advocates' key contacts (grasstops), and
coalition partners with the sign-on letters they endorse."""
