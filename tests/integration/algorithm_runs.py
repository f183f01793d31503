"""Running the plugin's Processing algorithms as the toolbox does, for the tests to check."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject


def processing_context() -> QgsProcessingContext:
    """A Processing context on the current project, as the Processing dialog makes one."""
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    return context


def run_algorithm(
    provider,
    algorithm_id: str,
    parameters: dict,
    feedback: QgsProcessingFeedback,
    context: QgsProcessingContext | None = None,
) -> tuple[dict, bool]:
    """The algorithm as the Processing dialog runs it (no exception, the errors in feedback).

    Parameters
    ----------
    provider
        The plugin's Processing provider (the ``provider`` fixture).
    algorithm_id
        The algorithm's full id, e.g. ``bouwstroom:score_parcels``.
    parameters
        The algorithm's parameters by name.
    feedback
        What receives the algorithm's errors, messages and progress.
    context
        The context to run in, for a test that reads it afterwards; a new one on the
        current project otherwise.

    Returns
    -------
    tuple of (dict, bool)
        The results by output name and whether the run succeeded.
    """
    algorithm = provider.algorithm(algorithm_id.split(":")[1]).create()
    if context is None:
        context = processing_context()
    return algorithm.run(parameters, context, feedback)


def bundle_outputs(folder: Path) -> dict[str, str]:
    """The four files ``bouwstroom:bundle_sites`` writes, all in ``folder``.

    The bundles, the sites with their bundle and the stream plan as GeoPackages, and
    ``b.gpkg`` as the bundle file beside which the CSV tables and the chart go.
    """
    return {
        "BUNDLES": str(folder / "bundles.gpkg"),
        "SITES_OUT": str(folder / "sites.gpkg"),
        "PLAN": str(folder / "plan.gpkg"),
        "BUNDLES_FILE": str(folder / "b.gpkg"),
    }
