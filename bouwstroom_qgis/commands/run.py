"""`bouwstroom run SCENARIO --out DIR`: the whole pipeline.

Parcels are scored, assembled into sites, sized per concept home and the sites scored
(as ``bouwstroom sites``); bundles and exports join the pipeline as they arrive.
"""

from __future__ import annotations

import argparse

from bouwstroom_qgis.commands import sites as sites_command
from bouwstroom_qgis.core.progress import Feedback

add_arguments = sites_command.add_arguments


def run(args: argparse.Namespace, feedback: Feedback) -> int:
    return sites_command.run(args, feedback)
