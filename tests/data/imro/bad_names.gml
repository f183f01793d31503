<?xml version="1.0" encoding="UTF-8"?>
<!-- Hand-made IMRO2012 plan with the faults real plans have: an old name and a typo as
     main group, a name without main group, an unknown group, a self-intersecting
     (bow-tie) object and an object that only has a label point. Coordinates in RD New. -->
<imro:FeatureCollectionIMRO gml:id="c" xmlns:imro="http://www.geonovum.nl/imro/2012/1.1" xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:xlink="http://www.w3.org/1999/xlink">
  <imro:featureMember>
    <imro:Bestemmingsplangebied gml:id="NL.IMRO.9999.BPTEST-VA01">
      <imro:identificatie><imro:NEN3610ID><imro:namespace>NL.IMRO</imro:namespace><imro:lokaalID>9999.BPTEST</imro:lokaalID><imro:versie>VA01</imro:versie></imro:NEN3610ID></imro:identificatie>
      <imro:naam>Testplan</imro:naam>
      <imro:planstatusInfo><imro:PlanstatusEnDatum><imro:planstatus>Onherroepelijk</imro:planstatus><imro:datum>2010-01-01</imro:datum></imro:PlanstatusEnDatum></imro:planstatusInfo>
      <imro:geometrie><gml:Polygon gml:id="g0" srsName="urn:ogc:def:crs:EPSG::28992"><gml:exterior><gml:LinearRing><gml:posList>230000 580000 230100 580000 230100 580100 230000 580100 230000 580000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></imro:geometrie>
    </imro:Bestemmingsplangebied>
  </imro:featureMember>
  <imro:featureMember>
    <imro:Enkelbestemming gml:id="NL.IMRO.9999.EP1">
      <imro:identificatie><imro:NEN3610ID><imro:namespace>NL.IMRO</imro:namespace><imro:lokaalID>9999.EP1</imro:lokaalID></imro:NEN3610ID></imro:identificatie>
      <imro:plangebied xlink:href="#NL.IMRO.9999.BPTEST-VA01"/>
      <imro:naam>Woondoeleinden 3</imro:naam>
      <imro:bestemmingshoofdgroep>Woondoeleinden 3</imro:bestemmingshoofdgroep>
      <imro:geometrie><gml:Polygon gml:id="g1" srsName="urn:ogc:def:crs:EPSG::28992"><gml:exterior><gml:LinearRing><gml:posList>230000 580000 230050 580000 230050 580050 230000 580050 230000 580000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></imro:geometrie>
    </imro:Enkelbestemming>
  </imro:featureMember>
  <imro:featureMember>
    <imro:Enkelbestemming gml:id="NL.IMRO.9999.EP2">
      <imro:identificatie><imro:NEN3610ID><imro:namespace>NL.IMRO</imro:namespace><imro:lokaalID>9999.EP2</imro:lokaalID></imro:NEN3610ID></imro:identificatie>
      <imro:plangebied xlink:href="#NL.IMRO.9999.BPTEST-VA01"/>
      <imro:naam>Kapsalon</imro:naam>
      <imro:bestemmingshoofdgroep>Diensverlening</imro:bestemmingshoofdgroep>
      <imro:geometrie><gml:Polygon gml:id="g2" srsName="urn:ogc:def:crs:EPSG::28992"><gml:exterior><gml:LinearRing><gml:posList>230050 580000 230100 580000 230100 580050 230050 580050 230050 580000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></imro:geometrie>
    </imro:Enkelbestemming>
  </imro:featureMember>
  <imro:featureMember>
    <imro:Enkelbestemming gml:id="NL.IMRO.9999.EP3">
      <imro:identificatie><imro:NEN3610ID><imro:namespace>NL.IMRO</imro:namespace><imro:lokaalID>9999.EP3</imro:lokaalID></imro:NEN3610ID></imro:identificatie>
      <imro:plangebied xlink:href="#NL.IMRO.9999.BPTEST-VA01"/>
      <imro:naam>Groenvoorzieningen</imro:naam>
      <imro:geometrie><gml:Polygon gml:id="g3" srsName="urn:ogc:def:crs:EPSG::28992"><gml:exterior><gml:LinearRing><gml:posList>230000 580050 230050 580050 230050 580100 230000 580100 230000 580050</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></imro:geometrie>
    </imro:Enkelbestemming>
  </imro:featureMember>
  <imro:featureMember>
    <imro:Enkelbestemming gml:id="NL.IMRO.9999.EP4">
      <imro:identificatie><imro:NEN3610ID><imro:namespace>NL.IMRO</imro:namespace><imro:lokaalID>9999.EP4</imro:lokaalID></imro:NEN3610ID></imro:identificatie>
      <imro:plangebied xlink:href="#NL.IMRO.9999.BPTEST-VA01"/>
      <imro:naam>Kermisterrein</imro:naam>
      <imro:bestemmingshoofdgroep>Kermis</imro:bestemmingshoofdgroep>
      <!-- a bow-tie: the ring crosses itself at (230075, 580075) -->
      <imro:geometrie><gml:Polygon gml:id="g4" srsName="urn:ogc:def:crs:EPSG::28992"><gml:exterior><gml:LinearRing><gml:posList>230050 580050 230100 580100 230100 580050 230050 580100 230050 580050</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></imro:geometrie>
    </imro:Enkelbestemming>
  </imro:featureMember>
  <imro:featureMember>
    <imro:Functieaanduiding gml:id="NL.IMRO.9999.FA1">
      <imro:identificatie><imro:NEN3610ID><imro:namespace>NL.IMRO</imro:namespace><imro:lokaalID>9999.FA1</imro:lokaalID></imro:NEN3610ID></imro:identificatie>
      <imro:plangebied xlink:href="#NL.IMRO.9999.BPTEST-VA01"/>
      <imro:naam>Bedrijfswoning</imro:naam>
      <imro:labelInfo><imro:Label><imro:tekst>bw</imro:tekst><imro:positie><imro:Labelpositie><imro:plaatsingspunt><gml:Point gml:id="p5" srsName="urn:ogc:def:crs:EPSG::28992"><gml:pos>230010 580010</gml:pos></gml:Point></imro:plaatsingspunt><imro:hoek>0</imro:hoek></imro:Labelpositie></imro:positie></imro:Label></imro:labelInfo>
    </imro:Functieaanduiding>
  </imro:featureMember>
</imro:FeatureCollectionIMRO>
