"""Write an SVG screenshot of `drift tui` for the README (docs/img/tui.svg).

    python scripts/tui_screenshot.py                 # the Renexus demo database (starts a throwaway server)
    python scripts/tui_screenshot.py --sample        # the hand-built result the TUI tests use (no server)
    python scripts/tui_screenshot.py --press down --press down --out /tmp/x.svg --size 120x36

The app runs headless at a fixed size; keys given with --press are sent after the first load.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


async def _shoot(loader: object, size: tuple[int, int], keys: list[str], out: Path) -> None:
    from drift.tui import DriftApp

    app = DriftApp(loader)  # type: ignore[arg-type]
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
        await pilot.pause()
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(app.export_screenshot(title="drift tui"), encoding="utf-8")


@contextmanager
def _sample_loader() -> Iterator[object]:
    sys.path.insert(0, str(ROOT / "tests" / "tui"))
    from tui_sample import make_result

    result = make_result()
    yield lambda progress: result


@contextmanager
def _demo_loader() -> Iterator[object]:
    from drift.config import DriftConfig
    from drift.demo import ORM_TARGET, running_demo
    from drift.tui import check_loader

    with tempfile.TemporaryDirectory(prefix="drift-shot-") as tmp, running_demo(Path(tmp)) as db:
        yield check_loader(DriftConfig(dsn=db.dsn, expected=db.expected_dir, orm=ORM_TARGET))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sample", action="store_true", help="use the tests' hand-built result")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img" / "tui.svg")
    parser.add_argument("--size", default="120x36", help="terminal size, WIDTHxHEIGHT")
    parser.add_argument("--press", action="append", default=[], help="a key to press before the shot")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.lower().split("x"))
    source = _sample_loader() if args.sample else _demo_loader()
    with source as loader:
        asyncio.run(_shoot(loader, (width, height), args.press, args.out))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
