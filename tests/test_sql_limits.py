"""Arbitrary read-only SQL stays on, but no query can starve the server or reveal what is not
data (plugins/unrest_limits.py); the basemap is served as tiles only. Figures for how fast the
bombs are refused, and how another client fares meanwhile, are in bench/bench_sql_limits.py."""
from __future__ import annotations

import asyncio
import sqlite3
import sys
import sysconfig
from urllib.parse import urlencode

import pytest
from conftest import DB_NAME, ROOT

from plugins.unrest_limits import MAX_VALUE_BYTES, bound

BOMBS = {  # what it would do unbounded → the first words of the 400's message
    "select zeroblob(900000000)": "string or blob too big",
    "with recursive n(i) as (select 1 union all select i + 1 from n where i < 1000) "
    "select printf('%.*c', 1000000, 'x') from n": "the result is larger than 16 MB",
    "select length(randomblob(999999999))": "string or blob too big",
    "select hex(zeroblob(499999999))": "string or blob too big",
    "select fts3_tokenizer('simple')": "not authorized to use function: fts3_tokenizer",
    "select * from pragma_database_list": "access to pragma_database_list.seq is prohibited",
    "select file from pragma_database_list()": "access to pragma_database_list.file is prohibited",
}


def sql_url(sql: str, fmt: str = ".json") -> str:
    return f"/{DB_NAME}{fmt}?{urlencode({'sql': sql})}"


@pytest.mark.parametrize("sql", BOMBS)
def test_each_memory_bomb_answers_400_with_a_message(client, sql):
    response = client.get(sql_url(sql))
    assert response.status_code == 400
    assert response.json()["error"].startswith(BOMBS[sql])
    assert client.get(sql_url(sql, "")).status_code == 400  # the HTML page too


def test_bombs_and_an_ordinary_page_at_the_same_time_all_get_their_answer(client):
    async def together():
        get = client.datasette.client.get
        return await asyncio.gather(*[get(sql_url(sql)) for sql in BOMBS] * 2,
                                    get(f"/{DB_NAME}/figures?measure=killed"), get(f"/{DB_NAME}/figures.json"))
    *bombs, page, data = client.loop.run_until_complete(together())
    assert [r.status_code for r in bombs] == [400] * len(BOMBS) * 2
    assert page.status_code == 200 and "Some 18" in page.text
    assert data.status_code == 200 and len(data.json()["rows"]) == 27


def test_ordinary_sql_still_runs_including_table_valued_pragmas(client, db):
    for sql in ["select count(*) from figures", "select name from pragma_table_info('figures') where cid = 0",
                "select id, length(text) from sources order by id",
                "select count(*) from claims_fts where claims_fts match 'terrorists'"]:
        response = client.get(sql_url(sql) + "&_shape=array")
        assert response.status_code == 200, (sql, response.text)
        assert [list(row.values()) for row in response.json()] == [list(r) for r in db.execute(sql)], sql


def test_every_canned_query_and_view_still_answers(client, schema):
    for name in [*schema.queries, *schema.views]:
        response = client.get(f"/{DB_NAME}/{name}.json?_shape=objects")
        assert response.status_code == 200, name
        assert response.json()["columns"], name


def test_the_result_budget_is_per_statement():
    conn = sqlite3.connect(":memory:")
    bound(conn)
    rows = "(with recursive n(i) as (select 1 union all select i + 1 from n where i < {}) select i from n)"
    under = f"select printf('%.*c', 1000000, 'x') from {rows.format(10)}"  # 10 MB of 16
    for _ in range(3):  # each statement starts afresh
        assert [len(v) for (v,) in conn.execute(under)] == [1000000] * 10
    with pytest.raises(sqlite3.OperationalError, match="the result is larger than 16 MB"):
        conn.execute(f"select printf('%.*c', 1000000, 'x') from {rows.format(20)}").fetchall()
    with pytest.raises(sqlite3.DataError, match="string or blob too big"):
        conn.execute(f"select zeroblob({MAX_VALUE_BYTES + 1})").fetchall()


# --- the basemap: tiles only ---------------------------------------------------------------

def test_the_basemap_is_neither_browsable_nor_downloadable(client):
    for path in ("/basemap", "/basemap.db", "/basemap/tiles", "/basemap.json?sql=select+1"):
        assert client.get(path).status_code == 403, path


def test_the_basemap_is_not_listed(client):
    assert "basemap" not in client.get("/").text
    assert [db["name"] for db in client.get("/.json").json().values()] == [DB_NAME]
    listed = client.get("/-/databases.json").json()
    assert [db["name"] for db in listed] == [DB_NAME]
    assert "path" not in listed[0]


def test_tiles_are_served_and_out_of_range_tiles_answer_404(client):
    tile = client.get("/-/tiles/basemap/1/0/0.png")
    assert tile.status_code == 200 and tile.content.startswith(b"\x89PNG")
    assert client.get("/-/tiles-stack/2/3/3.png").status_code == 200
    for path in ("/-/tiles/basemap/31/0/0.png", "/-/tiles/basemap/99999999999999999999/0/0.png",
                 "/-/tiles/basemap/64/0/0.png", "/-/tiles/basemap/3/8/0.png", "/-/tiles/basemap/3/0/8.png",
                 "/-/tiles/basemap/-1/0/0.png", "/-/tiles-tms/basemap/2000/1/1.png", "/-/tiles-stack/70/1/1.png",
                 "/-/tiles-stack-tms/4/16/0.png", "/-/tiles/nosuch/1/0/0.png"):
        assert client.get(path).status_code == 404, path
    for query in ("z=abc", "lat=1e999", "lon=west", "z=99999999999999999999"):
        assert client.get(f"/-/tiles/basemap?{query}").status_code == 400, query
    assert client.get("/-/tiles/basemap?lat=43.2&lon=76.9&z=5").status_code == 200


def test_no_response_reveals_a_server_path(client, db_path):
    paths = {str(ROOT), str(db_path.parent), sys.prefix, sys.base_prefix, sysconfig.get_paths()["purelib"]}
    urls = ["/", "/.json", "/-/databases.json", "/-/databases", "/-/versions.json", "/-/plugins.json",
            "/-/settings.json", "/-/threads.json", "/-/threads", "/-/metadata.json", "/-/tiles", "/-/tiles/basemap",
            f"/{DB_NAME}", f"/{DB_NAME}.json", "/-/search?q=troops", f"/{DB_NAME}/nosuch", "/nosuch",
            *[sql_url(sql, fmt) for sql in BOMBS for fmt in (".json", "")]]
    for url in urls:
        body = client.get(url).text
        for path in paths:
            assert path not in body, (url, path)
