"""Field detection for the dock's layer pickers: BRK keys, IMRO main groups, owners, names."""

from __future__ import annotations

from bouwstroom_qgis.gui import fields

PDOK = ["identificatieLokaalID", "AKRKadastraleGemeenteCodeWaarde", "sectie", "perceelnummer"]


def test_brk_fields_are_found_in_any_spelling():
    assert fields.brk_fields(PDOK) == {
        "akr_code": "AKRKadastraleGemeenteCodeWaarde",
        "sectie": "sectie",
        "perceelnummer": "perceelnummer",
    }
    snake = ["akr_kadastrale_gemeente_code_waarde", "Sectie", "PERCEELNUMMER"]
    assert fields.has_brk_key(snake)
    assert not fields.has_brk_key(["AKRKadastraleGemeenteCodeWaarde", "sectie"])
    assert fields.id_field(PDOK) == "identificatieLokaalID"


def test_imro_owner_and_name_fields():
    assert fields.imro_group_field(["naam", "bestemmingshoofdgroep"]) == "bestemmingshoofdgroep"
    assert fields.imro_group_field(["object_type", "hoofdgroep"]) == "hoofdgroep"
    assert fields.imro_group_field(["bestemming"]) is None
    assert fields.owner_field(["fid", "eigenaar", "eigenaar_type"]) == "eigenaar"
    assert fields.owner_type_field(["fid", "eigenaar", "eigenaar_type"]) == "eigenaar_type"
    assert fields.owner_type_field(["owner", "Owner_Type"]) == "Owner_Type"
    assert fields.name_field(["statcode", "statnaam"]) == "statnaam"
    assert fields.name_field(["code"]) is None
