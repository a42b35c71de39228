"""Module 01 speed and memory (kept for old instructions): ``benchmarks/modules.py`` measures
every module; this runs it for module 01 only.

    python benchmarks/module01.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from modules import main  # noqa: E402

if __name__ == "__main__":
    main(["01_leader_not_manager"])
