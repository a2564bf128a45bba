"""Output: exports (GeoJSON, GeoPackage, CSV) and HTML maps (``output.maps``)."""

from frontline.output.export import build_layers, export, export_layers, format_events, to_geojson

__all__ = ["build_layers", "export", "export_layers", "format_events", "to_geojson"]
