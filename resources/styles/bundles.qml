<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!-- Bouwstroom QGIS: bundles of the build stream, one colour per bundle with its homes
     in the legend ("B01 · 117 woningen"; categories filled in from the bundles layer,
     symbols from category_symbol.xml), a light fill so the sites beneath stay visible,
     and the bundle id as a label. The plugin's layers and the exported GeoPackage both
     use this file. Names after a dollar sign are filled in by core/export/qml.py. -->
<qgis version="3.22.0" styleCategories="Fields|Symbology|Labeling" labelsEnabled="1" hasScaleBasedVisibilityFlag="0">
  <renderer-v2 type="categorizedSymbol" attr="bundle_id" symbollevels="0" forceraster="0" enableorderby="0">
    <categories>
$categories    </categories>
    <symbols>
$symbols    </symbols>
    <rotation/>
    <sizescale/>
  </renderer-v2>
  <labeling type="simple">
    <settings calloutType="simple">
      <text-style fieldName="bundle_id" isExpression="0" fontFamily="Sans Serif" fontSize="9" fontSizeUnit="Point" fontWeight="75" textColor="30,30,30,255" textOpacity="1" namedStyle="Bold">
        <text-buffer bufferDraw="1" bufferSize="1" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="0.9" bufferNoFill="1" bufferJoinStyle="128"/>
      </text-style>
      <placement placement="1" centroidInside="0" centroidWhole="1" fitInPolygonOnly="0" priority="7"/>
      <rendering scaleVisibility="0" obstacle="0" displayAll="1" limitNumLabels="0" drawLabels="1"/>
    </settings>
  </labeling>
  $aliases
  <layerGeometryType>2</layerGeometryType>
</qgis>
