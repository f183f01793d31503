<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!-- Bouwstroom QGIS: plot layouts of the concept homes: buildings dark, plots light,
     parking and green in green. Names after a dollar sign are filled in by core/export/qml.py. -->
<qgis version="3.22.0" styleCategories="Fields|Symbology" labelsEnabled="0" hasScaleBasedVisibilityFlag="0">
  <renderer-v2 type="categorizedSymbol" attr="element" symbollevels="0" forceraster="0" enableorderby="0">
    <categories>
      <category symbol="0" value="kavel" label="$plot" render="true"/>
      <category symbol="1" value="parkeren en groen" label="$outdoor" render="true"/>
      <category symbol="2" value="gebouw" label="$building" render="true"/>
    </categories>
    <symbols>
      <symbol type="fill" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="250,240,215,255"/>
            <Option type="QString" name="style" value="solid"/>
            <Option type="QString" name="outline_color" value="160,140,110,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.1"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="1" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="200,225,180,255"/>
            <Option type="QString" name="style" value="solid"/>
            <Option type="QString" name="outline_color" value="120,160,100,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.1"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="2" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="90,90,100,255"/>
            <Option type="QString" name="style" value="solid"/>
            <Option type="QString" name="outline_color" value="40,40,45,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.15"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
          </Option>
        </layer>
      </symbol>
    </symbols>
    <rotation/>
    <sizescale/>
  </renderer-v2>
  $aliases
  <layerGeometryType>2</layerGeometryType>
</qgis>
