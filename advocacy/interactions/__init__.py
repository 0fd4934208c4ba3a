"""Interactions: what members sent and advocates logged, each counted exactly once."""
