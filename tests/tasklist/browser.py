"""Playwright (async) driving Debian's Chromium against a tasklist served over real HTTP.

Skips only when /usr/bin/chromium is missing; never downloads a browser. Every wait is on a
condition (an element, a URL, a database state), never a fixed sleep.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")


@dataclass
class Browser:
    browser: Any  # playwright Browser
    base: str

    async def page(self, width: int = 1280, height: int = 900) -> Any:
        context = await self.browser.new_context(
            viewport={"width": width, "height": height}, base_url=self.base
        )
        context.set_default_timeout(15_000)
        return await context.new_page()


async def launch(base: str) -> AsyncIterator[Browser]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=ARGS, headless=True
        )
        try:
            yield Browser(browser, base)
        finally:
            await browser.close()


async def screenshot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


async def serious_violations(page: Any) -> list[str]:
    """axe-core's serious and critical findings on the page (rule id: first target)."""
    from axe_playwright_python.async_playwright import Axe

    results = await Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in ("serious", "critical"):
            targets = [n["target"] for n in violation["nodes"]][:3]
            found.append(f"{violation['id']}: {targets}")
    return found


async def log_in(page: Any, name: str, password: str) -> None:
    await page.goto("/tasklist/login")
    await page.get_by_label("User name").fill(name)
    await page.get_by_label("Password").fill(password)
    await page.get_by_role("button", name="Log in").click()
    await page.wait_for_url("**/tasklist/tasks")
