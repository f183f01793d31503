"""Layer pickers for the run, with the fields found in each layer filled in.

Parcels: the kadastrale aanduiding is used when the layer has the BRK fields
(AKRKadastraleGemeenteCodeWaarde, sectie, perceelnummer); otherwise an id field must
be chosen. Zoning: an IMRO plan (GML) or an Import IMRO GeoPackage, recognised by its
main group field (bestemmingshoofdgroep or hoofdgroep). Holdings: owner and owner type
fields. Boundaries: the municipality name field. An empty choice uses the scenario's
own input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from qgis.core import Qgis, QgsMapLayerProxyModel, QgsProviderRegistry, QgsVectorLayer
from qgis.gui import QgsFieldComboBox, QgsMapLayerComboBox
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import QFormLayout, QLabel, QWidget

from bouwstroom_qgis import layers
from bouwstroom_qgis.gui import fields as detect
from bouwstroom_qgis.layers import LayerProblem

VECTOR = (
    Qgis.LayerFilter.VectorLayer
    if hasattr(Qgis, "LayerFilter")
    else QgsMapLayerProxyModel.Filter.VectorLayer
)
IMRO_SUFFIXES = (".gml", ".xml")
IMRO_TYPES = (
    "Enkelbestemming",
    "Dubbelbestemming",
    "Bouwvlak",
    "Bouwaanduiding",
    "Functieaanduiding",
    "Gebiedsaanduiding",
    "Bestemmingsplangebied",
)


def tr(text: str) -> str:
    return QCoreApplication.translate("InputsPanel", text)


@dataclass
class Inputs:
    """The layers chosen for a run (None: the scenario's own) and their fields."""

    parcels: QgsVectorLayer | None = None
    id_field: str = ""
    zoning: QgsVectorLayer | None = None
    holdings: QgsVectorLayer | None = None
    owner_field: str = ""
    owner_type_field: str = ""
    boundaries: QgsVectorLayer | None = None
    name_field: str = ""
    problems: list[str] = field(default_factory=list)


class InputsPanel(QWidget):
    """Four layer pickers with their field pickers, filled in when a layer is chosen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        self.parcels = self._layer_combo()
        self.id_field = QgsFieldComboBox()
        self.parcels_note = QLabel()
        self.parcels_note.setWordWrap(True)
        self.zoning = self._layer_combo()
        self.zoning_note = QLabel()
        self.zoning_note.setWordWrap(True)
        self.holdings = self._layer_combo()
        self.owner = QgsFieldComboBox()
        self.owner_type = QgsFieldComboBox()
        self.boundaries = self._layer_combo()
        self.name = QgsFieldComboBox()
        for combo in (self.id_field, self.owner, self.owner_type, self.name):
            combo.setAllowEmptyFieldName(True)
        form.addRow(tr("Parcels"), self.parcels)
        form.addRow(tr("Parcel id field"), self.id_field)
        form.addRow("", self.parcels_note)
        form.addRow(tr("Zoning plan"), self.zoning)
        form.addRow("", self.zoning_note)
        form.addRow(tr("Holdings"), self.holdings)
        form.addRow(tr("Owner field"), self.owner)
        form.addRow(tr("Owner type field"), self.owner_type)
        form.addRow(tr("Municipalities"), self.boundaries)
        form.addRow(tr("Name field"), self.name)
        self.parcels.layerChanged.connect(self._parcels_changed)
        self.zoning.layerChanged.connect(self._zoning_changed)
        self.holdings.layerChanged.connect(self._holdings_changed)
        self.boundaries.layerChanged.connect(self._boundaries_changed)
        for combo in (self.parcels, self.zoning, self.holdings, self.boundaries):
            combo.setLayer(None)  # empty: the scenario's own input, until a layer is chosen
        self._parcels_changed(None)
        self._zoning_changed(None)

    def _layer_combo(self) -> QgsMapLayerComboBox:
        # Any vector layer can be chosen, so that a wrong one gets a clear message.
        combo = QgsMapLayerComboBox()
        combo.setFilters(VECTOR)
        combo.setAllowEmptyLayer(True)
        return combo

    def _parcels_changed(self, layer) -> None:
        self.id_field.setLayer(layer)
        names = layer.fields().names() if layer is not None else []
        brk = detect.brk_fields(names)
        if layer is None:
            self.parcels_note.setText(tr("The scenario's parcels are used."))
        elif len(brk) == len(detect.BRK_FIELDS):
            self.id_field.setField("")
            self.parcels_note.setText(
                tr("Parcel id: kadastrale aanduiding from {}.").format(", ".join(brk.values()))
            )
        else:
            self.id_field.setField(detect.id_field(names) or "")
            self.parcels_note.setText(
                tr(
                    "No BRK fields (AKRKadastraleGemeenteCodeWaarde, sectie, perceelnummer): "
                    "choose the id field."
                )
            )

    def _zoning_changed(self, layer) -> None:
        if layer is None:
            self.zoning_note.setText(tr("The scenario's zoning plans are used."))
            return
        group = detect.imro_group_field(layer.fields().names())
        if group is None:
            self.zoning_note.setText(
                tr("No IMRO main group field (bestemmingshoofdgroep or hoofdgroep).")
            )
        else:
            self.zoning_note.setText(tr("IMRO main group from field '{}'.").format(group))

    def _holdings_changed(self, layer) -> None:
        names = layer.fields().names() if layer is not None else []
        for combo, guess in (
            (self.owner, detect.owner_field),
            (self.owner_type, detect.owner_type_field),
        ):
            combo.setLayer(layer)
            combo.setField(guess(names) or "")

    def _boundaries_changed(self, layer) -> None:
        self.name.setLayer(layer)
        names = layer.fields().names() if layer is not None else []
        self.name.setField(detect.name_field(names) or "")

    def choice(self) -> Inputs:
        """The chosen layers, checked; ``LayerProblem`` says what is wrong with one."""
        chosen = Inputs(
            parcels=self.parcels.currentLayer(),
            id_field=self.id_field.currentField(),
            zoning=self.zoning.currentLayer(),
            holdings=self.holdings.currentLayer(),
            owner_field=self.owner.currentField(),
            owner_type_field=self.owner_type.currentField(),
            boundaries=self.boundaries.currentLayer(),
            name_field=self.name.currentField(),
        )
        check_inputs(chosen)
        return chosen


def check_inputs(chosen: Inputs) -> None:
    """Refuse layers the engine cannot use, with what to do (``LayerProblem``)."""
    if chosen.parcels is not None:
        layers.check_layer(chosen.parcels, tr("parcels"), polygons=True)
        names = chosen.parcels.fields().names()
        if not detect.has_brk_key(names) and not chosen.id_field:
            raise LayerProblem(
                tr(
                    "The parcels layer '{}' has no BRK fields (AKRKadastraleGemeenteCodeWaarde, "
                    "sectie, perceelnummer) and no id field is chosen; its fields are: {}."
                ).format(chosen.parcels.name(), ", ".join(names))
            )
        layers.check_fields(chosen.parcels, tr("parcels"), {tr("id field"): chosen.id_field})
    if chosen.zoning is not None:
        layers.check_layer(chosen.zoning, tr("zoning"), polygons=True)
        zoning_file(chosen.zoning)
    if chosen.holdings is not None:
        layers.check_layer(chosen.holdings, tr("holdings"), polygons=False)
        if not chosen.owner_field or not chosen.owner_type_field:
            raise LayerProblem(
                tr("The holdings layer '{}' needs an owner field and an owner type field.").format(
                    chosen.holdings.name()
                )
            )
        layers.check_fields(
            chosen.holdings,
            tr("holdings"),
            {
                tr("owner field"): chosen.owner_field,
                tr("owner type field"): chosen.owner_type_field,
            },
        )
    if chosen.boundaries is not None:
        layers.check_layer(chosen.boundaries, tr("municipalities"), polygons=True)
        layers.check_fields(
            chosen.boundaries, tr("municipalities"), {tr("name field"): chosen.name_field}
        )


def zoning_file(layer: QgsVectorLayer) -> Path:
    """The plan file the engine reads for a zoning layer: the IMRO GML or Import IMRO GeoPackage."""
    parts = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source())
    path = Path(parts.get("path") or "")
    group = detect.imro_group_field(layer.fields().names())
    if path.suffix.lower() in IMRO_SUFFIXES and path.is_file() and group:
        return path
    if group == "hoofdgroep":
        return layers.imro_geopackage(layer, IMRO_TYPES)
    raise LayerProblem(
        tr(
            "The zoning layer '{}' is neither an IMRO plan (GML with bestemmingshoofdgroep) nor a "
            "layer made by 'Import IMRO zoning plan'; convert the plan with that algorithm first."
        ).format(layer.name())
    )
