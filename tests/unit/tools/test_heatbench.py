"""Unit tests of heatbench's pure parts: templates, statistics, records, CLI parsing.

tools/bench is a folder of plain scripts, not a package: it goes on sys.path.
No sockets are opened here.
"""

import json
import os
import sys

import pytest

BENCH = os.path.join(os.path.dirname(__file__), "..", "..", "..", "tools", "bench")
sys.path.insert(0, os.path.abspath(BENCH))

import hb_procstat  # noqa: E402
import hb_stats  # noqa: E402
import hb_templates as tpl  # noqa: E402
import heatbench  # noqa: E402

# --- templates --------------------------------------------------------------


@pytest.mark.parametrize("short,full", sorted(tpl.MEMBER_TYPES.items()))
def test_member_type_short_and_full(short, full):
    assert tpl.member_type(short) == full
    assert tpl.member_type(full) == full


def test_member_type_unknown():
    with pytest.raises(ValueError):
        tpl.member_type("Nova")


def test_resource_group_shape():
    t = tpl.resource_group(7, "OS::Heat::RandomString")
    group = t["resources"]["group"]
    assert group["type"] == "OS::Heat::ResourceGroup"
    assert group["properties"]["count"] == 7
    assert group["properties"]["resource_def"] == {
        "type": "OS::Heat::RandomString", "properties": {"length": 8}}


def test_resource_group_variant_changes_members():
    a = tpl.resource_group(3, "OS::Heat::RandomString", 0)
    b = tpl.resource_group(3, "OS::Heat::RandomString", 1)
    assert a["resources"]["group"]["properties"]["resource_def"] != \
        b["resources"]["group"]["properties"]["resource_def"]


def test_resource_group_none_has_no_properties():
    member = tpl.resource_group(2, "OS::Heat::None")["resources"]["group"]["properties"]
    assert member["resource_def"] == {"type": "OS::Heat::None"}


def test_chain_links_each_value_to_the_previous():
    t = tpl.chain(4, "tok")
    res = t["resources"]
    assert list(res) == ["v0", "v1", "v2", "v3"]
    assert res["v0"]["properties"]["value"] == "tok"
    for i in range(1, 4):
        assert res["v%d" % i]["properties"]["value"] == {"get_attr": ["v%d" % (i - 1), "value"]}
    assert t["outputs"]["last"]["value"] == {"get_attr": ["v3", "value"]}


def test_chain_of_one_and_zero():
    assert list(tpl.chain(1, "x")["resources"]) == ["v0"]
    with pytest.raises(ValueError):
        tpl.chain(0, "x")


def test_nested_files_and_leaf_count():
    root, files = tpl.nested(2, 3, "leaf")
    assert sorted(files) == ["hb_level1.yaml", "hb_level2.yaml"]
    assert [r["type"] for r in root["resources"].values()] == ["hb_level1.yaml"] * 3
    level1 = json.loads(files["hb_level1.yaml"])
    assert [r["type"] for r in level1["resources"].values()] == ["hb_level2.yaml"] * 3
    level2 = json.loads(files["hb_level2.yaml"])
    assert [r["type"] for r in level2["resources"].values()] == ["OS::Heat::Value"] * 3
    assert level2["outputs"]["leaves"]["value"][0] == {"get_attr": ["c0", "value"]}
    assert root["outputs"]["leaves"]["value"][2] == {"get_attr": ["c2", "leaves"]}


def test_nested_resource_count():
    assert tpl.nested_resource_count(2, 2) == 2 + 4 + 8
    assert tpl.nested_resource_count(1, 3) == 3 + 9


def test_nested_rejects_zero():
    with pytest.raises(ValueError):
        tpl.nested(0, 2, "x")


def test_flatten():
    assert tpl.flatten([["a", ["b"]], "c", []]) == ["a", "b", "c"]
    assert tpl.flatten("a") == ["a"]
    assert tpl.flatten(None) == [None]


def test_outputs_template():
    t = tpl.outputs(3, "tok")
    assert list(t["outputs"]) == ["o0", "o1", "o2"]
    assert t["resources"]["v"]["properties"]["value"] == "tok"
    assert t["outputs"]["o2"]["value"] == {"get_attr": ["v", "value"]}


def test_templates_are_json_serializable():
    root, files = tpl.nested(1, 1, "x")
    for t in (tpl.chain(3, "x"), tpl.outputs(2, "x"), tpl.small("None"), root,
              tpl.resource_group(2, "OS::Heat::Value")):
        assert json.loads(json.dumps(t)) == t


# --- statistics ---------------------------------------------------------------


def test_percentile_interpolates():
    data = [4.0, 1.0, 3.0, 2.0]
    assert hb_stats.percentile(data, 0) == 1.0
    assert hb_stats.percentile(data, 100) == 4.0
    assert hb_stats.percentile(data, 50) == 2.5
    assert hb_stats.percentile(list(range(101)), 99) == 99.0


def test_percentile_edges():
    assert hb_stats.percentile([], 50) is None
    assert hb_stats.percentile([7.0], 99) == 7.0
    assert hb_stats.median([3.0, 1.0, 2.0]) == 2.0


def test_ratio():
    assert hb_stats.ratio(2.0, 1.0) == 0.5
    assert hb_stats.ratio(0.0, 1.0) is None
    assert hb_stats.ratio(None, 1.0) is None
    assert hb_stats.ratio(1.0, None) is None


def test_pair_ratios_follow_run_order():
    assert hb_stats.pair_ratios([1.0, 2.0, 4.0], [0.5, 1.0]) == [0.5, 0.5]


# --- records and summary ------------------------------------------------------------


def _m(value, target="A", repeat=0, errors=0, metric="create_s", **extra):
    return hb_stats.Measurement("chain", "20", metric, value, "s", target, repeat, errors,
                                "boom" if errors else None, extra)


def test_format_record_is_one_json_line():
    line = hb_stats.format_record(_m(1.23456789, cpu_s=0.1234567891, resources=20))
    assert "\n" not in line and ", " not in line
    rec = json.loads(line)
    assert rec == {"workload": "chain", "size": "20", "metric": "create_s",
                   "value": 1.234568, "unit": "s", "target": "A", "repeat": 0,
                   "errors": 0, "cpu_s": 0.123457, "resources": 20}


def test_format_record_error_and_null_value():
    rec = json.loads(hb_stats.format_record(_m(None, errors=1)))
    assert rec["value"] is None
    assert rec["errors"] == 1
    assert rec["error"] == "boom"


def test_summarize_groups_by_key_and_target():
    rows = hb_stats.summarize([_m(1.0), _m(3.0, repeat=1), _m(0.1, "B"), _m(None, "B", errors=1),
                               _m(2.0, metric="delete_s")])
    assert [r.key for r in rows] == [("chain", "20", "create_s"), ("chain", "20", "delete_s")]
    first = rows[0]
    assert first.values == {"A": [1.0, 3.0], "B": [0.1]}
    assert first.errors == {"A": 0, "B": 1}
    assert first.med("A") == 2.0


def test_format_table_single():
    lines = hb_stats.format_table(hb_stats.summarize([_m(1.0), _m(2.0)]), compare=False)
    assert all(line.startswith("# ") for line in lines)
    assert lines[0].split() == ["#", "workload", "size", "metric", "unit", "n", "median", "min",
                                "max", "errors"]
    assert lines[1].split() == ["#", "chain", "20", "create_s", "s", "2", "1.500", "1.000",
                                "2.000", "0"]


def test_format_table_compare_shows_ratio_and_pairs():
    ms = [_m(2.0), _m(0.2, "B"), _m(4.0, repeat=1), _m(0.2, "B", repeat=1)]
    lines = hb_stats.format_table(hb_stats.summarize(ms), compare=True)
    cells = lines[1].split()
    assert cells[5:] == ["3.000", "0.2", "0.06667", "0.1,0.05", "0/0"]


def test_format_table_missing_side():
    lines = hb_stats.format_table(hb_stats.summarize([_m(2.0), _m(None, "B", errors=1)]), True)
    assert lines[1].split()[5:] == ["2.000", "-", "-", "-", "0/1"]


# --- /proc parsing ----------------------------------------------------------------


def test_parse_stat_with_spaces_in_name():
    ticks = hb_procstat._TICKS
    fields = ["S", "42"] + ["0"] * 9 + [str(ticks), str(2 * ticks), str(3 * ticks), "0"]
    text = "123 (my (odd) name) " + " ".join(fields) + " 20 0"
    ppid, own, children = hb_procstat.parse_stat(text)
    assert ppid == 42
    assert own == 3.0
    assert children == 3.0


def test_parse_rss():
    assert hb_procstat.parse_rss_kib("Name:\tx\nVmRSS:\t  1234 kB\n") == 1234
    assert hb_procstat.parse_rss_kib("Name:\tkthreadd\n") == 0


# --- command line ----------------------------------------------------------------


def test_split_specs_and_defaults():
    specs = heatbench.split_specs(["chain", "20,100", "outputs", "nested", "3", "2",
                                   "create-delete-rg", "5", "None"])
    assert [(s.name, s.sizes) for s in specs] == [
        ("chain", ["20", "100"]), ("outputs", ["20"]), ("nested", ["3x2"]),
        ("create-delete-rg-None", ["5"])]


def test_default_rg_sizes():
    spec = heatbench.build_spec("create-delete-rg", [])
    assert spec.sizes == ["10", "100", "500", "999"]


@pytest.mark.parametrize("tokens", [["20"], ["chain", "x"], ["chain", "0"],
                                    ["nested", "2"], ["create-delete-rg", "5", "Nova"],
                                    ["bogus"], []])
def test_split_specs_rejects(tokens):
    with pytest.raises(ValueError):
        heatbench.split_specs(tokens)


def test_parse_args_repeats_default_with_compare():
    args = heatbench.parse_args(["http://a/v1/t", "chain", "5", "--compare", "http://b/v1/t"])
    assert args.repeats == 3
    assert [t.label for t in heatbench.targets(args)] == ["A", "B"]
    args = heatbench.parse_args(["http://a/v1/t", "chain", "5"])
    assert args.repeats == 1
