"""``python -m runners`` is the ``cancelproof`` command."""

from runners.cli import main

raise SystemExit(main())
