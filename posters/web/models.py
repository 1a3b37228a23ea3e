"""The database tables: accounts, cases with their photos, approvals, publications and the audit chain.

Every schema change is an Alembic migration (migrations/versions); tests check
that these models and the migrations agree.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

ROLES = ("case_manager", "reviewer", "social_media", "admin")
# The queue's states, in the order a case moves through them.
STATES = ("draft", "ready_for_review", "approved", "published", "taken_down")
# A deleted case's row stays, emptied, so its number is never reused (posters.web.retention); it is in no queue.
DELETED = "deleted"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    roles_text: Mapped[str] = mapped_column("roles", String(200), default="")
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def roles(self) -> set[str]:
        return {r for r in self.roles_text.split(",") if r}

    @roles.setter
    def roles(self, value: set[str] | list[str]) -> None:
        self.roles_text = ",".join(sorted(set(value)))

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    user: Mapped[User] = relationship()


class LoginFailure(Base):
    """One failed login, kept for the throttle window (per account and per address)."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)


class CaseRecord(Base):
    """One case: its case file text (the truth), photos, and who wrote it."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_ref: Mapped[str] = mapped_column(String(120), default="")  # case.id from the YAML, shown to staff only
    yaml_text: Mapped[str] = mapped_column(Text)
    # The reviewer's decisions (posters.review's document, review.json): part of what the release hash covers.
    review_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    state: Mapped[str] = mapped_column(String(32), default="draft", index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    last_edited_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    holder_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    content_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    last_edited_by: Mapped[User] = relationship(foreign_keys=[last_edited_by_id])
    holder: Mapped[User | None] = relationship(foreign_keys=[holder_id])
    photos: Mapped[list[CasePhoto]] = relationship(back_populates="case", cascade="all, delete-orphan",
                                                     order_by="CasePhoto.name")


class CasePhoto(Base):
    __tablename__ = "case_photos"
    __table_args__ = (UniqueConstraint("case_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))  # as the case file names it, e.g. photos/ava.jpg
    data: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    case: Mapped[CaseRecord] = relationship(back_populates="photos")


class ApprovalRecord(Base):
    """A reviewer's approval of one release hash (written with its audit entry, in one transaction)."""

    __tablename__ = "approvals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    release_hash: Mapped[str] = mapped_column(String(64))
    content_version: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    snapshot: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    user: Mapped[User] = relationship()


class ApprovalSnapshot(Base):
    """The exact bytes of a library approval snapshot; its audit entry holds their SHA-256 (posters.web.dbstore)."""

    __tablename__ = "approval_snapshots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    release_hash: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Publication(Base):
    """One publish request: its job's state and progress, then the files it published."""

    __tablename__ = "publications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[str] = mapped_column(String(64), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    approval_id: Mapped[int] = mapped_column(ForeignKey("approvals.id"))
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    state: Mapped[str] = mapped_column(String(16), default="queued")  # queued|running|done|failed
    progress: Mapped[float] = mapped_column(default=0.0)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    release_hash: Mapped[str] = mapped_column(String(64))
    manifest: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    artifacts: Mapped[list[Artifact]] = relationship(back_populates="publication", cascade="all, delete-orphan",
                                                      order_by="Artifact.name")
    requested_by: Mapped[User] = relationship()


class Artifact(Base):
    """One published file, as manifest.json lists it."""

    __tablename__ = "artifacts"
    __table_args__ = (UniqueConstraint("publication_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publications.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(32))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    removed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    publication: Mapped[Publication] = relationship(back_populates="artifacts")


class AuditRecord(Base):
    """One entry of the database audit trail; each holds the hash of the one before (one chain per case)."""

    __tablename__ = "audit"
    __table_args__ = (UniqueConstraint("case_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), nullable=True, index=True)
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(32))
    release_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))


class WebSession(Base):
    """Server-side sessions (Flask-Session's SQLAlchemy backend reads and writes this table)."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[str | None] = mapped_column(String(255), unique=True, nullable=True)
    data: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    expiry: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


__all__ = ["DELETED", "ROLES", "STATES", "ApiToken", "ApprovalRecord", "ApprovalSnapshot", "Artifact", "AuditRecord", "Base", "CasePhoto",
           "CaseRecord", "LoginFailure", "Publication", "User", "WebSession", "func"]
