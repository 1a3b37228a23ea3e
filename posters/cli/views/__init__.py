"""Everything the command line prints for people (rich output lives here only)."""
