"""Accounts: argon2 passwords, API tokens stored as hashes, and the login throttle."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from .errors import WebError
from .models import ROLES, ApiToken, LoginFailure, User, utcnow
from .passwords import MIN_PASSWORD, password_problem  # noqa: F401  (MIN_PASSWORD: re-exported)

_HASHER = PasswordHasher()
# A hash to verify against when the account does not exist, so both cases take the same time.
_DUMMY = _HASHER.hash("not a password of anyone's")


def add_user(db: Session, username: str, password: str, roles: list[str], full_name: str = "", *,
             hasher: PasswordHasher = _HASHER) -> User:
    """Create an account; raises WebError for a bad name, role or password, or a taken name."""
    username = username.strip()
    if not username or len(username) > 80 or not all(c.isalnum() or c in "._-" for c in username):
        raise WebError("the user name must be 1-80 letters, digits, '.', '_' or '-'")
    unknown = [r for r in roles if r not in ROLES]
    if unknown or not roles:
        raise WebError(f"give at least one role from: {', '.join(ROLES)}" +
                       (f" (unknown: {', '.join(unknown)})" if unknown else ""))
    if (problem := password_problem(password, username)) is not None:
        raise WebError(problem)
    if db.scalar(select(User).where(User.username == username)) is not None:
        raise WebError(f"there is already a user named {username}")
    user = User(username=username, full_name=full_name.strip(), password_hash=hasher.hash(password))
    user.roles = roles
    db.add(user)
    db.flush()
    return user


def set_password(user: User, password: str, *, hasher: PasswordHasher = _HASHER) -> None:
    """Change the password; raises WebError for a short or common one."""
    if (problem := password_problem(password, user.username)) is not None:
        raise WebError(problem)
    user.password_hash = hasher.hash(password)


def find_user(db: Session, username: str) -> User | None:
    return db.scalar(select(User).where(User.username == username.strip()))


def check_password(user: User | None, password: str) -> bool:
    """Whether the password is the user's (constant work whether or not the user exists); never raises."""
    try:
        return _HASHER.verify(user.password_hash if user else _DUMMY, password) and user is not None
    except (VerificationError, InvalidHashError):
        return False


def new_token(db: Session, user: User) -> str:
    """A new API token for the user: returned once, stored only as its SHA-256."""
    token = "pst_" + secrets.token_urlsafe(32)
    db.add(ApiToken(user_id=user.id, token_sha256=_token_hash(token)))
    return token


def user_for_token(db: Session, token: str) -> User | None:
    row = db.scalar(select(ApiToken).where(ApiToken.token_sha256 == _token_hash(token),
                                           ApiToken.revoked.is_(False)))
    if row is None or row.user.disabled:
        return None
    return row.user


def _token_hash(token: str) -> str:
    # Tokens are 256 random bits, so a plain SHA-256 is enough to make the stored value useless.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def throttled(db: Session, username: str, address: str, *, window_minutes: int, per_account: int,
              per_address: int) -> bool:
    """Whether too many logins failed lately for this account or from this address."""
    since = utcnow() - dt.timedelta(minutes=window_minutes)
    db.execute(delete(LoginFailure).where(LoginFailure.at < since))
    by_account = db.scalar(select(func.count()).select_from(LoginFailure)
                           .where(LoginFailure.username == username, LoginFailure.at >= since)) or 0
    by_address = db.scalar(select(func.count()).select_from(LoginFailure)
                           .where(LoginFailure.address == address, LoginFailure.at >= since)) or 0
    return by_account >= per_account or by_address >= per_address


def record_failure(db: Session, username: str, address: str) -> None:
    db.add(LoginFailure(username=username[:80], address=address[:64]))
