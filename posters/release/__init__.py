"""Review, approval and release: nothing public without a reviewer's approval of the exact release.

approve() binds a second person's approval to a release hash; publish() is the
only way to public artifacts (approval, build, leak scan, all-or-nothing commit,
audit entry); takedown() lists everything ever published when a case closes.
Each takes a loaded case and the store that keeps its records (posters.store);
every step is recorded in the store's hash-chained audit log.
"""
from __future__ import annotations

from ..errors import AuditError, LeakFound
from .approval import Approval, approve, require_approval, same_person
from .audit import AuditEntry, BrokenEntry, append_entry, log_path, read_entries, verify_chain
from .diffing import ReleaseDiff, changed_paths
from .leakscan import LeakFinding, LeakScanner, scanner_for
from .publishing import ManifestFile, PublishResult, publish
from .reviewed import record_redaction
from .takedowns import PublishedFile, TakedownResult, takedown

__all__ = [
    "Approval", "AuditEntry", "AuditError", "BrokenEntry", "LeakFinding", "LeakFound", "LeakScanner",
    "ManifestFile", "PublishResult", "PublishedFile", "ReleaseDiff", "TakedownResult", "append_entry",
    "approve", "changed_paths", "log_path", "publish", "read_entries", "record_redaction", "require_approval",
    "same_person", "scanner_for", "takedown", "verify_chain",
]
