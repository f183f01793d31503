"""Bouwstroom QGIS: find, score, size and bundle housing sites for Bouwstroom Noord."""
