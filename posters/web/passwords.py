"""Password rules for accounts: a minimum length, not the user name, not a common password.

The common passwords are zxcvbn's list (30,000 most-used passwords from the
Xato corpus, shipped inside the zxcvbn package on PyPI), so the list is
maintained upstream instead of copied here.
"""
from __future__ import annotations

import functools
import re

MIN_PASSWORD = 10


@functools.lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(p.casefold() for p in FREQUENCY_LISTS["passwords"])


def password_problem(password: str, username: str = "") -> str | None:
    """What is wrong with this password (None when it is acceptable); never raises."""
    if len(password) < MIN_PASSWORD:
        return f"the password must be at least {MIN_PASSWORD} characters"
    folded = password.casefold()
    if username and username.casefold() in folded:
        return "the password must not contain the user name"
    # 'football2026' is 'football' with a year: strip digits and symbols at the ends before looking it up.
    core = re.sub(r"^[\d\W_]+|[\d\W_]+$", "", folded)
    if folded in _common() or (core and core in _common()) or len(set(folded)) <= 2:
        return "this password is too common (it is on a list of passwords attackers try first); choose another"
    return None
