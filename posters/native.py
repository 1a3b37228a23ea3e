"""One thread at a time inside the native libraries that are not thread-safe.

PDFium (pypdfium2) must never be called from two threads at once, not even on two
different documents: its documentation says doing so "would crash or corrupt the
process". WeasyPrint lays out text with Pango through one font configuration shared by
the whole process (engine.font_config) and captures warnings by swapping handlers on
the process-wide "weasyprint" logger. The command line and batch workers call these from
one thread, but the web server answers requests in threads and runs publish jobs beside
them: under 50 concurrent users it died of SIGSEGV in about one load run in three.

dlib's face detector is one object per process inside face_recognition; two threads
detecting at once corrupt the heap ("free(): invalid size", then SIGABRT), seen under the
same load once the render lock was in place.

One re-entrant lock covers PDFium and WeasyPrint, so code that lays out a document and then
rasterizes it can never deadlock on two locks taken in different orders; dlib has its own,
since face detection never renders and rendering never detects. What it costs is parallelism
inside one process; the work is GIL-bound anyway, and more throughput comes from more
worker processes (docs/scaling.md).
"""
from __future__ import annotations

import threading

NATIVE = threading.RLock()
DLIB = threading.RLock()

__all__ = ["DLIB", "NATIVE"]
