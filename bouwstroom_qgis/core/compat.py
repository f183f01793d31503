"""Text columns and GeoPackage writing that behave alike on every supported library version.

The engine runs on pandas 3 and on pandas 2 (QGIS's own Python on Debian 13 ships 2.2).
pandas 3 has a text dtype, ``"str"``, whose missing values stay missing. Under pandas 2
the same spelling does something else: ``Series.astype("str")`` turns a missing value into
the text ``'nan'`` or ``'None'``, and ``pd.array(values, dtype="str")`` makes a fixed-width
NumPy text array, again with ``'None'`` for missing values. :func:`text_array` and
:func:`as_text` give pandas 3's result on pandas 3 and, on pandas 2, an object column of
Python strings with ``None`` where a value is missing (pandas 2's own way to hold text).

pyogrio before 0.11 cannot write an object column that holds only missing values (or a
table without rows) through Arrow: pyarrow makes it a ``null`` column, which GDAL refuses.
:data:`ARROW_WRITES` says whether writing through Arrow is both possible and safe;
:data:`ARROW_READS` whether reading through it is possible.
"""

from __future__ import annotations

import importlib.util
import re
from typing import Any

import numpy as np
import pandas as pd
import pyogrio

# pandas 3 resolves "str" to its text dtype; pandas 2 to NumPy's fixed-width unicode.
NATIVE_TEXT = not isinstance(pd.api.types.pandas_dtype("str"), np.dtype)


def _major_minor(version: str) -> tuple[int, ...]:
    """The first two numbers of a version string: '0.10.0' -> (0, 10)."""
    return tuple(int(n) for n in re.findall(r"\d+", version)[:2])


# Reading through Arrow needs only pyarrow. Readers keep it where writers may not: the
# same file reads into other dtypes without it (a nullable BOOLEAN as float 0/1).
ARROW_READS = importlib.util.find_spec("pyarrow") is not None
# pyogrio 0.11 writes all-missing object columns through Arrow as text (pyogrio #512).
ARROW_WRITES = ARROW_READS and _major_minor(pyogrio.__version__) >= (0, 11)


def text_array(values: Any) -> pd.api.extensions.ExtensionArray:
    """``pd.array(values, dtype="str")`` whose missing values stay missing on pandas 2 too.

    Parameters
    ----------
    values
        Anything ``pd.array`` takes: a list, a NumPy array, a pandas or pyarrow array.

    Returns
    -------
    pandas.api.extensions.ExtensionArray
        pandas 3: the ``str`` dtype. pandas 2: object dtype holding ``str`` or ``None``.
    """
    if NATIVE_TEXT:
        return pd.array(values, dtype="str")
    objects = np.asarray(values, dtype=object).copy()
    missing = pd.isna(objects)
    objects[~missing] = objects[~missing].astype(str)
    objects[missing] = None
    return pd.array(objects, dtype=object)


def as_text(values: pd.Series) -> pd.Series:
    """``values.astype("str")`` whose missing values stay missing on pandas 2 too.

    Index and name are kept; see :func:`text_array` for the dtype on each pandas version.
    """
    if NATIVE_TEXT:
        return values.astype("str")
    return pd.Series(
        text_array(values.to_numpy(dtype=object)), index=values.index, name=values.name
    )
