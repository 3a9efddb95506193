"""The bundled samples: their paths, and the real administrative codes of the new ones."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from scheduler import presets
from scheduler.errors import InputError
from scheduler.samples import sample_path


def _read(folder: Path, sheet: str) -> list[dict[str, str]]:
    raw = (folder / f"{sheet}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, like every sample
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))


def test_the_default_sample_is_where_it_always_was() -> None:
    assert sample_path() == sample_path("csv") == sample_path(name="im-2024")
    assert sample_path().name == "sample" and (sample_path() / "regions.csv").is_file()
    assert sample_path("xlsx").name == "sample.xlsx" and sample_path("xlsx").is_file()


@pytest.mark.parametrize("name", ["shandong-2024", "hubei-2023"])
def test_the_new_samples_are_csv_folders(name: str) -> None:
    folder = sample_path(name=name)
    for sheet in ("settings", "regions", "rules", "kinds", "venues", "staff"):
        assert (folder / f"{sheet}.csv").is_file(), sheet
    assert "Invented" in (folder / "README.md").read_text("utf-8")
    with pytest.raises(InputError):
        sample_path("xlsx", name=name)  # they come as CSV only


def test_an_unknown_sample_names_the_samples() -> None:
    with pytest.raises(InputError) as err:
        sample_path(name="guangdong-2025")
    message = err.value.problems[0].message
    assert all(n in message for n in ("im-2024", "shandong-2024", "hubei-2023"))


# Counts from the official lists, typed here independently of the dataset the script
# reads: Shandong has 16 prefecture-level cities and 136 county-level divisions; Hubei 12
# prefecture-level cities, 1 autonomous prefecture, 4 county-level divisions under the
# province (仙桃、潜江、天门、神农架林区) and 99 county-level divisions under the 13.
EXPECTED = {
    "shandong-2024": ("370000", "山东省", 16, 136),
    "hubei-2023": ("420000", "湖北省", 17, 99),
}
DIRECT = {"429004": "仙桃市", "429005": "潜江市", "429006": "天门市", "429021": "神农架林区"}
CODE = re.compile(r"^[1-8]\d{5}$")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_regions_have_well_formed_codes_under_their_parents(name: str) -> None:
    top, province_name, n_cities, n_counties = EXPECTED[name]
    rows = _read(sample_path(name=name), "regions")
    by_id = {r["region_id"]: r for r in rows}
    assert len(by_id) == len(rows)  # no code twice
    levels = [r["level"] for r in rows]
    assert (levels.count("province"), levels.count("city"), levels.count("county")) == (
        1,
        n_cities,
        n_counties,
    )
    assert by_id[top]["name"] == province_name and by_id[top]["parent_id"] == ""
    for r in rows:
        code, parent = r["region_id"], r["parent_id"]
        assert CODE.match(code), code
        assert code[4] != "7", code  # statistical-only zones (xxxx7x) are not divisions
        if r["level"] == "city":
            assert parent == top and code[:2] == top[:2], code
            # a prefecture-level code ends in 00; Hubei's directly administered ones are
            # county-level codes of the province's 90 group
            assert code.endswith("00") or (code[2:4] == "90" and DIRECT.get(code) == r["name"])
        elif r["level"] == "county":
            assert by_id[parent]["level"] == "city" and parent.endswith("00"), code
            assert code[:4] == parent[:4] and not code.endswith("00"), code
    if name == "hubei-2023":
        assert {c: by_id[c]["name"] for c in DIRECT} == DIRECT
        assert by_id["422800"]["name"] == "恩施土家族苗族自治州"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_sheets_match_their_preset(name: str) -> None:
    folder = sample_path(name=name)
    settings = {r["key"]: r["value"] for r in _read(folder, "settings")}
    preset = presets.get(settings["preset"])
    assert preset.name == name
    assert (settings["start"], settings["end"]) == (
        preset.start.isoformat(),
        preset.end.isoformat(),
    )
    assert _read(folder, "rules") == presets.rules_rows(preset)
    assert _read(folder, "kinds") == presets.kinds_rows(preset)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_references_hold_together(name: str) -> None:
    """Venues, pools and events point at regions that exist; every tag a rule scopes to is
    on some region; venues allow only kinds the preset defines."""
    folder = sample_path(name=name)
    regions = {r["region_id"]: r for r in _read(folder, "regions")}
    kinds = {k["kind"]: k for k in _read(folder, "kinds")}
    tags = {t for r in regions.values() for t in r["tags"].split(";") if t}
    for rule in _read(folder, "rules"):
        if rule["scope"].startswith("tag:"):
            assert rule["scope"][4:] in tags
    venues = _read(folder, "venues")
    assert len({v["venue_id"] for v in venues}) == len(venues)
    for v in venues:
        assert v["region_id"] in regions
        assert all(k in kinds and kinds[k]["online"] == "no" for k in v["kinds"].split(";") if k)
    pools = _read(folder, "staff")
    for pool in pools:
        assert all(s in regions for s in pool["serves"].split(";"))
    served = {s for pool in pools for s in pool["serves"].split(";")}
    assert next(r for r in regions.values() if r["level"] == "province")["region_id"] in served
    if (folder / "events.csv").exists():
        for e in _read(folder, "events"):
            assert e["region_id"] in regions and e["kind"] in kinds
            assert kinds[e["kind"]]["online"] == "yes" and e["venue_id"] == ""


def test_shandong_campus_venues_are_at_universities_of_every_city() -> None:
    folder = sample_path(name="shandong-2024")
    cities = {r["region_id"] for r in _read(folder, "regions") if r["level"] == "city"}
    venues = _read(folder, "venues")
    assert {v["region_id"] for v in venues} == cities
    big = [v for v in venues if "double_selection" in v["kinds"].split(";")]
    assert len(big) >= 8 and all(int(v["capacity"]) >= 2000 for v in big)
    assert all(re.search("大学|学院", v["name"]) for v in venues)


def test_hubei_touring_venues_in_every_region_with_many_jobless_youths() -> None:
    folder = sample_path(name="hubei-2023")
    tagged = {
        r["region_id"] for r in _read(folder, "regions") if "失业青年集中" in r["tags"].split(";")
    }
    touring = [v for v in _read(folder, "venues") if v["kinds"] == "touring"]
    assert tagged and {v["region_id"] for v in touring} == tagged
    assert all(re.search("(街道|镇|乡)党群服务中心$", v["name"]) for v in touring)


@pytest.mark.parametrize(("name", "fairs"), [("shandong-2024", 59), ("hubei-2023", 370)])
def test_the_new_samples_plan_with_every_rule_met(name: str, fairs: int) -> None:
    """Both samples load through their preset and plan (issue 13): every rule met with the
    fewest fairs its totals allow, online fairs without a venue, checked independently."""
    from scheduler.checker import check
    from scheduler.plan import make_plan
    from scheduler.scenario import load_scenario

    s = load_scenario(sample_path(name=name))
    result = make_plan(s, time_limit=5, workers=2)
    assert result.rules_met and result.check.ok and not check(s, result.fairs).violations
    assert len(result.planned) == fairs == result.stats.fairs_min
    for f in result.planned:
        assert (f.venue_id == "") == s.kinds[f.kind].online
