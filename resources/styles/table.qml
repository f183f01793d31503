<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!-- Bouwstroom QGIS: a table of the result without geometry (the stream plan, the
     provenance). No map style: only the readable names of its fields, in the export's
     language, filled in by core/export/qml.py. -->
<qgis version="3.22.0" styleCategories="Fields">
  $aliases
</qgis>
