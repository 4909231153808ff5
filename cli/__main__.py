"""``python -m cli``: the same command as ``cancelproof``."""

import sys

from cli import main

sys.exit(main())
