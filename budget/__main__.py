"""``python -m budget``: see :mod:`budget.cli`."""

import sys

from budget.cli import main

sys.exit(main())
