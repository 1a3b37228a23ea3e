"""The case file: reading, validating and the schema."""
from .schema import SCHEMA_ID, CaseFile
from .validate import Case, load_case

__all__ = ["SCHEMA_ID", "Case", "CaseFile", "load_case"]
