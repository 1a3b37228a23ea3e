"""`posters serve --demo` (make serve): the fictional samples as cases and one demo account per role."""
from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from . import accounts, casework
from . import db as database
from .models import CaseRecord

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
DEMO_USERS = (("casey", "Casey Manager", ["case_manager"]), ("robin", "Robin Reviewer", ["reviewer"]),
              ("sam", "Sam Social", ["social_media"]), ("ada", "Ada Admin", ["admin"]),
              ("riley", "Riley Second", ["reviewer", "case_manager"]))


def load_demo(app: Flask, samples: Path = SAMPLES) -> list[str]:
    """Create the demo accounts (new random passwords each start) and load the samples once; returns lines to print."""
    lines = ["Demo logins (fictional data only):"]
    with app.test_request_context():
        db = database.session()
        for name, full, roles in DEMO_USERS:
            password = secrets.token_urlsafe(9)
            u = accounts.find_user(db, name)
            if u is None:
                u = accounts.add_user(db, name, password, roles, full)
            else:
                accounts.set_password(u, password)
            lines.append(f"  {', '.join(roles):26} {name} / {password}")
        db.commit()
        casey = accounts.find_user(db, "casey")
        if casey is not None and db.scalar(select(CaseRecord).limit(1)) is None and samples.is_dir():
            for folder in sorted(p for p in samples.iterdir() if (p / "case.yaml").is_file()):
                photos = {p.relative_to(folder).as_posix(): p.read_bytes()
                          for p in sorted((folder / "photos").glob("*")) if p.is_file()}
                casework.create(db, casey, (folder / "case.yaml").read_text(encoding="utf-8"), photos,
                                require_valid=False)
            lines.append(f"  loaded the samples from {samples}")
    return lines
