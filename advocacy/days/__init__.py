"""Advocacy days: plan a Hill, Capitol or in-district day, register attendees, ask each
office that represents them for one meeting, schedule by building, print leave-behinds,
and turn each meeting's report into a log entry."""
