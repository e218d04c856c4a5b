"""After the test run in CI: the checks issue 18 names must have run and passed, not been
deselected, skipped or lost in a refactor. Reads pytest's JUnit XML; exits 1 naming what is
missing.

    python scripts/ci_required.py junit.xml
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET

# (test module, substrings each of which some passing test's name must contain)
REQUIRED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("tests.integration.test_compose", ("",)),
    ("tests.integration.test_migration_upgrade", ("[sqlite]", "[postgresql]")),
    (
        "tests.integration.test_backup",
        ("sqlite_to_postgresql_and_back", "[sqlite]", "[postgresql]"),
    ),
    ("tests.integration.test_redelivery", ("",)),
    ("tests.e2e.test_production_topology", ("",)),
    ("tests.e2e.test_sop_browser", ("",)),
)


def passed_tests(path: str) -> dict[str, list[str]]:
    """Test module → names of the tests that passed."""
    out: dict[str, list[str]] = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        if any(case.find(tag) is not None for tag in ("skipped", "failure", "error")):
            continue
        out.setdefault(case.get("classname", ""), []).append(case.get("name", ""))
    return out


def main(path: str) -> int:
    passed = passed_tests(path)
    missing = [
        f"{module}: no passing test named *{needle}*" if needle else f"{module}: no passing test"
        for module, needles in REQUIRED
        for needle in needles
        if not any(needle in name for name in passed.get(module, []))
    ]
    for line in missing:
        print(f"ci_required: {line}", file=sys.stderr)
    if not missing:
        print(f"ci_required: all {len(REQUIRED)} required test modules ran and passed")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
