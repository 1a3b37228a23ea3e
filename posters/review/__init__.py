"""The reviewer's side: the redaction diff and the decisions a person makes on it.

decisions.py is the typed model, deciding.py the rules for making one (data in,
new log out), casefolder.py keeps them in review.json, summary.py and emptied.py
are what a reviewer reads, diff.py shows it all.
"""
from .decisions import Box, DecisionLog, FaceCover, PhotoText, Restore, Reviewer, Undone, Withhold

__all__ = ["Box", "DecisionLog", "FaceCover", "PhotoText", "Restore", "Reviewer", "Undone", "Withhold"]
