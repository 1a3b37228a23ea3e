"""Scanner speed: milliseconds to scan 5 KB of innocent narrative (target: under 25 ms).

Moved out of the test suite: a timing depends on the machine and its load, so as a test it
failed on a busy two-core box for no fault of the code.
"""
from __future__ import annotations

import time

import redaction

TARGET_MS = 25.0


def main() -> None:
    scanner = redaction.build_scanner({"missing": {"city": "Springfield"}}, redaction.load_policy())
    text = ("She was last seen near the library wearing a red coat and white sneakers. "
            "Anyone with information should call the police. ") * 40
    text = text[:5000]
    scanner.find(text)  # warm caches
    start = time.perf_counter()
    for _ in range(20):
        scanner.find(text)
    per_call_ms = (time.perf_counter() - start) / 20 * 1000
    print(f"scanner: {per_call_ms:.1f} ms per 5 KB (target < {TARGET_MS:g} ms)"
          f"{'' if per_call_ms < TARGET_MS else '  MISSED'}")


if __name__ == "__main__":
    main()
