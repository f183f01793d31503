"""Processing enums under their QGIS >= 3.36 names, with the 3.22 names as fallback.

QGIS 3.36 moved these enums to ``Qgis``; QGIS 4 drops the old places. Both spellings
are fully scoped, so the code runs unchanged on PyQt5 and PyQt6.
"""

from __future__ import annotations

from qgis.core import (
    Qgis,
    QgsProcessing,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
)

if hasattr(Qgis, "ProcessingSourceType"):  # QGIS >= 3.36
    VECTOR_ANY = Qgis.ProcessingSourceType.Vector
    VECTOR_GEOMETRY = Qgis.ProcessingSourceType.VectorAnyGeometry
    VECTOR_POLYGON = Qgis.ProcessingSourceType.VectorPolygon
    FIELD_ANY = Qgis.ProcessingFieldParameterDataType.Any
    FILE = Qgis.ProcessingFileParameterBehavior.File
    FOLDER = Qgis.ProcessingFileParameterBehavior.Folder
    NUMBER_DOUBLE = Qgis.ProcessingNumberParameterType.Double
else:
    VECTOR_ANY = QgsProcessing.SourceType.TypeVector
    VECTOR_GEOMETRY = QgsProcessing.SourceType.TypeVectorAnyGeometry
    VECTOR_POLYGON = QgsProcessing.SourceType.TypeVectorPolygon
    FIELD_ANY = QgsProcessingParameterField.DataType.Any
    FILE = QgsProcessingParameterFile.Behavior.File
    FOLDER = QgsProcessingParameterFile.Behavior.Folder
    NUMBER_DOUBLE = QgsProcessingParameterNumber.Type.Double
FILES = (
    Qgis.ProcessingSourceType.File
    if hasattr(Qgis, "ProcessingSourceType")
    else QgsProcessing.SourceType.TypeFile
)
