"""``python -m desktop``: open the app (the same as ``morgue`` with no arguments)."""

from __future__ import annotations

import sys

# Guarded: indexing starts worker processes with "spawn", which import this module again.
if __name__ == "__main__":
    from desktop.app import main

    sys.exit(main(sys.argv[1:], None))
