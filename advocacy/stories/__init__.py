"""#IHeartHIT stories and NHIT Week events."""
