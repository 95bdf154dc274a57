"""Take docs/screenshot.png: the contact list of a fresh demo database, in headless Chromium.

    ORBIS_DEV=1 .venv/bin/python scripts/screenshot.py

Builds its own throw-away SQLite database (never touches var/), loads demo data, starts the
development server on a free port, signs in as the sales manager and photographs /contacts/.
"""
# ruff: noqa: S603  (every command is our own manage.py with fixed arguments)

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CHROMIUM = os.environ.get("ORBIS_CHROMIUM", "/usr/bin/chromium")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    from playwright.sync_api import sync_playwright

    data_dir = tempfile.mkdtemp(prefix="orbis-screenshot-")
    env = {**os.environ, "ORBIS_DEV": "1", "ORBIS_DATA_DIR": data_dir}
    env.pop("DATABASE_URL", None)
    manage = [PYTHON, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    subprocess.run(
        [*manage, "demo", "--contacts", "400", "--seed", "7", "--no-progress"],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    port = free_port()
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env={**env, "ORBIS_DEBUG": "1"},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/login/", timeout=1)  # noqa: S310 (local server)
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
            )
            page = browser.new_page(viewport={"width": 1440, "height": 900}, device_scale_factor=1)
            page.goto(f"{base}/login/")
            page.fill("#id_username", "sales.manager")
            page.fill("#id_password", "orbis-demo")
            page.click("#login-form button[type=submit]")
            page.wait_for_url(f"{base}/contacts/")
            page.screenshot(path=str(ROOT / "docs" / "screenshot.png"))
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"wrote {ROOT / 'docs' / 'screenshot.png'}")


if __name__ == "__main__":
    main()
