"""One blueprint per area; each view parses the request, calls one function, renders one template."""
