"""Cases whose every withheld value, name and photo is unique, so that a search for them can only find this case."""
from __future__ import annotations

import io
import random
import zlib

from .conftest import sample


def unique_photo(seed: int) -> bytes:
    """Sample 01's photo with a block of noise of its own in a corner (its face untouched): bytes no other case has."""
    from PIL import Image

    text, photos = sample()
    image = Image.open(io.BytesIO(next(iter(photos.values())))).convert("RGB")
    rng = random.Random(seed)
    noise = Image.frombytes("RGB", (48, 48), bytes(rng.randrange(256) for _ in range(48 * 48 * 3)))
    image.paste(noise, (0, 0))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92)
    return out.getvalue()


def withheld(tag: str) -> dict[str, str]:
    """Values sample 01 withholds from the public (or keeps for staff), made unique to this tag."""
    return {
        "case_ref": f"ZQX-INTERNAL-{tag}",
        "prepared_by": f"Prudencia Vexworth{tag}",
        "circumstances": f"Brackenhollow{tag} depot",
        "placement_name": f"The Tumblethorn{tag} family home",
        "placement_address": f"4417 Nightjar{tag} Lane",
        "caseworker": f"Oriel Marchbanks{tag}",
        "photo_name": f"zzsecret-original-{tag}",
    }


def distinct_case(tag: str, seed: int | None = None) -> tuple[str, dict[str, bytes], dict[str, str]]:
    """(case file, photos, the withheld values and the child's unique last name) for a case of its own."""
    text, photos = sample()
    w = withheld(tag)
    [(old_name, _)] = photos.items()
    new_name = f"photos/{w['photo_name']}.jpg"
    text = (text.replace("MFC-2026-0142", w["case_ref"]).replace("J. Rivera", w["prepared_by"])
            .replace("near the bus station\n    on Main Street", f"near the {w['circumstances']}\n    on Main Street")
            .replace("The Okafor family home", w["placement_name"]).replace("88 W Elm Ave", w["placement_address"])
            .replace("caseworker: {name: Dana Example", f"caseworker: {{name: {w['caseworker']}")
            .replace(old_name, new_name).replace("last_name: Sample", f"last_name: Quillfeather{tag}"))
    for key, value in w.items():
        assert key == "photo_name" or value in text, key
    w["last_name"] = f"Quillfeather{tag}"
    return text, {new_name: unique_photo(seed if seed is not None else zlib.crc32(tag.encode()))}, w
