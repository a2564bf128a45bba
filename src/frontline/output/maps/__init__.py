"""HTML maps: the folium page, its payload and the offline asset inliner."""

from frontline.output.maps.render import map_history, save_map

__all__ = ["map_history", "save_map"]
