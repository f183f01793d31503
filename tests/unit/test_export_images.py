"""Report images carry real content: maps and charts are checked pixel by pixel."""

from __future__ import annotations

import base64
import io
import re

import numpy as np
import pytest
from PIL import Image

from tests.unit.test_export import TOP, exported

DATA_URL = re.compile(
    r'<img class="(?P<css>\w+)" alt="(?P<alt>[^"]*)" src="data:image/png;base64,(?P<data>[^"]+)">'
)


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def content(png: bytes) -> tuple[int, float]:
    """Distinct colours, and the share of pixels that are not the white background."""
    image = pixels(png)
    flat = image.reshape(-1, 3)
    distinct = len(np.unique(flat, axis=0))
    drawn = float(np.mean(np.any(flat < 245, axis=1)))
    return distinct, drawn


@pytest.fixture(scope="module")
def images(tmp_path_factory) -> list[tuple[str, str, bytes]]:
    html = (exported(tmp_path_factory) / "shortlist.html").read_text(encoding="utf-8")
    return [(m["css"], m["alt"], base64.b64decode(m["data"])) for m in DATA_URL.finditer(html)]


def test_html_has_the_overview_stream_and_one_map_per_site(images) -> None:
    kinds = [(css, alt.split()[0]) for css, alt, _ in images]
    assert kinds[0] == ("map", "Overzicht")
    assert kinds[1] == ("chart", "Bouwstroom")
    assert kinds[2:] == [("map", "Locatie")] * TOP


def test_every_image_has_real_content(images) -> None:
    for _css, alt, png in images:
        distinct, drawn = content(png)
        assert distinct > 30, (alt, distinct)
        assert drawn > 0.05, (alt, drawn)


def test_site_maps_show_the_site_outline_and_zoning(images) -> None:
    _, _, png = images[2]
    image = pixels(png)
    dark = np.all(image < 40, axis=2).mean()  # the site's black outline
    yellowish = ((image[..., 0] > 200) & (image[..., 1] > 200) & (image[..., 2] < 190)).mean()
    assert dark > 0.001
    assert yellowish > 0.01  # wonen / gemengd zoning around a top site


def test_blank_images_fail_the_check() -> None:
    blank = Image.new("RGB", (200, 100), "white")
    buffer = io.BytesIO()
    blank.save(buffer, format="PNG")
    assert content(buffer.getvalue()) == (1, 0.0)
