#!/usr/bin/env python3
"""Reads the YAML front matter that `convert --to yaml` wrote with PyYAML,
a YAML 1.1 reader (Jekyll's Psych reads YAML 1.1 too), and records what it
reads: one line per key, in file order,

    key_type<TAB>key_json<TAB>value_type<TAB>value_json

where a type is the Python type name (`str`, `bool`, `int`, `float`,
`date`, `NoneType`; `list[str]` for a list of strings) and the JSON is `json.dumps` of the value
(`str()` of it for dates). The Rust test `yaml_front_matter` compares
this with the page the YAML was written from.

    python3 scripts/yaml11_read.py tests/expected/yaml/awkward.yaml \
        > tests/expected/yaml/awkward.pyyaml.tsv
"""

import json
import sys

import yaml


def front_matter(text):
    lines = text.split("\n")
    assert lines[0] == "---", "the first line is not ---"
    end = lines.index("---", 1)
    return "\n".join(lines[1:end])


def plain(value):
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (str, bool, int, float)) or value is None:
        return value
    return str(value)


def type_name(value):
    if isinstance(value, list):
        items = sorted({type(v).__name__ for v in value})
        return "list[" + ",".join(items) + "]"
    return type(value).__name__


def shown(value):
    return json.dumps(plain(value), ensure_ascii=True)


def main():
    with open(sys.argv[1], encoding="utf-8", newline="") as f:
        text = f.read().lstrip("\ufeff")
    data = yaml.safe_load(front_matter(text))
    for key, value in data.items():
        print(
            "\t".join(
                [type_name(key), shown(key), type_name(value), shown(value)]
            )
        )


if __name__ == "__main__":
    main()
