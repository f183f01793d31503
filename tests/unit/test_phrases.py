"""The explanations' fixed words: every language has every word, and nothing heavy loads."""

import subprocess
import sys

from bouwstroom_qgis.core.phrases import PHRASES


def test_every_language_has_every_word():
    assert set(PHRASES) == {"nl", "en"}
    assert PHRASES["nl"].keys() == PHRASES["en"].keys()
    assert all(word for words in PHRASES.values() for word in words.values())


def test_the_dock_can_read_them_without_the_engines_libraries():
    code = (
        "import sys; import bouwstroom_qgis.core.phrases; "
        "print(sorted(m for m in ('numpy', 'pandas', 'shapely') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "[]", done.stderr
