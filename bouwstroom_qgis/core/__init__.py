"""The Bouwstroom engine: parcels, zoning and holdings in, scored and explained sites out.

Nothing in this package imports QGIS or Qt; it works on GeoDataFrames and numpy arrays,
so it runs the same inside QGIS, in its own process and from the command line.
"""
