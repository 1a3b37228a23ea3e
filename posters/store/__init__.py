"""Where a case's records live: the store contract and the case-folder store.

    from posters.store import CaseStore, FolderStore, open_case
"""
from .contract import CaseStore
from .folder import FolderStore, open_case

__all__ = ["CaseStore", "FolderStore", "open_case"]
