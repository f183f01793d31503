<?xml version="1.0" encoding="UTF-8"?>
<!-- Hand-made IMRO2012 file holding only a Maatvoering: no zoning to read. -->
<imro:FeatureCollectionIMRO gml:id="c" xmlns:imro="http://www.geonovum.nl/imro/2012/1.1" xmlns:gml="http://www.opengis.net/gml/3.2">
  <imro:featureMember>
    <imro:Maatvoering gml:id="NL.IMRO.9999.MV1">
      <imro:naam>maximum bouwhoogte</imro:naam>
      <imro:geometrie><gml:Polygon gml:id="g1" srsName="urn:ogc:def:crs:EPSG::28992"><gml:exterior><gml:LinearRing><gml:posList>230000 580000 230010 580000 230010 580010 230000 580000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></imro:geometrie>
    </imro:Maatvoering>
  </imro:featureMember>
</imro:FeatureCollectionIMRO>
