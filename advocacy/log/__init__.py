"""The advocate's log: contacts with officials, chapter feeds, follow-ups, exports."""
