"""The README tells a newcomer the truth about the code: its module table names every module."""
import re

from conftest import ROOT


def modules_in_readme() -> set[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("| module | one concept |", 1)[1].split("\n\n", 1)[0]
    return set(re.findall(r"`((?:unrest|plugins)/\w+\.py)`", table))


def test_the_module_table_names_every_module_of_the_build_and_the_site_and_no_other():
    code = {f"{p.parent.name}/{p.name}" for folder in ("unrest", "plugins") for p in (ROOT / folder).glob("*.py")
            if p.name != "__init__.py"}
    assert modules_in_readme() == code
