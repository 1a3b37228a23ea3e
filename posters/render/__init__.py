"""Rendering: posters (PDF, PNG) from the public release."""
