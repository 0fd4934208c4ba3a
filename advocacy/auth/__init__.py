"""Staff sign-in (a simple login until chapters and roles arrive)."""
