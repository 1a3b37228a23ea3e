"""Readiness: is a case complete, on time and fit to publish (rules in the case, photos checked too)."""
