<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!-- Bouwstroom QGIS: scored parcels. Score classes on a red-yellow-green ramp (0-100
     points); excluded parcels grey and hatched whatever their score; the best ranks
     labelled at every scale, every rank from 1:10,000. The plugin's layers and the
     exported GeoPackage both use this file. Names after a dollar sign are filled in by
     core/export/qml.py. -->
<qgis version="3.22.0" styleCategories="Fields|Symbology|Labeling" labelsEnabled="1" hasScaleBasedVisibilityFlag="0">
  <renderer-v2 type="RuleRenderer" symbollevels="0" forceraster="0" enableorderby="0">
    <rules key="{6a4cc1f1-0000-4000-8000-000000000000}">
      <rule key="{6a4cc1f1-0000-4000-8000-000000000001}" symbol="0" label="$excluded_label" filter="&quot;excluded&quot;"/>
      <rule key="{6a4cc1f1-0000-4000-8000-000000000002}" symbol="1" label="0–20" filter="NOT &quot;excluded&quot; AND &quot;score&quot; &lt; 20"/>
      <rule key="{6a4cc1f1-0000-4000-8000-000000000003}" symbol="2" label="20–40" filter="NOT &quot;excluded&quot; AND &quot;score&quot; &gt;= 20 AND &quot;score&quot; &lt; 40"/>
      <rule key="{6a4cc1f1-0000-4000-8000-000000000004}" symbol="3" label="40–60" filter="NOT &quot;excluded&quot; AND &quot;score&quot; &gt;= 40 AND &quot;score&quot; &lt; 60"/>
      <rule key="{6a4cc1f1-0000-4000-8000-000000000005}" symbol="4" label="60–80" filter="NOT &quot;excluded&quot; AND &quot;score&quot; &gt;= 60 AND &quot;score&quot; &lt; 80"/>
      <rule key="{6a4cc1f1-0000-4000-8000-000000000006}" symbol="5" label="80–100" filter="NOT &quot;excluded&quot; AND &quot;score&quot; &gt;= 80"/>
    </rules>
    <symbols>
      <symbol type="fill" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="215,215,215,255"/>
            <Option type="QString" name="style" value="solid"/>
            <Option type="QString" name="outline_color" value="150,150,150,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.1"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
          </Option>
        </layer>
        <layer class="LinePatternFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="angle" value="45"/>
            <Option type="QString" name="distance" value="1.5"/>
            <Option type="QString" name="distance_unit" value="MM"/>
            <Option type="QString" name="color" value="130,130,130,255"/>
          </Option>
          <symbol type="line" name="@0@1" alpha="1" clip_to_extent="1" force_rhr="0">
            <layer class="SimpleLine" enabled="1" locked="0" pass="0">
              <Option type="Map">
                <Option type="QString" name="line_color" value="130,130,130,255"/>
                <Option type="QString" name="line_style" value="solid"/>
                <Option type="QString" name="line_width" value="0.15"/>
                <Option type="QString" name="line_width_unit" value="MM"/>
              </Option>
            </layer>
          </symbol>
        </layer>
      </symbol>
      <symbol type="fill" name="1" alpha="0.85" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="215,25,28,255"/>
            <Option type="QString" name="style" value="solid"/>
            <Option type="QString" name="outline_color" value="90,90,90,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.1"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="2" alpha="0.85" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="253,174,97,255"/>
            <Option type="QString" name="style" value="solid"/>
            <Option type="QString" name="outline_color" value="90,90,90,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.1"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="3" alpha="0.85" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="255,255,191,255"/>
            <Option type="QString" name="style" value="solid"/>
            <Option type="QString" name="outline_color" value="90,90,90,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.1"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="4" alpha="0.85" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="166,217,106,255"/>
            <Option type="QString" name="style" value="solid"/>
            <Option type="QString" name="outline_color" value="90,90,90,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.1"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="5" alpha="0.85" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="26,150,65,255"/>
            <Option type="QString" name="style" value="solid"/>
            <Option type="QString" name="outline_color" value="90,90,90,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.1"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
          </Option>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
  <labeling type="rule-based">
    <rules key="{6a4cc1f1-0000-4000-8000-000000000100}">
      <rule key="{6a4cc1f1-0000-4000-8000-000000000101}" description="$top_rule" filter="&quot;rank&quot; &lt;= $top">
        <settings calloutType="simple">
          <text-style fieldName="$rank_text" isExpression="1" fontFamily="Sans Serif" fontSize="8" fontSizeUnit="Point" fontWeight="50" textColor="40,40,40,255" textOpacity="1" namedStyle="Regular">
            <text-buffer bufferDraw="1" bufferSize="0.8" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="0.8" bufferNoFill="1" bufferJoinStyle="128"/>
          </text-style>
          <placement placement="1" centroidInside="1" centroidWhole="0" fitInPolygonOnly="0" priority="8"/>
          <rendering scaleVisibility="0" obstacle="1" displayAll="1" limitNumLabels="0" drawLabels="1"/>
        </settings>
      </rule>
      <rule key="{6a4cc1f1-0000-4000-8000-000000000102}" description="$zoomed_rule" filter="&quot;rank&quot; &gt; $top" scalemaxdenom="$zoomed_scale">
        <settings calloutType="simple">
          <text-style fieldName="$rank_text" isExpression="1" fontFamily="Sans Serif" fontSize="8" fontSizeUnit="Point" fontWeight="50" textColor="40,40,40,255" textOpacity="1" namedStyle="Regular">
            <text-buffer bufferDraw="1" bufferSize="0.8" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="0.8" bufferNoFill="1" bufferJoinStyle="128"/>
          </text-style>
          <placement placement="1" centroidInside="1" centroidWhole="0" fitInPolygonOnly="0" priority="5"/>
          <rendering scaleVisibility="0" obstacle="1" displayAll="0" limitNumLabels="0" drawLabels="1"/>
        </settings>
      </rule>
    </rules>
  </labeling>
  $aliases
  <layerGeometryType>2</layerGeometryType>
</qgis>
