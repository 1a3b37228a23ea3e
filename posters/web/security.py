"""The one security policy: which role may do what, and the four-eyes rule on identities.

Every view asks `require(user, permission, case)`; nothing else decides access,
so the whole policy can be tested as a table of role x permission.
"""
from __future__ import annotations

from collections.abc import Iterable

from .errors import NotAllowed
from .models import CaseRecord, User

# permission -> roles that hold it. Case data (the confidential file and the diff) is for the
# people who prepare and review cases; the social-media team sees only what was published.
PERMISSIONS: dict[str, frozenset[str]] = {
    "queue.view": frozenset({"case_manager", "reviewer", "social_media", "admin"}),
    "case.create": frozenset({"case_manager"}),
    "case.edit": frozenset({"case_manager"}),
    "case.view": frozenset({"case_manager", "reviewer"}),
    # The staff's own fields beside a case (the agency's case id, who holds and edited it): not for social media.
    "case.internal": frozenset({"case_manager", "reviewer", "admin"}),
    # Deleting a case and everything derived from it; a case manager only one never published (retention.py).
    "case.delete": frozenset({"case_manager", "admin"}),
    "case.review": frozenset({"reviewer"}),
    "case.approve": frozenset({"reviewer"}),
    "case.publish": frozenset({"case_manager", "reviewer"}),
    "release.view": frozenset({"case_manager", "reviewer", "social_media"}),
    "release.download": frozenset({"case_manager", "reviewer", "social_media"}),
    "takedown.view": frozenset({"case_manager", "reviewer", "social_media"}),
    "audit.view": frozenset({"case_manager", "reviewer", "admin"}),
    "users.manage": frozenset({"admin"}),
}


# The second person's steps: a case's author may not take them, whatever roles the account holds
# (a reviewer's decisions are part of what is approved).
AUTHOR_MAY_NOT = frozenset({"case.review", "case.approve"})


def allowed(user: User | None, permission: str, case: CaseRecord | None = None) -> bool:
    """Whether the user may do this (to this case); never raises."""
    if user is None or user.disabled:
        return False
    if not (user.roles & PERMISSIONS[permission]):
        return False
    if permission in AUTHOR_MAY_NOT and case is not None:
        return not is_author(user, case)
    return True


def is_author(user: User, case: CaseRecord) -> bool:
    """Whether the user created or last edited the case's content (and so may never approve it)."""
    return user.id in (case.created_by_id, case.last_edited_by_id)


def require(user: User | None, permission: str, case: CaseRecord | None = None) -> None:
    """Raise NotAllowed with the reason unless the user may do this."""
    if allowed(user, permission, case):
        return
    if user is not None and permission in AUTHOR_MAY_NOT and case is not None and is_author(user, case) \
            and user.roles & PERMISSIONS[permission]:
        what = "approve it" if permission == "case.approve" else "review its redaction"
        raise NotAllowed(f"you created or last edited this case; a second person must {what}")
    raise NotAllowed("your account may not do this (" + permission.replace(".", " ") + "); "
                     "ask an administrator for the role that may")


def roles_with(permission: str) -> Iterable[str]:
    return sorted(PERMISSIONS[permission])
