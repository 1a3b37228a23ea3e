#!/usr/bin/env bash
# WeasyPrint needs Pango (with HarfBuzz and fontconfig) from the system, and HarfBuzz's
# subsetter to embed fonts (without it, it falls back to fontTools and warns). Check for them;
# when it is missing, install it with apt-get if we are root, else print the command.
# RapidOCR's OpenCV wheel (opencv-python) links against the system's libGL and GLib.
set -euo pipefail
need=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 libgl1 libglib2.0-0 chromium)
# grep reads all of ldconfig's output: with -q it stops at the first match, ldconfig dies of
# SIGPIPE, and pipefail turns a library that is there into one that is missing.
have_lib() { ldconfig -p 2>/dev/null | grep "$1" >/dev/null; }
missing=()
have_lib 'libpango-1.0.so.0'     || missing+=(libpango-1.0-0)
have_lib 'libpangoft2-1.0.so.0'  || missing+=(libpangoft2-1.0-0)
have_lib 'libharfbuzz.so.0'      || missing+=(libharfbuzz0b)
have_lib 'libfontconfig.so.1'    || missing+=(libfontconfig1)
have_lib 'libharfbuzz-subset.so.0' || missing+=(libharfbuzz-subset0)
have_lib 'libGL.so.1'            || missing+=(libgl1)
have_lib 'libgthread-2.0.so.0'   || missing+=(libglib2.0-0)
# The web application's browser tests drive Debian's Chromium (Playwright cannot download its own here).
command -v chromium >/dev/null || missing+=(chromium)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing system packages (WeasyPrint and OpenCV libraries, Chromium for browser tests): ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
else
  echo "System packages are missing (WeasyPrint and OpenCV libraries, Chromium): ${missing[*]}" >&2
  echo "Install them with:  sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
