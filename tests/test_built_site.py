"""Checks on the built book, as readers get it: links, offline math, a real browser.

These tests read the HTML that ``jupyter-book build .`` writes to ``_build/html``
(or the directory in the environment variable ``UINN_SITE_DIR``). They carry the
marker ``site``, which plain ``pytest`` leaves out (a stale build would fail them):
run them after a build with ``pytest -m site tests/test_built_site.py``, as the
README's test command and ``.ci/run`` do. Where the book has not been built they skip
and say so.

- The link check parses every built page with the standard library and checks that
  each internal link, image, script and stylesheet points at a file of the site, and
  each ``#fragment`` at an id in that file. It also checks that every page of
  ``_toc.yml`` was built and that no page loads anything from another host (MathJax
  included: it is served from ``_static/mathjax``, so the book reads offline).
- The JupyterLite checks: the site holds a JupyterLite app under ``lite/`` with every
  notebook of ``book/`` in its contents (as ``book/NAME.ipynb``, identical to the
  source), the ``uinn`` wheel built from this repository in its ``piplite`` index, and
  every notebook page links to its notebook there. In headless Chromium with every
  other host unreachable, the lite notebook page shows the notebook's cells. With
  ``UINN_LITE_E2E=1`` (the Pages workflow, which has a network to fetch Pyodide), one
  more test opens chapter 1 there, runs every cell and finds a stored output.
- The browser check serves the site on localhost and opens every page under
  ``book/`` in headless Chromium (Debian's ``chromium`` and ``chromium-driver``,
  driven by Selenium). On each page: MathJax rendered every formula, every image
  loaded, the console shows no error, and nothing was fetched from another host. A
  screenshot of each page goes to ``_build/screenshots/`` (or ``UINN_SCREENSHOT_DIR``).
  One page is also opened from disk (``file://``, no server): the downloaded HTML
  renders its math with no network. It skips when Chromium, ChromeDriver or Selenium
  is missing (``UINN_CHROMIUM`` / ``UINN_CHROMEDRIVER`` point at other builds).

Set ``UINN_REQUIRE_SITE_CHECKS=1`` to make every such skip a failure (CI does, after
building the book).
"""

from __future__ import annotations

import base64
import functools
import http.server
import json
import os
import shutil
import tempfile
import threading
import time
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from book_toc import toc_files

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[1]
SITE = Path(os.environ.get("UINN_SITE_DIR", ROOT / "_build" / "html")).resolve()
SCREENSHOTS = Path(os.environ.get("UINN_SCREENSHOT_DIR", SITE.parent / "screenshots")).resolve()
BUILD_HINT = (
    "build the book first (README: `.venv/bin/jupyter-book build . -W -n --keep-going`), "
    "or point UINN_SITE_DIR at a built `_build/html`"
)
SITE_IS_BUILT = (SITE / "index.html").is_file()
# CI sets UINN_REQUIRE_SITE_CHECKS=1 where it has built the book and installed Chromium:
# there a missing site or browser is a failure, not a reason to skip.
STRICT = os.environ.get("UINN_REQUIRE_SITE_CHECKS", "") not in ("", "0")


def skip_or_fail(reason: str):
    if STRICT:
        pytest.fail(f"{reason} (UINN_REQUIRE_SITE_CHECKS is set)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def site() -> Path:
    """The built site; skips (or fails, under UINN_REQUIRE_SITE_CHECKS) where there is none."""
    if not SITE_IS_BUILT:
        skip_or_fail(f"no built book at {SITE}: {BUILD_HINT}")
    return SITE


# Folders of the site that hold assets, not pages. lite/ is the JupyterLite app, which
# its own tests below check.
ASSET_DIRS = {"_static", "_sources", "_images", "_downloads", "lite"}
MATHJAX = "_static/mathjax/tex-chtml.js"


# --------------------------------------------------------------------------- pages


def built_pages() -> list[Path]:
    """Every HTML page of the built site (not the templates under _static)."""
    if not SITE_IS_BUILT:
        return []
    return sorted(
        p for p in SITE.rglob("*.html") if not ASSET_DIRS.intersection(p.relative_to(SITE).parts)
    )


def chapter_pages() -> list[str]:
    """The book's own pages (everything under book/), as paths relative to the site."""
    return [str(p.relative_to(SITE)) for p in built_pages() if p.relative_to(SITE).parts[0] == "book"]


class PageParser(HTMLParser):
    """Collects the ids of a page and the URLs it links to or loads."""

    LOADS = {"script", "img", "source", "iframe", "video", "audio"}  # tags whose src the browser fetches

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag, url): a, link, meta refresh
        self.loads: list[tuple[str, str]] = []  # (tag, url): what the browser fetches itself

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        for key in ("id", "name"):
            if a.get(key):
                self.ids.add(a[key])
        if tag == "a" and "href" in a:
            self.links.append((tag, a["href"]))
        if tag == "link" and "href" in a:
            rel = set(a.get("rel", "").lower().split())
            if rel & {"stylesheet", "icon", "preload", "modulepreload", "shortcut"}:
                self.loads.append((tag, a["href"]))
            elif not rel & {"canonical", "alternate"}:
                self.links.append((tag, a["href"]))
        if tag in self.LOADS and a.get("src"):
            self.loads.append((tag, a["src"]))
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            _, _, url = a.get("content", "").partition("url=")
            if url:
                self.links.append(("meta", url.strip()))


@functools.lru_cache(maxsize=None)
def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme) or url.startswith("//")


def resolve(page: Path, url: str) -> tuple[Path, str]:
    """The file an internal URL of ``page`` points at, and its fragment."""
    parts = urlsplit(url)
    target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
    if target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


# --------------------------------------------------------------------------- link check


def test_every_page_of_the_toc_was_built(site):
    missing = [f for f in toc_files() if not (SITE / f"{f}.html").is_file()]
    assert not missing, (
        f"_toc.yml lists pages that are not in the built site {SITE}: {missing}; "
        "rebuild the book (a page that failed to build, or a stale build)"
    )


def test_every_internal_link_and_anchor_resolves(site):
    broken = []
    for page in built_pages():
        parsed = parse(page)
        for tag, url in parsed.links + parsed.loads:
            if not url or is_external(url) or url.startswith(("mailto:", "javascript:")):
                continue
            target, fragment = resolve(page, url)
            where = f"{page.relative_to(SITE)}: <{tag}> {url}"
            try:
                target.relative_to(SITE)
            except ValueError:
                broken.append(f"{where} -> leaves the site")
                continue
            if not target.is_file():
                broken.append(f"{where} -> no file {target.relative_to(SITE)}")
            elif fragment and target.suffix == ".html" and fragment not in parse(target).ids:
                broken.append(f"{where} -> no id {fragment!r} in {target.relative_to(SITE)}")
    assert not broken, f"{len(broken)} broken internal link(s):\n" + "\n".join(broken)


def test_no_page_loads_anything_from_another_host(site):
    # Links a reader may follow (GitHub, Binder) are fine; what the browser fetches by
    # itself (scripts, styles, images, fonts) must come from the site.
    external = [
        f"{page.relative_to(SITE)}: <{tag}> {url}"
        for page in built_pages()
        for tag, url in parse(page).loads
        if is_external(url) and not url.startswith("data:")
    ]
    assert not external, "pages load resources from other hosts:\n" + "\n".join(external)


def test_mathjax_is_served_from_the_site(site):
    assert (SITE / MATHJAX).is_file(), (
        f"{MATHJAX} is not in the built site: is the extension sphinx-mathjax-offline "
        "installed (requirements.txt) and listed in _config.yml?"
    )
    # Every page with math loads that copy (and the previous test rules out a CDN).
    pages_with_math = [p for p in built_pages() if 'class="math' in p.read_text(encoding="utf-8")]
    assert pages_with_math, "no page of the book has any math"
    for page in pages_with_math:
        scripts = [url for tag, url in parse(page).loads if tag == "script"]
        local = [u for u in scripts if not is_external(u) and resolve(page, u)[0] == SITE / MATHJAX]
        assert local, f"{page.relative_to(SITE)} has math but does not load {MATHJAX}: {scripts}"


# --------------------------------------------------------------------------- browser check

# Debian's packages by default; UINN_CHROMIUM / UINN_CHROMEDRIVER name another build
# (e.g. Google Chrome and its driver on a GitHub runner).
CHROMIUM = os.environ.get("UINN_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = os.environ.get("UINN_CHROMEDRIVER") or shutil.which("chromedriver") or "/usr/bin/chromedriver"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,900",
]
# Every host but the served site (127.0.0.1) is unreachable:
# the pages, and the JupyterLite app, are checked as a reader without a network sees them.
OFFLINE_FLAGS = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
# Console errors that come from the theme stack pinned by jupyter-book 1, not from the
# book, and that break nothing a reader sees. Each is matched exactly and explained.
KNOWN_CONSOLE_ERRORS = {
    # Sphinx < 8.2 writes inline scripts added with add_js_file(None, body=...) twice
    # (fixed upstream in sphinx-doc/sphinx#13402; jupyter-book 1 needs Sphinx 7), so
    # sphinx-thebe's `const THEBE_JS_URL = ...` is declared twice. The first copy runs,
    # and the book does not use thebe (launch_buttons.thebe is false).
    "Uncaught SyntaxError: Identifier 'THEBE_JS_URL' has already been declared",
}
PAGE_TIMEOUT = 20  # seconds, per page load and per wait for MathJax
SCREENSHOT_SLICE = 8000  # pixels; a longer page is saved in several PNGs


def browser_missing() -> str | None:
    """Why the browser check cannot run here, or None."""
    if not SITE_IS_BUILT:
        return f"no built book at {SITE}: {BUILD_HINT}"
    for name, path in (("chromium", CHROMIUM), ("chromedriver", CHROMEDRIVER)):
        if not os.access(path, os.X_OK):
            return (
                f"{name} not found: install Debian's packages "
                "(`apt-get install -y chromium chromium-driver`) to run the browser check"
            )
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (it is in requirements.txt)"
    return None


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature of the base class
        pass


@pytest.fixture(scope="module")
def site_url():
    """The built site, served on an ephemeral port of localhost for this module."""
    reason = browser_missing()
    if reason:
        skip_or_fail(reason)
    handler = functools.partial(QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def chromium(flags: list[str]):
    """Start headless Chromium with ``flags`` (and a fresh profile); yield its WebDriver."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="uinn-chromium-")
    for flag in CHROMIUM_FLAGS + flags + [f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(PAGE_TIMEOUT)
    driver.set_script_timeout(PAGE_TIMEOUT)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def browser(site_url):
    """Headless Chromium that reaches the served site and nothing else."""
    yield from chromium(OFFLINE_FLAGS)


WAIT_FOR_MATHJAX = """
const done = arguments[arguments.length - 1];
const mj = window.MathJax;
if (!document.querySelector('.math')) { done('no math'); }
else if (!mj || !mj.startup || !mj.startup.promise) { done('MathJax did not load'); }
else { mj.startup.promise.then(() => done('ok'), (e) => done('MathJax failed: ' + e)); }
"""

PAGE_REPORT = r"""
const math = Array.from(document.querySelectorAll('.math'));
const outside = (node) => !node.parentElement.closest('pre, code, script, style, textarea, mjx-container, .sig');
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
let text = '';
for (let n = walker.nextNode(); n; n = walker.nextNode()) { if (outside(n)) text += n.nodeValue + '\n'; }
return {
  math: math.length,
  unrendered: math.filter(m => !m.querySelector('mjx-container')).map(m => m.textContent.slice(0, 80)),
  containers: document.querySelectorAll('mjx-container').length,
  tex_errors: Array.from(document.querySelectorAll('mjx-merror')).map(e => e.getAttribute('data-mjx-error') || e.textContent),
  // TeX that reached the reader as text: a $$ or a command such as \frac or \texttt
  raw_tex: [...new Set(text.match(/\$\$|\\[a-zA-Z]{2,}/g) || [])],
  images: Array.from(document.images).map(i => ({src: i.currentSrc || i.src, ok: i.complete && i.naturalWidth > 0})),
  resources: performance.getEntriesByType('resource').map(e => e.name),
  height: Math.ceil(Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)),
};
"""


def screenshot(driver, stem: Path, height: int) -> list[Path]:
    """PNGs of the whole page: ``stem.png``, then ``stem-2.png``, ... for a long page.

    The window is made as tall as a slice of the page, so the theme lays the page out
    as a reader sees it (sticky sidebars included), and the page is scrolled slice by
    slice; then the window is put back.
    """
    size = driver.get_window_size()
    slice_height = min(height, SCREENSHOT_SLICE)
    driver.set_window_size(size["width"], slice_height + (size["height"] - driver.execute_script("return window.innerHeight")))
    paths = []
    try:
        for number, top in enumerate(range(0, height, slice_height), start=1):
            driver.execute_script("window.scrollTo(0, arguments[0])", top)
            path = stem.with_name(stem.name + (f"-{number}" if number > 1 else "") + ".png")
            try:  # Chromium's fast PNG encoder: about twice as quick on a tall window
                shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "optimizeForSpeed": True})
                path.write_bytes(base64.b64decode(shot["data"]))
            except Exception:  # noqa: BLE001 - a browser without it: WebDriver's own screenshot
                driver.save_screenshot(str(path))
            paths.append(path)
    finally:
        driver.execute_script("window.scrollTo(0, 0)")
        driver.set_window_size(size["width"], size["height"])
    return paths


PAGES = chapter_pages()


@pytest.mark.parametrize("page", PAGES or [None], ids=lambda p: p or "no-built-site")
def test_page_renders_in_a_browser(page, browser, site_url):
    if page is None:
        skip_or_fail(f"no pages under book/ in {SITE}: {BUILD_HINT}")
    driver = browser
    driver.get_log("browser")  # drop what earlier pages logged
    start = time.monotonic()
    driver.get(f"{site_url}/{page}")
    mathjax = driver.execute_async_script(WAIT_FOR_MATHJAX)
    report = driver.execute_script(PAGE_REPORT)
    errors = [
        e["message"]
        for e in driver.get_log("browser")
        if e["level"] == "SEVERE" and not any(e["message"].endswith(" " + k) for k in KNOWN_CONSOLE_ERRORS)
    ]
    name = page.removeprefix("book/").removesuffix(".html").replace("/", "__")
    for stale in [SCREENSHOTS / f"{name}.png", *SCREENSHOTS.glob(f"{name}-[0-9]*.png")]:
        stale.unlink(missing_ok=True)
    screenshot(driver, SCREENSHOTS / name, report["height"])

    assert mathjax in ("ok", "no math"), f"{page}: {mathjax}"
    assert not report["unrendered"], f"{page}: math MathJax did not render: {report['unrendered'][:5]}"
    assert report["containers"] >= report["math"], f"{page}: {report['math']} formulas, {report['containers']} rendered"
    assert not report["tex_errors"], f"{page}: TeX errors: {report['tex_errors'][:5]}"
    assert not report["raw_tex"], f"{page}: raw TeX left in the text: {report['raw_tex']}"
    broken = [i["src"] for i in report["images"] if not i["ok"]]
    assert not broken, f"{page}: images that did not load: {broken}"
    assert not errors, f"{page}: console errors:\n" + "\n".join(errors)
    foreign = [u for u in report["resources"] if not u.startswith((site_url, "data:", "blob:"))]
    assert not foreign, f"{page}: fetched from other hosts: {foreign}"
    assert time.monotonic() - start < PAGE_TIMEOUT, f"{page}: took more than {PAGE_TIMEOUT} s"


def test_the_downloaded_site_renders_math_from_disk(browser):
    """Opened as files, with no server and no network, a page still renders its math."""
    pages = [SITE / p for p in PAGES if 'class="math' in (SITE / p).read_text(encoding="utf-8")]
    if not pages:
        skip_or_fail(f"no page with math under book/ in {SITE}")
    page = pages[0]
    driver = browser
    driver.get_log("browser")
    driver.get(page.as_uri())
    assert driver.execute_async_script(WAIT_FOR_MATHJAX) == "ok", f"{page}: MathJax did not run from disk"
    report = driver.execute_script(PAGE_REPORT)
    assert report["math"] and not report["unrendered"], f"{page}: unrendered math from disk: {report['unrendered'][:5]}"
    fonts = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "document.fonts.ready.then(() => done(Array.from(document.fonts)"
        ".filter(f => f.family.startsWith('MJX') && f.status !== 'unloaded')"
        ".map(f => f.family + ':' + f.status)));"
    )
    assert fonts and all(f.endswith(":loaded") for f in fonts), f"{page}: MathJax fonts from disk: {fonts}"


def test_search_finds_the_chapters(browser, site_url):
    """The search box works on the served site (its index is a file of the site too)."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    driver.get(f"{site_url}/search.html?q=gradient")
    WebDriverWait(driver, PAGE_TIMEOUT).until(
        lambda d: "Search finished" in d.execute_script(
            "const r = document.querySelector('#search-results'); return r ? r.textContent : '';"
        )
    )
    hits = driver.execute_script(
        "return Array.from(document.querySelectorAll('#search-results li a')).map(a => a.getAttribute('href'));"
    )
    assert any(h.startswith("book/") for h in hits), f"searching for 'gradient' found no chapter: {hits}"


# --------------------------------------------------------------------------- JupyterLite

LITE_APP = "lite/notebooks/index.html"  # what each page's JupyterLite launch button opens
NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))
LITE_TIMEOUT = 60  # seconds for the JupyterLite app to show a notebook (served locally)
RUN_TIMEOUT = 900  # seconds for Pyodide to download and a whole chapter to run


def test_the_jupyterlite_site_is_in_the_build(site):
    missing = [f for f in ("lite/index.html", LITE_APP, "lite/jupyter-lite.json") if not (site / f).is_file()]
    assert not missing, f"the JupyterLite site is incomplete, missing {missing}: is jupyterlite-sphinx installed?"


def test_every_notebook_is_in_the_jupyterlite_contents_as_stored(site):
    for notebook in NOTEBOOKS:
        copy = site / "lite" / "files" / "book" / notebook.name
        assert copy.is_file(), f"{notebook.name} is not in the JupyterLite contents (lite/files/book/)"
        stored = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        assert json.loads(copy.read_text(encoding="utf-8"))["cells"] == stored, f"lite copy of {notebook.name} differs"
    listing = json.loads((site / "lite" / "api" / "contents" / "book" / "all.json").read_text(encoding="utf-8"))
    listed = sorted(item["name"] for item in listing["content"])
    assert listed == [n.name for n in NOTEBOOKS], f"the lite folder book/ should hold the notebooks alone: {listed}"


def test_the_uinn_wheel_of_this_repository_is_served_to_piplite(site):
    import uinn

    wheels = sorted((site / "lite" / "pypi").glob("uinn-*.whl"))
    name = f"uinn-{uinn.__version__}-py3-none-any.whl"
    assert [w.name for w in wheels] == [name], f"lite/pypi should serve {name}, has {[w.name for w in wheels]}"
    index = json.loads((site / "lite" / "pypi" / "all.json").read_text(encoding="utf-8"))
    assert uinn.__version__ in index.get("uinn", {}).get("releases", {}), "the piplite index does not list uinn"
    config = json.loads((site / "lite" / "jupyter-lite.json").read_text(encoding="utf-8"))["jupyter-config-data"]
    urls = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]["pipliteUrls"]
    assert any(u.startswith("./pypi/all.json") for u in urls), f"piplite does not look in lite/pypi: {urls}"
    with zipfile.ZipFile(wheels[0]) as wheel:
        for module in sorted((ROOT / "uinn").glob("*.py")):
            assert wheel.read(f"uinn/{module.name}") == module.read_bytes(), (
                f"the served wheel's uinn/{module.name} is not this repository's: rebuild the book"
            )


def test_every_notebook_page_links_to_its_jupyterlite_notebook(site):
    missing = []
    for notebook in NOTEBOOKS:
        page = site / "book" / f"{notebook.stem}.html"
        link = f"../{LITE_APP}?path=book/{notebook.name}"
        if link not in [url for tag, url in parse(page).links if tag == "a"]:
            missing.append(f"{page.relative_to(site)} has no link {link}")
    assert not missing, "\n".join(missing)


def open_lite_notebook(driver, site_url: str, notebook: Path) -> None:
    """Open ``notebook`` in the site's JupyterLite app and wait until its first cells show."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(f"{site_url}/{LITE_APP}?path=book/{notebook.name}")
    WebDriverWait(driver, LITE_TIMEOUT).until(
        lambda d: d.execute_script("return document.querySelectorAll('.jp-Notebook .jp-Cell').length") >= 3,
        f"JupyterLite did not show the cells of {notebook.name} within {LITE_TIMEOUT} s",
    )


def cell_texts(driver) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell')).map(c => c.textContent);"
    )


def test_a_jupyterlite_notebook_shows_its_cells_without_a_network(browser, site_url):
    notebook = ROOT / "book" / "01_chain_rule.ipynb"
    open_lite_notebook(browser, site_url, notebook)
    screenshot(browser, SCREENSHOTS / "lite-01_chain_rule", 900)
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    title = next(line for line in "".join(cells[0]["source"]).splitlines() if line.startswith("# "))[2:]
    shown = cell_texts(browser)
    assert title in shown[0], f"the first cell should show the title {title!r}, shows {shown[0][:200]!r}"
    assert "piplite.install" in shown[1], f"the second cell should be the browser-install cell: {shown[1][:200]!r}"


@pytest.mark.skipif(
    os.environ.get("UINN_LITE_E2E", "") in ("", "0"),
    reason="needs a network to fetch Pyodide from its CDN: set UINN_LITE_E2E=1 (the Pages workflow does)",
)
def test_chapter_1_runs_in_the_browser(site_url):
    """Open chapter 1 in JupyterLite, run every cell in Pyodide, and find its stored outputs."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    notebook = ROOT / "book" / "01_chain_rule.ipynb"
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    n_code = sum(c["cell_type"] == "code" for c in cells)
    stored = [
        "".join(out["text"]).strip()
        for c in cells if c["cell_type"] == "code"
        for out in c.get("outputs", []) if out.get("name") == "stdout"
    ]
    for driver in chromium([]):
        open_lite_notebook(driver, site_url, notebook)
        driver.find_element(By.XPATH, "//div[contains(@class, 'lm-MenuBar-itemLabel') and text()='Run']").click()
        driver.find_element(By.CSS_SELECTOR, "li.lm-Menu-item[data-command='runmenu:run-all']").click()
        prompts = "return Array.from(document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')).map(p => p.textContent.trim());"
        try:
            WebDriverWait(driver, RUN_TIMEOUT, poll_frequency=2).until(
                lambda d: (lambda p: len(p) == n_code and all(x[1:-2].isdigit() for x in p))(d.execute_script(prompts)),
            )
        finally:
            page_text = driver.execute_script("return document.querySelector('.jp-Notebook').textContent;")
            screenshot(driver, SCREENSHOTS / "lite-01_chain_rule-ran", driver.execute_script(
                "return document.querySelector('.jp-WindowedPanel-outer, .jp-Notebook').scrollHeight;"))
        errors = driver.execute_script(
            "return Array.from(document.querySelectorAll('.jp-OutputArea-output[data-mime-type=\"application/vnd.jupyter.stderr\"]'))"
            ".map(e => e.textContent).filter(t => /Traceback|Error/.test(t));"
        )
        assert not errors, "cells raised in the browser:\n" + "\n".join(e[:500] for e in errors)
        found = [text for text in stored if text and text in page_text]
        assert found, f"none of the {len(stored)} stored outputs of {notebook.name} appeared in the browser"
        print(f"{len(found)} of {len(stored)} stored text outputs of {notebook.name} appeared verbatim in the browser")
