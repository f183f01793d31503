<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!-- Bouwstroom QGIS: scored sites. Graduated on the site score (0-100 points, the same
     red-yellow-green classes as the parcels), drawn as a ring in the class colour on a
     dark casing, so the parcels beneath stay visible; the best ranks labelled "#1", "#2"
     at every scale, every rank from 1:10,000. The plugin's layers and the exported
     GeoPackage both use this file. Names after a dollar sign are filled in by
     core/export/qml.py. -->
<qgis version="3.22.0" styleCategories="Fields|Symbology|Labeling" labelsEnabled="1" hasScaleBasedVisibilityFlag="0">
  <renderer-v2 type="graduatedSymbol" attr="score" graduatedMethod="GraduatedColor" symbollevels="0" forceraster="0" enableorderby="0">
    <ranges>
      <range symbol="0" lower="0.0" upper="20.0" label="0–20" render="true"/>
      <range symbol="1" lower="20.0" upper="40.0" label="20–40" render="true"/>
      <range symbol="2" lower="40.0" upper="60.0" label="40–60" render="true"/>
      <range symbol="3" lower="60.0" upper="80.0" label="60–80" render="true"/>
      <range symbol="4" lower="80.0" upper="100.0" label="80–100" render="true"/>
    </ranges>
    <symbols>
      <symbol type="fill" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="215,25,28,255"/>
            <Option type="QString" name="style" value="no"/>
            <Option type="QString" name="outline_color" value="35,35,35,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="1.3"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="joinstyle" value="round"/>
          </Option>
        </layer>
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="215,25,28,255"/>
            <Option type="QString" name="style" value="no"/>
            <Option type="QString" name="outline_color" value="215,25,28,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.8"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="joinstyle" value="round"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="1" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="253,174,97,255"/>
            <Option type="QString" name="style" value="no"/>
            <Option type="QString" name="outline_color" value="35,35,35,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="1.3"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="joinstyle" value="round"/>
          </Option>
        </layer>
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="253,174,97,255"/>
            <Option type="QString" name="style" value="no"/>
            <Option type="QString" name="outline_color" value="253,174,97,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.8"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="joinstyle" value="round"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="2" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="255,255,191,255"/>
            <Option type="QString" name="style" value="no"/>
            <Option type="QString" name="outline_color" value="35,35,35,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="1.3"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="joinstyle" value="round"/>
          </Option>
        </layer>
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="255,255,191,255"/>
            <Option type="QString" name="style" value="no"/>
            <Option type="QString" name="outline_color" value="255,255,191,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.8"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="joinstyle" value="round"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="3" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="166,217,106,255"/>
            <Option type="QString" name="style" value="no"/>
            <Option type="QString" name="outline_color" value="35,35,35,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="1.3"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="joinstyle" value="round"/>
          </Option>
        </layer>
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="166,217,106,255"/>
            <Option type="QString" name="style" value="no"/>
            <Option type="QString" name="outline_color" value="166,217,106,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.8"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="joinstyle" value="round"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="4" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="26,150,65,255"/>
            <Option type="QString" name="style" value="no"/>
            <Option type="QString" name="outline_color" value="35,35,35,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="1.3"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="joinstyle" value="round"/>
          </Option>
        </layer>
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="26,150,65,255"/>
            <Option type="QString" name="style" value="no"/>
            <Option type="QString" name="outline_color" value="26,150,65,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.8"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="joinstyle" value="round"/>
          </Option>
        </layer>
      </symbol>
    </symbols>
    <mode name="fixed"/>
    <rotation/>
    <sizescale/>
    <labelformat trimtrailingzeroes="true" decimalplaces="0" format="%1–%2"/>
  </renderer-v2>
  <labeling type="rule-based">
    <rules key="{5b7e2c0d-0000-4000-8000-000000000100}">
      <rule key="{5b7e2c0d-0000-4000-8000-000000000101}" description="$top_rule" filter="&quot;rank&quot; &lt;= $top">
        <settings calloutType="simple">
          <text-style fieldName="$rank_text" isExpression="1" fontFamily="Sans Serif" fontSize="10" fontSizeUnit="Point" fontWeight="75" textColor="20,20,20,255" textOpacity="1" namedStyle="Bold">
            <text-buffer bufferDraw="1" bufferSize="1" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="0.9" bufferNoFill="1" bufferJoinStyle="128"/>
          </text-style>
          <placement placement="1" centroidInside="1" centroidWhole="0" fitInPolygonOnly="0" priority="9"/>
          <rendering scaleVisibility="0" obstacle="1" displayAll="1" limitNumLabels="0" drawLabels="1"/>
        </settings>
      </rule>
      <rule key="{5b7e2c0d-0000-4000-8000-000000000102}" description="$zoomed_rule" filter="&quot;rank&quot; &gt; $top" scalemaxdenom="$zoomed_scale">
        <settings calloutType="simple">
          <text-style fieldName="$rank_text" isExpression="1" fontFamily="Sans Serif" fontSize="10" fontSizeUnit="Point" fontWeight="75" textColor="20,20,20,255" textOpacity="1" namedStyle="Bold">
            <text-buffer bufferDraw="1" bufferSize="1" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="0.9" bufferNoFill="1" bufferJoinStyle="128"/>
          </text-style>
          <placement placement="1" centroidInside="1" centroidWhole="0" fitInPolygonOnly="0" priority="7"/>
          <rendering scaleVisibility="0" obstacle="1" displayAll="0" limitNumLabels="0" drawLabels="1"/>
        </settings>
      </rule>
    </rules>
  </labeling>
  $aliases
  <layerGeometryType>2</layerGeometryType>
</qgis>
