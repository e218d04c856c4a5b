"""``python -m lakip``: the command line (FORMATS.md)."""

from __future__ import annotations

import sys

from lakip.cli import main

sys.exit(main())
