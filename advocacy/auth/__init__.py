"""Accounts, roles and chapters: sign-in, invitations, resets, who may see what."""
