<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL" sourcelanguage="en">
  <context>
    <name>AssembleSitesAlgorithm</name>
    <message>
      <source>Assemble and size sites</source>
      <translation>Locaties vormen en doorrekenen</translation>
    </message>
    <message>
      <source>Plot layouts</source>
      <translation>Verkavelingen</translation>
    </message>
    <message>
      <source>Scores every parcel, assembles the parcels into sites by the scenario's [sites] rules, estimates how many homes of each concept fit on every site and scores the sites, exactly as the command &lt;code&gt;bouwstroom sites&lt;/code&gt; does.

The inputs are those of "Score parcels": the scenario file, and layers that replace the inputs it names. The scenario says how parcels join (same owner, same owner type or any owner; same zoning or not; a tolerance in metres; a maximum site size), which concept catalogue to use and which constraint layers are unbuildable.

&lt;b&gt;Sites&lt;/b&gt;: one feature per site with its parcels, owners, municipality, area, buildable area, homes per concept, the best concept, density, score, rank and an explanation; a site without homes says why.
&lt;b&gt;Plot layouts&lt;/b&gt; (optional): the buildings, plots and parking and green strips of every concept on every site, to see on the map.

The engine runs as its own Python process. The shortlist folder gets shortlist.gpkg (parcels, sites and, when asked, layouts), shortlist.csv, sites.csv and report.txt.</source>
      <translation>Scoort elk perceel, voegt de percelen samen tot locaties volgens de regels in [sites] van het scenario, schat hoeveel woningen van elk concept op elke locatie passen en scoort de locaties, precies zoals het commando &lt;code&gt;bouwstroom sites&lt;/code&gt; dat doet.

De invoer is die van "Percelen scoren": het scenariobestand, en lagen die de invoer vervangen die het noemt. Het scenario zegt hoe percelen samengaan (zelfde eigenaar, zelfde soort eigenaar of elke eigenaar; zelfde bestemming of niet; een tolerantie in meters; een maximale locatiegrootte), welke conceptencatalogus gebruikt wordt en welke beperkingslagen onbebouwbaar zijn.

&lt;b&gt;Locaties&lt;/b&gt;: één object per locatie met zijn percelen, eigenaren, gemeente, oppervlakte, bebouwbare oppervlakte, woningen per concept, het beste concept, dichtheid, score, rang en een toelichting; een locatie zonder woningen zegt waarom.
&lt;b&gt;Verkavelingen&lt;/b&gt; (optioneel): de gebouwen, kavels en stroken voor parkeren en groen van elk concept op elke locatie, om op de kaart te bekijken.

De rekenkern draait als eigen Python-proces. De shortlistmap krijgt shortlist.gpkg (percelen, locaties en, als gevraagd, verkavelingen), shortlist.csv, sites.csv en report.txt.</translation>
    </message>
    <message>
      <source>Sites</source>
      <translation>Locaties</translation>
    </message>
    <message>
      <source>Sites table (CSV)</source>
      <translation>Locatietabel (CSV)</translation>
    </message>
    <message>
      <source>{} sites</source>
      <translation>{} locaties</translation>
    </message>
  </context>
  <context>
    <name>BouwstroomAlgorithm</name>
    <message>
      <source>Cancelled; the engine stopped and wrote no output.</source>
      <translation>Geannuleerd; de rekenkern is gestopt en heeft niets geschreven.</translation>
    </message>
  </context>
  <context>
    <name>BouwstroomDock</name>
    <message>
      <source>Bouwstroom</source>
      <translation>Bouwstroom</translation>
    </message>
    <message>
      <source>Bouwstroom Noord</source>
      <translation>Bouwstroom Noord</translation>
    </message>
    <message>
      <source>Bouwstroom: {}</source>
      <translation>Bouwstroom: {}</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Annuleren</translation>
    </message>
    <message>
      <source>Export cancelled.</source>
      <translation>Export geannuleerd.</translation>
    </message>
    <message>
      <source>Export shortlist</source>
      <translation>Shortlist exporteren</translation>
    </message>
    <message>
      <source>Export shortlist to</source>
      <translation>Shortlist exporteren naar</translation>
    </message>
    <message>
      <source>Export shortlist…</source>
      <translation>Shortlist exporteren…</translation>
    </message>
    <message>
      <source>Holdings</source>
      <translation>Bezit</translation>
    </message>
    <message>
      <source>Layers</source>
      <translation>Lagen</translation>
    </message>
    <message>
      <source>Load a scenario file first (or save this one to a file).</source>
      <translation>Laad eerst een scenariobestand (of sla dit scenario op in een bestand).</translation>
    </message>
    <message>
      <source>Load scenario</source>
      <translation>Scenario laden</translation>
    </message>
    <message>
      <source>Load…</source>
      <translation>Laden…</translation>
    </message>
    <message>
      <source>Municipalities</source>
      <translation>Gemeenten</translation>
    </message>
    <message>
      <source>No scenario loaded</source>
      <translation>Geen scenario geladen</translation>
    </message>
    <message>
      <source>Output folder</source>
      <translation>Uitvoermap</translation>
    </message>
    <message>
      <source>Parcels</source>
      <translation>Percelen</translation>
    </message>
    <message>
      <source>Parcels (live scores)</source>
      <translation>Percelen (actuele scores)</translation>
    </message>
    <message>
      <source>Result: {}</source>
      <translation>Resultaat: {}</translation>
    </message>
    <message>
      <source>Run</source>
      <translation>Uitvoeren</translation>
    </message>
    <message>
      <source>Run cancelled; the engine stopped and wrote no output.</source>
      <translation>Berekening geannuleerd; de rekenkern is gestopt en heeft niets geschreven.</translation>
    </message>
    <message>
      <source>Run finished: {}</source>
      <translation>Berekening klaar: {}</translation>
    </message>
    <message>
      <source>Save as…</source>
      <translation>Opslaan als…</translation>
    </message>
    <message>
      <source>Save scenario</source>
      <translation>Scenario opslaan</translation>
    </message>
    <message>
      <source>Scenario</source>
      <translation>Scenario</translation>
    </message>
    <message>
      <source>Scenario (*.toml)</source>
      <translation>Scenario (*.toml)</translation>
    </message>
    <message>
      <source>Scenario saved to {}</source>
      <translation>Scenario opgeslagen in {}</translation>
    </message>
    <message>
      <source>Scenario: {}</source>
      <translation>Scenario: {}</translation>
    </message>
    <message>
      <source>Score breakdown</source>
      <translation>Opbouw van de score</translation>
    </message>
    <message>
      <source>Select a parcel or a site to see where its score comes from.</source>
      <translation>Selecteer een perceel of locatie om te zien waar de score vandaan komt.</translation>
    </message>
    <message>
      <source>Shortlist exported to {}</source>
      <translation>Shortlist geëxporteerd naar {}</translation>
    </message>
    <message>
      <source>Sites</source>
      <translation>Locaties</translation>
    </message>
    <message>
      <source>The export failed.</source>
      <translation>De export is mislukt.</translation>
    </message>
    <message>
      <source>The result as an Excel workbook, a PDF report with site factsheets, and GeoJSON</source>
      <translation>Het resultaat als Excel-werkmap, een PDF-rapport met een factsheet per locatie, en GeoJSON</translation>
    </message>
    <message>
      <source>The run failed.</source>
      <translation>De berekening is mislukt.</translation>
    </message>
    <message>
      <source>The scenario cannot be saved to {}: {}</source>
      <translation>Het scenario kan niet worden opgeslagen in {}: {}</translation>
    </message>
    <message>
      <source>The scenario {} cannot be read: {}</source>
      <translation>Het scenario {} kan niet worden gelezen: {}</translation>
    </message>
    <message>
      <source>The scenario {} cannot be used: {}</source>
      <translation>Het scenario {} is niet bruikbaar: {}</translation>
    </message>
    <message>
      <source>The score breakdown cannot be shown: {}</source>
      <translation>De opbouw van de score kan niet worden getoond: {}</translation>
    </message>
    <message>
      <source>Weights</source>
      <translation>Gewichten</translation>
    </message>
    <message>
      <source>Weights and scores</source>
      <translation>Gewichten en scores</translation>
    </message>
    <message>
      <source>Zoning plan</source>
      <translation>Bestemmingsplan</translation>
    </message>
    <message>
      <source>as in the scenario</source>
      <translation>zoals in het scenario</translation>
    </message>
    <message>
      <source>{} already holds an export ({}). Replace it?</source>
      <translation>{} bevat al een export ({}). Vervangen?</translation>
    </message>
  </context>
  <context>
    <name>BouwstroomLayers</name>
    <message>
      <source>The {role} layer '{name}' has no coordinate reference system: set it under Layer Properties &gt; Source (Dutch data is usually EPSG:28992, RD New).</source>
      <translation>De laag '{name}' ({role}) heeft geen coördinatenstelsel: stel het in onder Laageigenschappen &gt; Bron (Nederlandse gegevens zijn meestal EPSG:28992, RD New).</translation>
    </message>
    <message>
      <source>The {role} layer '{name}' has no features.</source>
      <translation>De laag '{name}' ({role}) heeft geen objecten.</translation>
    </message>
    <message>
      <source>The {role} layer '{name}' has no field '{field}' ({purpose}); its fields are: {fields}.</source>
      <translation>De laag '{name}' ({role}) heeft geen veld '{field}' ({purpose}); de velden zijn: {fields}.</translation>
    </message>
    <message>
      <source>The {role} layer '{name}' has no selected features.</source>
      <translation>De laag '{name}' ({role}) heeft geen geselecteerde objecten.</translation>
    </message>
    <message>
      <source>The {role} layer '{name}' has {kind} geometry; it must be a polygon layer.</source>
      <translation>De laag '{name}' ({role}) heeft geometrie van het type {kind}; het moet een vlakkenlaag zijn.</translation>
    </message>
    <message>
      <source>The {role} layer could not be opened.</source>
      <translation>De laag voor {role} kon niet worden geopend.</translation>
    </message>
  </context>
  <context>
    <name>BouwstroomPlugin</name>
    <message>
      <source>Bouwstroom</source>
      <translation>Bouwstroom</translation>
    </message>
    <message>
      <source>Bouwstroom planner</source>
      <translation>Bouwstroom-planner</translation>
    </message>
    <message>
      <source>Check the engine</source>
      <translation>Rekenkern controleren</translation>
    </message>
    <message>
      <source>Import IMRO zoning plan…</source>
      <translation>IMRO-bestemmingsplan importeren…</translation>
    </message>
    <message>
      <source>Score parcels…</source>
      <translation>Percelen scoren…</translation>
    </message>
    <message>
      <source>The engine runs with {}</source>
      <translation>De rekenkern draait met {}</translation>
    </message>
  </context>
  <context>
    <name>Breakdown</name>
    <message>
      <source>Best concept</source>
      <translation>Beste concept</translation>
    </message>
    <message>
      <source>Criterion</source>
      <translation>Criterium</translation>
    </message>
    <message>
      <source>Excluded</source>
      <translation>Uitgesloten</translation>
    </message>
    <message>
      <source>Homes</source>
      <translation>Woningen</translation>
    </message>
    <message>
      <source>Owners</source>
      <translation>Eigenaren</translation>
    </message>
    <message>
      <source>Parcel {}</source>
      <translation>Perceel {}</translation>
    </message>
    <message>
      <source>Points</source>
      <translation>Punten</translation>
    </message>
    <message>
      <source>Site {}</source>
      <translation>Locatie {}</translation>
    </message>
    <message>
      <source>Value</source>
      <translation>Waarde</translation>
    </message>
    <message>
      <source>excluded</source>
      <translation>uitgesloten</translation>
    </message>
    <message>
      <source>no rank</source>
      <translation>geen rang</translation>
    </message>
    <message>
      <source>rank {}</source>
      <translation>rang {}</translation>
    </message>
  </context>
  <context>
    <name>BundleSitesAlgorithm</name>
    <message>
      <source>Bundle sites for the build stream</source>
      <translation>Locaties bundelen voor de bouwstroom</translation>
    </message>
    <message>
      <source>Bundles</source>
      <translation>Bundels</translation>
    </message>
    <message>
      <source>Bundles GeoPackage</source>
      <translation>Bundel-GeoPackage</translation>
    </message>
    <message>
      <source>Bundles table (CSV)</source>
      <translation>Bundeltabel (CSV)</translation>
    </message>
    <message>
      <source>GeoPackage (*.gpkg)</source>
      <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
      <source>Groups scored sites into bundles a builder can take on as one job and plans the bundles quarter by quarter on the concept lines of the build stream, exactly as the command &lt;code&gt;bouwstroom bundle&lt;/code&gt; does.

&lt;b&gt;Sites&lt;/b&gt;: a polygon layer of scored sites, e.g. the sites of "Assemble and size sites". It needs the fields score, homes and best_concept (and homes_&amp;lt;concept&amp;gt; when the scenario bundles with any concept that fits); municipality, owners, owner_type, plan_status, residential_share and excluded are used where present. "Selected features only" is honoured.
&lt;b&gt;Site id field&lt;/b&gt;: names the sites; without it site_id is used, else the feature ids.
&lt;b&gt;Scenario&lt;/b&gt;: its [bundles] and [stream] rules; the shipped Bouwstroom Noord scenario when empty.
&lt;b&gt;Solver&lt;/b&gt;: cp-sat (OR-Tools, optimal or with a known gap), heuristic (built in, fast) or auto (cp-sat when installed); empty: the scenario's choice.
&lt;b&gt;Time limit&lt;/b&gt;: seconds for the solver; empty: the scenario's time_limit.

Rules: every bundle has one concept (or concept family), between min_homes and max_homes homes, sites at most max_spread_km apart whose earliest starts lie within readiness_window quarters; optionally no municipality or owner above a share of its homes. Sites pinned to the same name share a bundle. A site's earliest start is the delay of its plan status plus, for owners other than corporations and municipalities, the time to acquire the land. The solver picks the bundles with the most score-weighted homes; each concept line then starts its bundles in the order they are ready, at the scenario's rate of homes per quarter.

Left out: every site outside a bundle says why in bundle_reason, e.g. "too few homes (0)", "more than max_homes for one bundle" (too big alone), "no compatible sites within ... km" or "fewer than min_homes" (too isolated), "no site ready within ... quarters" (readiness), "excluded by the user", "too far from bundle ...", "would exceed max homes", "too large a share of one municipality/owner", or "not chosen" (its bundles were worth less than the ones chosen). The log lists the most common reasons.

Outputs: the bundles (homes, sites, municipalities, owners, start and end quarter), the sites with their bundle, ready quarter and reason, the plan (homes started per quarter, concept and bundle) and the stream chart (SVG). The engine runs as its own Python process and writes the bundles GeoPackage with CSV tables beside it.</source>
      <translation>Groepeert gescoorde locaties tot bundels die een bouwer als één opdracht kan oppakken en plant de bundels kwartaal voor kwartaal op de conceptlijnen van de bouwstroom, precies zoals het commando &lt;code&gt;bouwstroom bundle&lt;/code&gt; dat doet.

&lt;b&gt;Locaties&lt;/b&gt;: een polygonenlaag met gescoorde locaties, bijvoorbeeld de locaties van "Locaties vormen en doorrekenen". De laag heeft de velden score, homes en best_concept nodig (en homes_&amp;lt;concept&amp;gt; als het scenario bundelt met elk concept dat past); municipality, owners, owner_type, plan_status, residential_share en excluded worden gebruikt waar ze er zijn. "Alleen geselecteerde objecten" wordt gevolgd.
&lt;b&gt;Veld met locatie-id&lt;/b&gt;: geeft de locaties hun naam; zonder dit veld wordt site_id gebruikt, anders de object-id's.
&lt;b&gt;Scenario&lt;/b&gt;: de regels uit [bundles] en [stream]; leeg: het meegeleverde scenario Bouwstroom Noord.
&lt;b&gt;Solver&lt;/b&gt;: cp-sat (OR-Tools, optimaal of met een bekende marge), heuristic (ingebouwd, snel) of auto (cp-sat als die geïnstalleerd is); leeg: de keuze van het scenario.
&lt;b&gt;Tijdslimiet&lt;/b&gt;: seconden voor de solver; leeg: time_limit uit het scenario.

Regels: elke bundel heeft één concept (of conceptfamilie), tussen min_homes en max_homes woningen, locaties hooguit max_spread_km uit elkaar waarvan de vroegste starts binnen readiness_window kwartalen liggen; optioneel geen gemeente of eigenaar boven een aandeel van de woningen. Locaties die aan dezelfde naam zijn vastgepind, komen in één bundel. De vroegste start van een locatie is de vertraging van haar planstatus plus, voor andere eigenaren dan corporaties en gemeenten, de tijd om de grond te verwerven. De solver kiest de bundels met de meeste woningen gewogen naar score; elke conceptlijn start haar bundels daarna in de volgorde waarin ze gereed zijn, in het tempo (woningen per kwartaal) van het scenario.

Niet gebundeld: elke locatie buiten een bundel zegt in bundle_reason waarom, bijvoorbeeld "te weinig woningen (0)", "meer dan max_homes voor één bundel" (alleen al te groot), "geen passende locaties binnen ... km" of "minder dan min_homes" (te geïsoleerd), "geen locatie gereed binnen ... kwartalen" (gereedheid), "uitgesloten door de gebruiker", "te ver van bundel ...", "zou meer dan max_homes woningen krijgen", "te groot aandeel van één gemeente/eigenaar" of "niet gekozen" (de bundels met deze locatie waren minder waard dan de gekozen). Het logboek noemt de meest voorkomende redenen.

Uitvoer: de bundels (woningen, locaties, gemeenten, eigenaren, eerste en laatste startkwartaal), de locaties met hun bundel, kwartaal van gereedheid en reden, de planning (gestarte woningen per kwartaal, concept en bundel) en de bouwstroomgrafiek (SVG). De rekenkern draait als eigen Python-proces en schrijft de bundel-GeoPackage met CSV-tabellen ernaast.</translation>
    </message>
    <message>
      <source>No stream plan: no plan table and no chart.</source>
      <translation>Geen bouwstroomplanning: geen planningstabel en geen grafiek.</translation>
    </message>
    <message>
      <source>Plan table (CSV)</source>
      <translation>Planningstabel (CSV)</translation>
    </message>
    <message>
      <source>Scenario (the shipped one when empty)</source>
      <translation>Scenario (leeg: het meegeleverde)</translation>
    </message>
    <message>
      <source>Site id field</source>
      <translation>Veld met locatie-id</translation>
    </message>
    <message>
      <source>Sites</source>
      <translation>Locaties</translation>
    </message>
    <message>
      <source>Sites with their bundle</source>
      <translation>Locaties met hun bundel</translation>
    </message>
    <message>
      <source>Solver (the scenario's when empty)</source>
      <translation>Solver (leeg: die van het scenario)</translation>
    </message>
    <message>
      <source>Solver time limit in seconds (the scenario's when empty)</source>
      <translation>Tijdslimiet van de solver in seconden (leeg: die van het scenario)</translation>
    </message>
    <message>
      <source>Stream chart (SVG)</source>
      <translation>Bouwstroomgrafiek (SVG)</translation>
    </message>
    <message>
      <source>Stream plan</source>
      <translation>Bouwstroomplanning</translation>
    </message>
    <message>
      <source>best concept</source>
      <translation>beste concept</translation>
    </message>
    <message>
      <source>homes of the best concept</source>
      <translation>woningen van het beste concept</translation>
    </message>
    <message>
      <source>site id field</source>
      <translation>veld met locatie-id</translation>
    </message>
    <message>
      <source>site score</source>
      <translation>score van de locatie</translation>
    </message>
    <message>
      <source>sites</source>
      <translation>locaties</translation>
    </message>
    <message>
      <source>{} bundles</source>
      <translation>{} bundels</translation>
    </message>
  </context>
  <context>
    <name>EngineTask</name>
    <message>
      <source>Bouwstroom: scoring parcels</source>
      <translation>Bouwstroom: percelen scoren</translation>
    </message>
  </context>
  <context>
    <name>EstimateCapacityAlgorithm</name>
    <message>
      <source>Capacity</source>
      <translation>Capaciteit</translation>
    </message>
    <message>
      <source>Capacity GeoPackage</source>
      <translation>Capaciteit-GeoPackage</translation>
    </message>
    <message>
      <source>Capacity of {} sites</source>
      <translation>Capaciteit van {} locaties</translation>
    </message>
    <message>
      <source>Capacity table (CSV)</source>
      <translation>Capaciteitstabel (CSV)</translation>
    </message>
    <message>
      <source>Concept catalogue (the shipped one when empty)</source>
      <translation>Conceptencatalogus (leeg: de meegeleverde)</translation>
    </message>
    <message>
      <source>Estimate housing capacity</source>
      <translation>Woningcapaciteit schatten</translation>
    </message>
    <message>
      <source>Estimates how many homes of each concept home fit on every site, exactly as the command &lt;code&gt;bouwstroom capacity&lt;/code&gt; does: rows of plots with their parking and green are laid out on the buildable area (the site minus a setback, unbuildable land and zoning that does not allow the concept; inside Bouwvlakken where the plan has them).

&lt;b&gt;Sites&lt;/b&gt;: any polygon layer: the sites of "Assemble and size sites", a sketch of your own, plots from a land register. "Selected features only" is honoured.
&lt;b&gt;Site id field&lt;/b&gt;: names the sites in the results; without it the field site_id is used when the layer has one, else the feature ids.
&lt;b&gt;Concept catalogue&lt;/b&gt;: a concept file (TOML); the shipped catalogue when empty.
&lt;b&gt;Zoning&lt;/b&gt;: GeoPackages made by "Import IMRO zoning plan" and/or IMRO GML files. Without zoning, zoning limits nothing.
&lt;b&gt;Unbuildable land&lt;/b&gt;: polygon layers no home, garden, parking or green may touch (Natura 2000, pipeline strips).

Outputs: per site its fields, area, homes per concept, the best concept, buildings, footprint, floor area, coverage, density and, where nothing fits, why; optionally the plot layouts. The engine runs as its own Python process and also writes the capacity GeoPackage and a CSV of the table beside it.</source>
      <translation>Schat hoeveel woningen van elk woningconcept op elke locatie passen, precies zoals het commando &lt;code&gt;bouwstroom capacity&lt;/code&gt; dat doet: rijen kavels met hun parkeren en groen worden uitgezet op de bebouwbare oppervlakte (de locatie min een afstand tot de rand, onbebouwbare grond en bestemmingen die het concept niet toestaan; binnen bouwvlakken waar het plan die heeft).

&lt;b&gt;Locaties&lt;/b&gt;: elke vlakkenlaag: de locaties van "Locaties vormen en doorrekenen", een eigen schets, kavels uit een grondregistratie. "Alleen geselecteerde objecten" wordt gevolgd.
&lt;b&gt;Veld met locatie-id&lt;/b&gt;: benoemt de locaties in de resultaten; zonder dit veld wordt site_id gebruikt als de laag dat heeft, anders de object-id's.
&lt;b&gt;Conceptencatalogus&lt;/b&gt;: een conceptbestand (TOML); leeg: de meegeleverde catalogus.
&lt;b&gt;Bestemmingen&lt;/b&gt;: GeoPackages gemaakt met "IMRO-bestemmingsplan importeren" en/of IMRO-GML-bestanden. Zonder bestemmingen beperkt de bestemming niets.
&lt;b&gt;Onbebouwbare grond&lt;/b&gt;: vlakkenlagen die geen woning, tuin, parkeerplaats of groen mag raken (Natura 2000, leidingstroken).

Uitvoer: per locatie zijn velden, oppervlakte, woningen per concept, het beste concept, gebouwen, footprint, vloeroppervlakte, bebouwingsgraad, dichtheid en, waar niets past, waarom; optioneel de verkavelingen. De rekenkern draait als eigen Python-proces en schrijft ook de capaciteit-GeoPackage en een CSV van de tabel ernaast.</translation>
    </message>
    <message>
      <source>GeoPackage (*.gpkg)</source>
      <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
      <source>Plot layouts</source>
      <translation>Verkavelingen</translation>
    </message>
    <message>
      <source>Site id field</source>
      <translation>Veld met locatie-id</translation>
    </message>
    <message>
      <source>Sites</source>
      <translation>Locaties</translation>
    </message>
    <message>
      <source>Unbuildable land</source>
      <translation>Onbebouwbare grond</translation>
    </message>
    <message>
      <source>Zoning layers (from Import IMRO zoning plan)</source>
      <translation>Bestemmingslagen (uit IMRO-bestemmingsplan importeren)</translation>
    </message>
    <message>
      <source>Zoning plans (IMRO GML or GeoPackage files)</source>
      <translation>Bestemmingsplannen (IMRO-GML- of GeoPackage-bestanden)</translation>
    </message>
  </context>
  <context>
    <name>ExportShortlistAlgorithm</name>
    <message>
      <source>Dutch</source>
      <translation>Nederlands</translation>
    </message>
    <message>
      <source>English</source>
      <translation>Engels</translation>
    </message>
    <message>
      <source>Export folder (the result folder when empty)</source>
      <translation>Exportmap (de resultaatmap als deze leeg is)</translation>
    </message>
    <message>
      <source>Export shortlist</source>
      <translation>Shortlist exporteren</translation>
    </message>
    <message>
      <source>Exports a result as the files people outside GIS use, exactly as the command &lt;code&gt;bouwstroom export&lt;/code&gt; does: the GeoPackage completed with QGIS styles and the provenance of the result, the Excel workbook shortlist.xlsx, the report with a factsheet per site as shortlist.pdf and shortlist.html, and GeoJSON and CSV tables.

&lt;b&gt;Result folder&lt;/b&gt;: the folder "Assemble and size sites", the dock or &lt;code&gt;bouwstroom run&lt;/code&gt; wrote (it holds shortlist.gpkg).
&lt;b&gt;Scenario&lt;/b&gt; (optional): only for results that do not know their own scenario.
&lt;b&gt;Language&lt;/b&gt;: of the headers, the report and the legends.
&lt;b&gt;Export folder&lt;/b&gt; (optional): the result folder itself when left empty.
&lt;b&gt;Replace existing export files&lt;/b&gt;: without it, an export that would replace a file stops before writing anything.

The engine runs as its own Python process. The PDF needs matplotlib in the engine's Python; without it the HTML report is written alone and the log says so.</source>
      <translation>Exporteert een resultaat als de bestanden die mensen buiten GIS gebruiken, precies zoals de opdracht &lt;code&gt;bouwstroom export&lt;/code&gt; dat doet: de GeoPackage aangevuld met QGIS-opmaak en de herkomst van het resultaat, de Excel-werkmap shortlist.xlsx, het rapport met een factsheet per locatie als shortlist.pdf en shortlist.html, en GeoJSON- en CSV-tabellen.

&lt;b&gt;Resultaatmap&lt;/b&gt;: de map die "Locaties vormen en doorrekenen", het paneel of &lt;code&gt;bouwstroom run&lt;/code&gt; schreef (met shortlist.gpkg).
&lt;b&gt;Scenario&lt;/b&gt; (optioneel): alleen voor resultaten die hun eigen scenario niet kennen.
&lt;b&gt;Taal&lt;/b&gt;: van de kopjes, het rapport en de legenda's.
&lt;b&gt;Exportmap&lt;/b&gt; (optioneel): de resultaatmap zelf als deze leeg blijft.
&lt;b&gt;Bestaande exportbestanden vervangen&lt;/b&gt;: zonder dit stopt een export die een bestand zou vervangen voordat er iets geschreven is.

De rekenkern draait als een eigen Python-proces. Voor de PDF is matplotlib nodig in de Python van de rekenkern; zonder wordt alleen het HTML-rapport geschreven en meldt het logboek dat.</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>Taal</translation>
    </message>
    <message>
      <source>Replace existing export files</source>
      <translation>Bestaande exportbestanden vervangen</translation>
    </message>
    <message>
      <source>Report (HTML)</source>
      <translation>Rapport (HTML)</translation>
    </message>
    <message>
      <source>Report (PDF)</source>
      <translation>Rapport (PDF)</translation>
    </message>
    <message>
      <source>Result folder</source>
      <translation>Resultaatmap</translation>
    </message>
    <message>
      <source>Scenario (when the result does not know it)</source>
      <translation>Scenario (als het resultaat het niet kent)</translation>
    </message>
    <message>
      <source>Styled GeoPackage</source>
      <translation>GeoPackage met opmaak</translation>
    </message>
    <message>
      <source>Workbook (Excel)</source>
      <translation>Werkmap (Excel)</translation>
    </message>
    <message>
      <source>{} files written to {}</source>
      <translation>{} bestanden geschreven naar {}</translation>
    </message>
    <message>
      <source>{}: no {} in this folder; choose the folder a Bouwstroom run wrote.</source>
      <translation>{}: geen {} in deze map; kies de map die een Bouwstroom-berekening schreef.</translation>
    </message>
  </context>
  <context>
    <name>ImportImroAlgorithm</name>
    <message>
      <source>Converts an IMRO bestemmingsplan (IMRO2006, 2008 or 2012 GML from ruimtelijkeplannen.nl) to a GeoPackage with one layer per object type (Enkelbestemming, Dubbelbestemming, Bouwvlak, aanduidingen, ...), with the main group (hoofdgroep), name, plan id and plan status of every object. Arcs and circles are made straight within a stated tolerance; names that cannot be mapped to a main group are listed in the log.

Reading the GML is the slow part of zoning: converted once, the plan opens in QGIS as ordinary layers and "Score parcels" reads it quickly. Same as the command &lt;code&gt;bouwstroom import-imro&lt;/code&gt;.</source>
      <translation>Zet een IMRO-bestemmingsplan (IMRO2006, 2008 of 2012 GML van ruimtelijkeplannen.nl) om naar een GeoPackage met één laag per objecttype (Enkelbestemming, Dubbelbestemming, Bouwvlak, aanduidingen, ...), met de hoofdgroep, naam, plan-id en planstatus van elk object. Bogen en cirkels worden recht gemaakt binnen een opgegeven tolerantie; namen die niet bij een hoofdgroep passen staan in het logboek.

Het lezen van de GML is het trage deel van de bestemmingen: eenmaal omgezet opent het plan in QGIS als gewone lagen en leest "Percelen scoren" het snel. Hetzelfde als het commando &lt;code&gt;bouwstroom import-imro&lt;/code&gt;.</translation>
    </message>
    <message>
      <source>GeoPackage (*.gpkg)</source>
      <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
      <source>IMRO GML (*.gml *.xml *.GML *.XML)</source>
      <translation>IMRO-GML (*.gml *.xml *.GML *.XML)</translation>
    </message>
    <message>
      <source>IMRO plan (GML)</source>
      <translation>IMRO-plan (GML)</translation>
    </message>
    <message>
      <source>Import IMRO zoning plan</source>
      <translation>IMRO-bestemmingsplan importeren</translation>
    </message>
    <message>
      <source>Zoning GeoPackage</source>
      <translation>GeoPackage met bestemmingen</translation>
    </message>
    <message>
      <source>Zoning layers</source>
      <translation>Bestemmingslagen</translation>
    </message>
    <message>
      <source>{} zoning layers written</source>
      <translation>{} bestemmingslagen geschreven</translation>
    </message>
  </context>
  <context>
    <name>InputsPanel</name>
    <message>
      <source>Holdings</source>
      <translation>Bezit</translation>
    </message>
    <message>
      <source>IMRO main group from field '{}'.</source>
      <translation>IMRO-hoofdgroep uit veld '{}'.</translation>
    </message>
    <message>
      <source>Municipalities</source>
      <translation>Gemeenten</translation>
    </message>
    <message>
      <source>Name field</source>
      <translation>Naamveld</translation>
    </message>
    <message>
      <source>No BRK fields (AKRKadastraleGemeenteCodeWaarde, sectie, perceelnummer): choose the id field.</source>
      <translation>Geen BRK-velden (AKRKadastraleGemeenteCodeWaarde, sectie, perceelnummer): kies het id-veld.</translation>
    </message>
    <message>
      <source>No IMRO main group field (bestemmingshoofdgroep or hoofdgroep).</source>
      <translation>Geen veld met de IMRO-hoofdgroep (bestemmingshoofdgroep of hoofdgroep).</translation>
    </message>
    <message>
      <source>Owner field</source>
      <translation>Veld eigenaar</translation>
    </message>
    <message>
      <source>Owner type field</source>
      <translation>Veld soort eigenaar</translation>
    </message>
    <message>
      <source>Parcel id field</source>
      <translation>Veld perceel-id</translation>
    </message>
    <message>
      <source>Parcel id: kadastrale aanduiding from {}.</source>
      <translation>Perceel-id: kadastrale aanduiding uit {}.</translation>
    </message>
    <message>
      <source>Parcels</source>
      <translation>Percelen</translation>
    </message>
    <message>
      <source>The holdings layer '{}' needs an owner field and an owner type field.</source>
      <translation>De bezitslaag '{}' heeft een veld voor de eigenaar en een veld voor de soort eigenaar nodig.</translation>
    </message>
    <message>
      <source>The parcels layer '{}' has no BRK fields (AKRKadastraleGemeenteCodeWaarde, sectie, perceelnummer) and no id field is chosen; its fields are: {}.</source>
      <translation>De perceellaag '{}' heeft geen BRK-velden (AKRKadastraleGemeenteCodeWaarde, sectie, perceelnummer) en er is geen id-veld gekozen; de velden zijn: {}.</translation>
    </message>
    <message>
      <source>The scenario's parcels are used.</source>
      <translation>De percelen uit het scenario worden gebruikt.</translation>
    </message>
    <message>
      <source>The scenario's zoning plans are used.</source>
      <translation>De bestemmingsplannen uit het scenario worden gebruikt.</translation>
    </message>
    <message>
      <source>The zoning layer '{}' is neither an IMRO plan (GML with bestemmingshoofdgroep) nor a layer made by 'Import IMRO zoning plan'; convert the plan with that algorithm first.</source>
      <translation>De bestemmingslaag '{}' is geen IMRO-plan (GML met bestemmingshoofdgroep) en geen laag gemaakt met 'IMRO-bestemmingsplan importeren'; zet het plan eerst om met dat algoritme.</translation>
    </message>
    <message>
      <source>Zoning plan</source>
      <translation>Bestemmingsplan</translation>
    </message>
    <message>
      <source>holdings</source>
      <translation>bezit</translation>
    </message>
    <message>
      <source>id field</source>
      <translation>id-veld</translation>
    </message>
    <message>
      <source>municipalities</source>
      <translation>gemeenten</translation>
    </message>
    <message>
      <source>name field</source>
      <translation>naamveld</translation>
    </message>
    <message>
      <source>owner field</source>
      <translation>veld eigenaar</translation>
    </message>
    <message>
      <source>owner type field</source>
      <translation>veld soort eigenaar</translation>
    </message>
    <message>
      <source>parcels</source>
      <translation>percelen</translation>
    </message>
    <message>
      <source>zoning</source>
      <translation>bestemmingen</translation>
    </message>
  </context>
  <context>
    <name>ResultStyling</name>
    <message>
      <source>(selected: {})</source>
      <translation>(geselecteerd: {})</translation>
    </message>
    <message>
      <source>Concept catalogue: {}</source>
      <translation>Conceptencatalogus: {}</translation>
    </message>
    <message>
      <source>Processing algorithm: {}</source>
      <translation>Processing-algoritme: {}</translation>
    </message>
    <message>
      <source>Result: {}</source>
      <translation>Resultaat: {}</translation>
    </message>
    <message>
      <source>Scenario: {}</source>
      <translation>Scenario: {}</translation>
    </message>
    <message>
      <source>The layer metadata lacks the text of {}: {}</source>
      <translation>In de metadata van de laag ontbreekt de tekst van {}: {}</translation>
    </message>
    <message>
      <source>as in the scenario</source>
      <translation>zoals in het scenario</translation>
    </message>
    <message>
      <source>{} (temporary layer)</source>
      <translation>{} (tijdelijke laag)</translation>
    </message>
  </context>
  <context>
    <name>ScoreParcelsAlgorithm</name>
    <message>
      <source>Amenity layers</source>
      <translation>Voorzieningenlagen</translation>
    </message>
    <message>
      <source>Amenity names in the scenario, comma separated</source>
      <translation>Namen van de voorzieningen in het scenario, gescheiden door komma’s</translation>
    </message>
    <message>
      <source>Constraint layers</source>
      <translation>Beperkingslagen</translation>
    </message>
    <message>
      <source>Constraint names in the scenario, comma separated</source>
      <translation>Namen van de beperkingen in het scenario, gescheiden door komma’s</translation>
    </message>
    <message>
      <source>Holdings layers</source>
      <translation>Bezitslagen</translation>
    </message>
    <message>
      <source>Municipal boundaries</source>
      <translation>Gemeentegrenzen</translation>
    </message>
    <message>
      <source>Municipality name field</source>
      <translation>Veld gemeentenaam</translation>
    </message>
    <message>
      <source>Owner field in the holdings layers</source>
      <translation>Veld eigenaar in de bezitslagen</translation>
    </message>
    <message>
      <source>Owner type field in the holdings layers</source>
      <translation>Veld soort eigenaar in de bezitslagen</translation>
    </message>
    <message>
      <source>Parcel id field (when the layer has no BRK fields)</source>
      <translation>Veld perceel-id (als de laag geen BRK-velden heeft)</translation>
    </message>
    <message>
      <source>Parcels</source>
      <translation>Percelen</translation>
    </message>
    <message>
      <source>Report</source>
      <translation>Rapport</translation>
    </message>
    <message>
      <source>Scenario</source>
      <translation>Scenario</translation>
    </message>
    <message>
      <source>Score parcels</source>
      <translation>Percelen scoren</translation>
    </message>
    <message>
      <source>Scored parcels</source>
      <translation>Gescoorde percelen</translation>
    </message>
    <message>
      <source>Scores every parcel with the scenario's transparent rules and explains each score, exactly as the command &lt;code&gt;bouwstroom score&lt;/code&gt; does.

&lt;b&gt;Scenario&lt;/b&gt;: the scenario file (TOML) with criteria, weights and exclusions. Inputs it names are used unless a layer is given here.
&lt;b&gt;Parcels&lt;/b&gt;: a polygon layer; the id is the kadastrale aanduiding when the layer has the BRK fields, else the chosen id field. "Selected features only" is honoured.
&lt;b&gt;Zoning&lt;/b&gt;: GeoPackages made by "Import IMRO zoning plan", and/or IMRO GML files.
&lt;b&gt;Holdings&lt;/b&gt;: polygon or point layers of corporation and municipal property, each with the owner and owner type fields named here.
&lt;b&gt;Constraints and amenities&lt;/b&gt;: layers named as in the scenario (e.g. natura2000, station): give the names in layer order, or name the layers so.
&lt;b&gt;Municipal boundaries&lt;/b&gt;: polygons with the municipality's name.

The engine runs as its own Python process. Outputs: the scored parcels as a layer, and the shortlist folder with shortlist.gpkg, shortlist.csv and report.txt.</source>
      <translation>Scoort elk perceel met de transparante regels van het scenario en licht elke score toe, precies zoals het commando &lt;code&gt;bouwstroom score&lt;/code&gt; dat doet.

&lt;b&gt;Scenario&lt;/b&gt;: het scenariobestand (TOML) met criteria, gewichten en uitsluitingen. De invoer die het noemt wordt gebruikt, tenzij hier een laag is gekozen.
&lt;b&gt;Percelen&lt;/b&gt;: een vlakkenlaag; het id is de kadastrale aanduiding als de laag de BRK-velden heeft, anders het gekozen id-veld. "Alleen geselecteerde objecten" wordt gevolgd.
&lt;b&gt;Bestemmingen&lt;/b&gt;: GeoPackages gemaakt met "IMRO-bestemmingsplan importeren" en/of IMRO-GML-bestanden.
&lt;b&gt;Bezit&lt;/b&gt;: vlakken- of puntlagen met bezit van corporaties en gemeenten, elk met de velden voor eigenaar en soort eigenaar die hier zijn opgegeven.
&lt;b&gt;Beperkingen en voorzieningen&lt;/b&gt;: lagen met de namen uit het scenario (bijv. natura2000, station): geef de namen in de volgorde van de lagen, of geef de lagen die namen.
&lt;b&gt;Gemeentegrenzen&lt;/b&gt;: vlakken met de naam van de gemeente.

De rekenkern draait als een eigen Python-proces. Uitvoer: de gescoorde percelen als laag, en de map met shortlist.gpkg, shortlist.csv en report.txt.</translation>
    </message>
    <message>
      <source>Shortlist GeoPackage</source>
      <translation>Shortlist-GeoPackage</translation>
    </message>
    <message>
      <source>Shortlist folder</source>
      <translation>Shortlistmap</translation>
    </message>
    <message>
      <source>Shortlist table (CSV)</source>
      <translation>Shortlisttabel (CSV)</translation>
    </message>
    <message>
      <source>The scored parcels could not be written.</source>
      <translation>De gescoorde percelen konden niet worden geschreven.</translation>
    </message>
    <message>
      <source>Zoning layers (from Import IMRO zoning plan)</source>
      <translation>Bestemmingslagen (uit IMRO-bestemmingsplan importeren)</translation>
    </message>
    <message>
      <source>Zoning plans (IMRO GML or Import IMRO GeoPackage files)</source>
      <translation>Bestemmingsplannen (IMRO-GML of GeoPackages uit IMRO-bestemmingsplan importeren)</translation>
    </message>
    <message>
      <source>{} scored parcels</source>
      <translation>{} gescoorde percelen</translation>
    </message>
  </context>
  <context>
    <name>WeightsPanel</name>
    <message>
      <source>Metric: {}</source>
      <translation>Maat: {}</translation>
    </message>
  </context>
</TS>
