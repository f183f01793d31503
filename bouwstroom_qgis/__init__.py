"""Bouwstroom QGIS: find, score, size and bundle housing sites for Bouwstroom Noord.

QGIS calls ``classFactory``; the engine (``python -m bouwstroom_qgis``) imports this
package too, so nothing here may import QGIS until QGIS asks for the plugin.
"""


def classFactory(iface):
    """The plugin object QGIS loads (QGIS's plugin entry point)."""
    from bouwstroom_qgis.plugin import BouwstroomPlugin

    return BouwstroomPlugin(iface)
