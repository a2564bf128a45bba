"""Reference data: place-name folding, sides, the gazetteer and its build, the geopy geocoder."""

from frontline.reference.gazetteer import Gazetteer, Match, Place, resolve_name
from frontline.reference.geocoder import FrontlineGeocoder
from frontline.reference.normalize import compact, fold, simplify
from frontline.reference.sides import Side, Sides

__all__ = [
    "FrontlineGeocoder",
    "Gazetteer",
    "Match",
    "Place",
    "Side",
    "Sides",
    "compact",
    "fold",
    "resolve_name",
    "simplify",
]
