"""Headless Chromium driven over the DevTools protocol on a pipe, for the tests of pages.

Chromium started with --remote-debugging-pipe reads protocol commands on its file descriptor 3 and
answers on 4, each message JSON ending in a NUL byte. That is the whole transport: no driver, no
WebSocket client, no port of the browser's own and no browser download, only the Chromium that
scripts/setup.sh installs and a few stable protocol methods (Target, Runtime, Input, DOM, Page,
Emulation).

    with Browser(profile_dir) as browser:
        page = browser.open("http://127.0.0.1:8000/")
        page.wait_for("document.readyState === 'complete'")
"""
from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class BrowserError(Exception):
    pass


class Browser:
    def __init__(self, profile: Path, timeout: float = 60):
        self.profile, self.timeout = profile, timeout
        self._next_id, self._buffer = 0, b""

    def __enter__(self) -> Browser:
        commands_read, commands_write = os.pipe()
        answers_read, answers_write = os.pipe()
        # Moved above 4 first, so that placing one at 3 or 4 cannot overwrite the other.
        child_in, child_out = (fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (commands_read, answers_write))

        def place_pipes() -> None:
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        self.process = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={self.profile}", "--remote-debugging-pipe", "about:blank"],
            pass_fds=(3, 4), preexec_fn=place_pipes, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for fd in (commands_read, answers_write, child_in, child_out):
            os.close(fd)
        self._commands, self._answers = commands_write, answers_read
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.command("Browser.close")
        except (BrowserError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._commands)
        os.close(self._answers)

    def command(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        """Send one command and wait for its answer (events in between are dropped)."""
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._commands, data):]
        deadline = time.monotonic() + self.timeout
        while True:
            answer = self._read(deadline)
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error']}")
                return answer["result"]

    def open(self, url: str, width: int = 1280, height: int = 900) -> Page:
        target = self.command("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.command("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session)
        page.resize(width, height)
        self.command("Page.navigate", {"url": url}, session)
        page.wait_for("document.readyState === 'complete'")
        return page

    def _read(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._answers], [], [], left)[0]:
                raise BrowserError("Chromium did not answer in time")
            chunk = os.read(self._answers, 1 << 20)
            if not chunk:
                raise BrowserError("Chromium closed the pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)


class Page:
    def __init__(self, browser: Browser, session: str):
        self.browser, self.session = browser, session

    def command(self, method: str, params: dict | None = None) -> dict:
        return self.browser.command(method, params, self.session)

    def evaluate(self, expression: str):
        """The value of a JavaScript expression in the page (a promise is awaited)."""
        answer = self.command("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                   "awaitPromise": True})
        if "exceptionDetails" in answer:
            raise BrowserError(f"{expression}: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 60, seen: list | None = None,
                 watch: str | None = None):
        """Poll ``expression`` until it is truthy and return it; ``watch``'s values on the way are
        appended to ``seen`` (each change once)."""
        deadline = time.monotonic() + timeout
        while True:
            if watch is not None:
                value = self.evaluate(watch)
                if not seen or seen[-1] != value:
                    seen.append(value)
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"still false after {timeout:g} s: {expression}")
            time.sleep(0.05)

    def type(self, selector: str, text: str) -> None:
        """Put ``text`` into the field as a paste does: focus it, select what is there, insert."""
        self.evaluate(f"(e => {{ e.focus(); e.select(); }})(document.querySelector({json.dumps(selector)}))")
        self.command("Input.insertText", {"text": text})

    def choose_file(self, selector: str, path: Path) -> None:
        """Choose ``path`` in a file input, as a user does in the file dialog."""
        root = self.command("DOM.getDocument")["root"]["nodeId"]
        node = self.command("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        self.command("DOM.setFileInputFiles", {"nodeId": node, "files": [str(path)]})

    def resize(self, width: int, height: int, mobile: bool = False) -> None:
        self.command("Emulation.setDeviceMetricsOverride", {"width": width, "height": height,
                                                            "deviceScaleFactor": 1, "mobile": mobile})

    def screenshot(self, path: Path) -> None:
        data = self.command("Page.captureScreenshot", {"format": "png"})["data"]
        Path(path).write_bytes(base64.b64decode(data))
