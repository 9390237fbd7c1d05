"""CLI: ``python -m moderation.spam.train --data FILE.tsv [--decisions D.jsonl] --out PATH``.

The code lives in ``training.py``: a submodule named ``train`` next to the package-level
function ``moderation.spam.train`` would shadow it once imported.
"""

import sys

from .training import main

if __name__ == "__main__":
    sys.exit(main())
