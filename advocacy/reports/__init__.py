"""Monthly activity review for task-force leads."""
