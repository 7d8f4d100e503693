"""The README's CLI reference, generated from the commands by Typer's own docs tool.

``python -m crawler.clidoc --write`` rewrites the section between the markers in
README.md; ``tests/test_readme.py`` fails when the README and the commands disagree.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

START = "<!-- cli-reference:start -->"
END = "<!-- cli-reference:end -->"
README = Path(__file__).resolve().parent.parent / "README.md"


def reference() -> str:
    """Markdown for every command, headings moved two levels down to sit under the README's."""
    result = subprocess.run(
        [sys.executable, "-m", "typer", "crawler.cli", "utils", "docs", "--name", "chatshopper"],
        check=True,
        capture_output=True,
        text=True,
        env={"TERM": "dumb", "NO_COLOR": "1", "COLUMNS": "200", "PATH": ""},
    )
    text = re.sub(r"^(#+) ", lambda m: "##" + m.group(1) + " ", result.stdout, flags=re.M)
    return text.strip() + "\n"


def readme_section(readme: str) -> str:
    if START not in readme or END not in readme:
        raise ValueError("README.md lacks the cli-reference markers")
    return readme.split(START, 1)[1].split(END, 1)[0].strip("\n") + "\n"


def write(readme_path: Path = README) -> None:
    text = readme_path.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    readme_path.write_text(f"{head}{START}\n{reference()}{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    if "--write" in sys.argv:
        write()
    else:
        sys.stdout.write(reference())
