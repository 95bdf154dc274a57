"""`make test` brings what the browser tests need (scripts/test-prerequisites): as root it
installs Debian's Chromium, the CJK, Arabic and Devanagari fonts and gettext when they are
missing; otherwise it stops at once with the one command to run.

The script runs against stand-ins for the system (fc-list, id, apt-get, Chromium) on a PATH of
their own, so these tests install nothing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "test-prerequisites"
ALL_FONTS = ("ja", "ko", "zh-cn", "ar", "hi")

STUBS = {
    # Fonts are files named for the languages they cover.
    "fc-list": 'lang="${1#:lang=}"; [ -e "$STUB_DIR/fonts/$lang" ] && echo "Noto Sans"; exit 0',
    "id": 'echo "$STUB_UID"',
    # Records its calls; "installing" a package makes what it provides appear.
    "apt-get": """PATH=/usr/bin:/bin
echo "$*" >> "$STUB_DIR/apt-get.log"
[ "$1" = install ] || exit 0
for package in "$@"; do
  case "$package" in
    chromium) printf '#!/bin/sh\\n' > "$STUB_DIR/chromium"; chmod +x "$STUB_DIR/chromium" ;;
    fonts-noto-cjk) touch "$STUB_DIR/fonts/ja" "$STUB_DIR/fonts/ko" "$STUB_DIR/fonts/zh-cn" ;;
    fonts-noto-core) touch "$STUB_DIR/fonts/ar" "$STUB_DIR/fonts/hi" ;;
    gettext) printf '#!/bin/sh\\n' > "$STUB_DIR/bin/xgettext"; chmod +x "$STUB_DIR/bin/xgettext" ;;
  esac
done""",
}


class Machine:
    """A stand-in system: which of Chromium, the fonts and gettext it has, and who runs."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "bin").mkdir()
        (root / "fonts").mkdir()
        bash = shutil.which("bash")
        assert bash is not None
        (root / "bin" / "bash").symlink_to(bash)
        for name, body in STUBS.items():
            self._executable(root / "bin" / name, body)

    def _executable(self, path: Path, body: str = "") -> None:
        path.write_text(f"#!/bin/sh\n{body}\n")
        path.chmod(0o755)

    def has(
        self, *, chromium: bool = False, fonts: tuple[str, ...] = (), gettext: bool = False
    ) -> Machine:
        if chromium:
            self._executable(self.root / "chromium")
        for lang in fonts:
            (self.root / "fonts" / lang).touch()
        if gettext:
            self._executable(self.root / "bin" / "xgettext")
        return self

    def run(self, *args: str, uid: int = 0) -> subprocess.CompletedProcess[str]:
        env = {
            "PATH": str(self.root / "bin"),
            "STUB_DIR": str(self.root),
            "STUB_UID": str(uid),
            "ORBIS_CHROMIUM": str(self.root / "chromium"),
        }
        return subprocess.run(
            [str(self.root / "bin" / "bash"), str(SCRIPT), *args],
            env=env, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip

    @property
    def apt_calls(self) -> list[str]:
        log = self.root / "apt-get.log"
        return log.read_text().splitlines() if log.exists() else []


@pytest.fixture
def machine(tmp_path: Path) -> Machine:
    return Machine(tmp_path)


def test_nothing_to_do_when_everything_is_there(machine: Machine) -> None:
    machine.has(chromium=True, fonts=ALL_FONTS, gettext=True)

    for args in ((), ("--check",)):
        done = machine.run(*args)
        assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert machine.apt_calls == []


def test_as_root_it_installs_what_is_missing_and_checks_again(machine: Machine) -> None:
    machine.has(fonts=("ar",), gettext=True)  # Arabic from DejaVu, as on a bare Debian

    done = machine.run()

    assert done.returncode == 0, done.stderr
    assert machine.apt_calls[-1] == (
        "install -y -qq --no-install-recommends chromium fonts-noto-cjk fonts-noto-core"
    )


def test_without_root_it_stops_at_once_with_the_command_to_run(machine: Machine) -> None:
    done = machine.run(uid=1000)

    assert done.returncode == 1
    assert (
        "  sudo apt-get install -y --no-install-recommends "
        "chromium fonts-noto-cjk fonts-noto-core gettext\n"
    ) in done.stderr
    assert machine.apt_calls == []


def test_check_only_reports_even_as_root(machine: Machine) -> None:
    machine.has(chromium=True, fonts=("ja", "ko", "zh-cn", "ar"), gettext=True)  # no Devanagari

    done = machine.run("--check")

    assert done.returncode == 1
    assert "  apt-get install -y --no-install-recommends fonts-noto-core\n" in done.stderr
    assert machine.apt_calls == []


def test_the_makefile_and_ci_use_it() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert "scripts/test-prerequisites" in makefile
    assert "scripts/test-prerequisites" in (ROOT / ".ci" / "run").read_text()
