"""Fictional names with a northern ring: villages, municipalities, cadastral codes.

Names are built from invented stems and common northern endings (-wolde, -um, -lo,
-veen, ...), so they read as Groningen, Fryslân or Drenthe without naming a real place.
Organisations are invented outright.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

# Invented stems; checked not to form the name of a real northern place with the endings.
STEMS = (
    "Brakkel", "Dreeg", "Elsker", "Harmel", "Jelder", "Kijl", "Lunter", "Merkel",
    "Ossel", "Rusken", "Tjalm", "Uffel", "Wirdel", "Zeel", "Ekkel", "Hemmel",
    "Nijl", "Pekkel", "Sprokkel", "Veskel", "Bonder", "Tweel", "Hulter", "Aalder",
    "Snikke", "Dommel", "Frieskel", "Grolder", "Haskel", "Jisper", "Klunder", "Lemmel",
    "Brummel", "Krikkel", "Hoddel", "Ploeger", "Vlister", "Zwikker", "Teuger", "Dobbel",
)  # fmt: skip
ENDINGS = (
    "wolde", "um", "lo", "veen", "horn", "wijk", "huizen", "dijk", "zijl", "meer",
    "terp", "es", "ingen", "borg", "oord", "weer", "hoeve", "broek", "haar", "kamp",
)  # fmt: skip
LANDSCAPES = ("Veld", "Zand", "Veen", "Bos", "Dal", "Heide", "Maden", "Plassen")

CORPORATIONS = ("Woonstichting Lindeveen", "Woongroep Dreesmar")
"""The two fictional housing corporations of every generated region."""


def place_names(count: int, rng: np.random.Generator) -> list[str]:
    """``count`` distinct village names such as 'Brakkelwolde' or 'Nieuw-Kijlum'."""
    plain = [stem + ending for stem in STEMS for ending in ENDINGS]
    prefixes = ("Nieuw", "Oud", "Noord", "Zuid", "Oost", "West")
    prefixed = [f"{prefix}-{name}" for prefix in prefixes for name in plain]
    pool = np.array(plain + prefixed)
    if count > pool.size:
        raise ValueError(f"at most {pool.size} distinct place names, asked for {count}")
    # Plain names first: a prefix only appears once the plain names run short.
    first = rng.permutation(len(plain))
    rest = len(plain) + rng.permutation(len(prefixed))
    order = np.concatenate((first, rest))[:count]
    return [str(name) for name in pool[order]]


def nature_names(count: int, rng: np.random.Generator) -> list[str]:
    """Names of nature areas, e.g. 'Osseler Heide'."""
    stems = rng.choice(len(STEMS), size=count, replace=count > len(STEMS))
    lands = rng.choice(len(LANDSCAPES), size=count)
    names: list[str] = []
    for stem, land in zip(stems, lands, strict=True):
        word = STEMS[stem]
        adjective = word + "se" if word.endswith("er") else word.rstrip("e") + "er"
        base = f"{adjective} {LANDSCAPES[land]}"
        name, n = base, 2
        while name in names:
            name, n = f"{base} {'I' * n}", n + 1
        names.append(name)
    return names


def akr_codes(names: list[str], rng: np.random.Generator) -> list[str]:
    """Unique cadastral municipality codes in BRK form, three letters and two digits.

    The letters come from the name (first letter and the next consonants), as real
    AKR codes do, e.g. 'Brakkelwolde' -> 'BRK01'.
    """
    codes: list[str] = []
    for name in names:
        word = name.split("-")[-1].upper()
        consonants = [c for c in word[1:] if c.isalpha() and c not in "AEIOUY"]
        letters = (word[0] + "".join(consonants) + "XXX")[:3]
        number = int(rng.integers(0, 4))
        while f"{letters}{number:02d}" in codes:
            number += 1
        codes.append(f"{letters}{number:02d}")
    return codes


def section_letters(index: npt.NDArray[np.int64]) -> npt.NDArray[np.str_]:
    """Cadastral section letters: 0 -> 'A', 25 -> 'Z', 26 -> 'AA', ..."""
    index = np.asarray(index, dtype=np.int64)
    alphabet = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    single = alphabet[index % 26]
    double = np.char.add(alphabet[np.clip(index // 26 - 1, 0, 25)], single)
    return np.where(index < 26, single, double)
