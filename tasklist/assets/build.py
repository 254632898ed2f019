"""Builds the tasklist's browser assets: `npm ci` here, then copies the files the pages load
into `tasklist/static/vendor/` (git-ignored; served under `/tasklist/static/vendor/`).

    python tasklist/assets/build.py            # needs node and npm
    python tasklist/assets/build.py --copy-only  # node_modules already installed

Nothing is fetched at run time and nothing comes from a CDN. The bpmn.io libraries are copied
whole, watermark included (their licence requires it to stay visible).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENDOR = HERE.parent / "static" / "vendor"

# (source under node_modules, destination under static/vendor)
FILES: tuple[tuple[str, str], ...] = (
    ("htmx.org/dist/htmx.min.js", "htmx.min.js"),
    ("bpmn-js/dist/bpmn-navigated-viewer.production.min.js", "bpmn-viewer.js"),
    ("bpmn-js/dist/bpmn-modeler.production.min.js", "bpmn-modeler.js"),
    ("bpmn-js/dist/assets/diagram-js.css", "bpmn/diagram-js.css"),
    ("bpmn-js/dist/assets/bpmn-js.css", "bpmn/bpmn-js.css"),
    ("bpmn-js/dist/assets/bpmn-font", "bpmn/bpmn-font"),
    ("@bpmn-io/form-js/dist/form-viewer.umd.js", "form-viewer.js"),
    ("@bpmn-io/form-js/dist/assets/form-js.css", "form-js/form-js.css"),
    ("@bpmn-io/form-js/dist/assets/flatpickr/light.css", "form-js/flatpickr-light.css"),
    ("axe-core/axe.min.js", "axe.min.js"),
    # the zeebe: extension elements, so the modeler reads and writes them
    ("zeebe-bpmn-moddle/resources/zeebe.json", "zeebe-moddle.json"),
)
LICENCES = ("htmx.org", "bpmn-js", "@bpmn-io/form-js", "axe-core", "zeebe-bpmn-moddle")


def copy(modules: Path, vendor: Path) -> list[Path]:
    """Copies FILES (and each library's licence) from `modules` into `vendor`."""
    written = []
    for source, target in FILES:
        src, dst = modules / source, vendor / target
        if not src.exists():
            raise FileNotFoundError(f"Expected {src} after npm ci, but it is missing")
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            shutil.copyfile(src, dst)
        written.append(dst)
    for package in LICENCES:
        for name in ("LICENSE", "LICENSE.md", "LICENSE.txt"):
            licence = modules / package / name
            if licence.exists():
                dst = vendor / "licences" / f"{package.replace('/', '_')}-{name}"
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(licence, dst)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copy-only", action="store_true", help="skip npm ci")
    args = parser.parse_args(argv)
    if not args.copy_only:
        npm = shutil.which("npm")
        if npm is None:
            print(
                "npm not found: install Node.js 20+ to build the tasklist assets", file=sys.stderr
            )
            return 1
        # --ignore-scripts: no package here needs an install script (two of form-js's
        # dependencies only send telemetry from theirs).
        subprocess.run(
            [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=HERE, check=True
        )
    written = copy(HERE / "node_modules", VENDOR)
    print(f"tasklist assets: {len(written)} files in {VENDOR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
