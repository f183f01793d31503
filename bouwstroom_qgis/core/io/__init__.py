"""Reading and writing files: the only place in the engine that touches GDAL."""
