"""Recording that a reviewer looked at a redaction diff: an explicit step, never a side effect of viewing."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .audit import AuditEntry

if TYPE_CHECKING:
    from ..public import PublicRelease
    from ..store import CaseStore


def record_redaction(public: "PublicRelease", store: "CaseStore", *, actor: str | None = None,
                     now: dt.datetime | None = None) -> AuditEntry:
    """Append a ``redact`` entry (release hash, policy version, how much was withheld) to the audit log; raises AuditError."""
    withheld = sum(1 for _ in public.release.withheld())
    return store.append_audit("redact", actor=actor, release_hash=public.release_hash, now=now,
                              details={"policy_version": public.release.policy_version, "withheld": withheld})
