#!/usr/bin/python3
"""Parses Prometheus text (stdin) with the Prometheus project's own Python client parser
(prometheus_client.parser.text_string_to_metric_families, Debian python3-prometheus-client)
and prints JSON: {"types": {family: type}, "samples": {"name{k=v,...}": value}} with label pairs
sorted by name. Exits non-zero with the parser's error when the text does not parse
(issue #15, item 6: metrics scraped and parsed by a Prometheus text parser)."""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families


def key(name, labels):
    return name + "{" + ",".join(f"{k}={labels[k]}" for k in sorted(labels)) + "}"


def main():
    text = sys.stdin.read()
    types, samples = {}, {}
    for family in text_string_to_metric_families(text):
        types[family.name] = family.type
        for sample in family.samples:
            k = key(sample.name, sample.labels)
            if k in samples:
                raise SystemExit(f"duplicate sample {k}")
            samples[k] = sample.value
    json.dump({"types": types, "samples": samples}, sys.stdout)


if __name__ == "__main__":
    main()
