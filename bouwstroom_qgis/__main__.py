"""`python -m bouwstroom_qgis` is the `bouwstroom` command."""

import sys

from bouwstroom_qgis.cli import main

sys.exit(main())
