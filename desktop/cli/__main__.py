"""``python -m desktop.cli``: the ``morgue`` command."""

from __future__ import annotations

import sys

# Guarded: indexing starts worker processes with "spawn", which import this module again.
if __name__ == "__main__":
    from desktop.cli.main import main

    sys.exit(main())
