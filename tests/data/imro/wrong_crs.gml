<?xml version="1.0" encoding="UTF-8"?>
<!-- Hand-made IMRO2012 plan in degrees (WGS 84): IMRO plans must be in RD New. -->
<imro:FeatureCollectionIMRO gml:id="c" xmlns:imro="http://www.geonovum.nl/imro/2012/1.1" xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:xlink="http://www.w3.org/1999/xlink">
  <imro:featureMember>
    <imro:Enkelbestemming gml:id="NL.IMRO.9999.EP1">
      <imro:naam>Wonen</imro:naam>
      <imro:bestemmingshoofdgroep>wonen</imro:bestemmingshoofdgroep>
      <imro:geometrie><gml:Polygon gml:id="g1" srsName="urn:ogc:def:crs:EPSG::4326"><gml:exterior><gml:LinearRing><gml:posList>53.0 6.0 53.0 6.001 53.001 6.001 53.001 6.0 53.0 6.0</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></imro:geometrie>
    </imro:Enkelbestemming>
  </imro:featureMember>
</imro:FeatureCollectionIMRO>
