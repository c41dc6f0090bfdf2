"""`python -m tui_backprop`: the same program as the `tui-backprop` console script."""

import sys

from .cli import main

sys.exit(main())
