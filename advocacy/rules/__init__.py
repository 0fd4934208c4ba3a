"""Agency rules: Federal Register documents open for comment, what chapters follow and
their positions; the comments members file on them are the campaigns'."""
