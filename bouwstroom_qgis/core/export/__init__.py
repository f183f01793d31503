"""Shortlists people can use: a styled GeoPackage, an Excel workbook, site factsheets and
a report (PDF and HTML), and CSV and GeoJSON for other programs.

:func:`export_result` exports a result folder that ``bouwstroom run`` wrote;
:func:`export_run` is what the pipeline calls right after writing it.
"""
