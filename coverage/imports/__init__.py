"""The portfolio workbook import: tables, spreadsheet values, validation, import and template.

May use the root of `coverage` and the patent queries; nothing imports it but the edges.
"""
