"""`bouwstroom run SCENARIO --out DIR`: the whole pipeline.

Parcels are scored, assembled into sites, sized per concept home and the sites scored;
bundles and exports join the pipeline as they arrive.
"""

from __future__ import annotations

import argparse

from bouwstroom_qgis.commands import score as score_command
from bouwstroom_qgis.core.progress import Feedback

add_arguments = score_command.add_arguments


def run(args: argparse.Namespace, feedback: Feedback) -> int:
    return score_command.run_pipeline(args, feedback, with_sites=True)
