"""`python -m calculator`: the command line (calculator/cli.py)."""

import sys

from .edges.cli import main

sys.exit(main())
