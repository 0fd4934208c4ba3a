"""Campaigns: talking points, letter and tweet templates, and the member's virtual march."""
