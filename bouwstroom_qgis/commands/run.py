"""`bouwstroom run SCENARIO --out DIR`: the whole pipeline.

For now the pipeline ends with the scored parcels; sites, bundles and exports join it
as they arrive.
"""

from __future__ import annotations

import argparse

from bouwstroom_qgis.commands import score as score_command
from bouwstroom_qgis.core.progress import Feedback

add_arguments = score_command.add_arguments


def run(args: argparse.Namespace, feedback: Feedback) -> int:
    return score_command.run(args, feedback)
