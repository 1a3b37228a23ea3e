"""The case file: reading, validating and the schema; where its photo files come from."""
from .photo_files import FolderPhotos, MemoryPhotos, PhotoFiles
from .schema import SCHEMA_ID, CaseFile
from .validate import Case, load_case, load_case_text

__all__ = ["SCHEMA_ID", "Case", "CaseFile", "FolderPhotos", "MemoryPhotos", "PhotoFiles", "load_case",
           "load_case_text"]
