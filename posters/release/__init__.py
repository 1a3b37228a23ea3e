"""Review, approval and release: nothing public without a reviewer's approval of the exact release.

approve() binds a second person's approval to a release hash; publish() is the
only way to public artifacts (approval, build, leak scan, all-or-nothing move,
audit entry); takedown() lists everything ever published when a case closes.
Every step is recorded in the hash-chained audit log of the case folder.
"""
from __future__ import annotations

from .approval import Approval, approve, require_approval, same_person
from .audit import AuditEntry, AuditError, BrokenEntry, append_entry, log_path, log_redaction, read_entries, verify_chain
from .diffing import ReleaseDiff, changed_paths
from .leakscan import LeakFinding, LeakScanner, scanner_for
from .publishing import LeakFound, ManifestFile, PublishResult, publish
from .takedowns import PublishedFile, TakedownResult, takedown

__all__ = [
    "Approval", "AuditEntry", "AuditError", "BrokenEntry", "LeakFinding", "LeakFound", "LeakScanner",
    "ManifestFile", "PublishResult", "PublishedFile", "ReleaseDiff", "TakedownResult", "append_entry",
    "approve", "changed_paths", "log_path", "log_redaction", "publish", "read_entries", "require_approval",
    "same_person", "scanner_for", "takedown", "verify_chain",
]
