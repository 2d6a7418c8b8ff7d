"""The asv dashboard works offline: vendored CDN files, and a nuts graph rendered in headless Chromium.

The browser test publishes the asv results of asv.conf.json (results/asv) by default;
TWINBENCH_DASHBOARD_ASV_CONF=/path/asv.conf.json points it at another asv project, and
TWINBENCH_DASHBOARD_SCREENSHOT=file.png saves a screenshot of the checked graph
(`make dashboard-screenshot` writes results/asv/dashboard.png this way).
"""
import contextlib
import functools
import hashlib
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import asv
import pytest
from asv.util import load_json

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "scripts" / "dashboard-assets"
ASV_WWW = Path(asv.__file__).parent / "www"
MIN_POINTS = 10
LOAD_TIMEOUT_S = 30

# Total and per-series counts of plotted points with a value, from the flot plot asv draws in #main-graph.
POINTS_JS = """
var plot = window.jQuery && jQuery('#main-graph').data('plot');
if (!plot || jQuery.active > 0) { return null; }
return plot.getData().map(function (s) {
    return s.data.filter(function (p) { return p && p[1] !== null && isFinite(p[1]); }).map(function (p) { return p[0]; });
});
"""


def run_assets(*args):
    """Run scripts/dashboard-assets with this interpreter."""
    return subprocess.run([sys.executable, str(ASSETS), *args], capture_output=True, text=True)


# ---- the dashboard check (used by the test and by `make dashboard-screenshot`) ------------------

def asv_conf(path):
    """The asv config at path, as a dict (asv allows // comments; ours has none)."""
    return load_json(str(path), js_comments=True)


def results_commits(conf_path):
    """The distinct commit hashes that have asv results under the config's results_dir."""
    results_dir = Path(conf_path).parent / asv_conf(conf_path)["results_dir"]
    commits = set()
    for path in results_dir.glob("*/*.json"):
        if path.name != "machine.json":
            commits.add(json.loads(path.read_text()).get("commit_hash"))
    return commits - {None}


def publish(conf_path, html_dir):
    """`asv publish` the config's results into html_dir, then make html_dir use dashboard/vendor."""
    asv = Path(sys.executable).with_name("asv")
    subprocess.run([str(asv), "publish", "--no-pull", "--config", str(Path(conf_path).resolve()),
                    "--html-dir", str(html_dir)], cwd=Path(conf_path).parent, check=True, capture_output=True)
    installed = run_assets("install", str(html_dir))
    assert installed.returncode == 0, installed.stderr


@contextlib.contextmanager
def serve(directory):
    """A static http server for directory on a free 127.0.0.1 port; yields its base URL."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def browser_binaries():
    """(chromium, chromedriver) paths; fail if missing but installable, skip only if not installable."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    driver = shutil.which("chromedriver")
    if chromium and driver:
        return chromium, driver
    if shutil.which("apt-get"):
        pytest.fail("chromium/chromedriver not installed: run `make browser-deps` (apt-get install chromium chromium-driver)")
    pytest.skip("chromium/chromedriver not installed and not installable here (no apt-get); see `make browser-deps`")


@contextlib.contextmanager
def headless_chromium(chromium, chromedriver):
    """A headless Chromium webdriver (no network needed: explicit binaries, no Selenium Manager)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "SEVERE"})
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def pick_benchmark(html_dir, substring):
    """The first benchmark (by name) in the published index.json whose name contains substring."""
    names = sorted(json.loads((Path(html_dir) / "index.json").read_text())["benchmarks"])
    matches = [name for name in names if substring in name]
    assert matches, f"no benchmark name contains {substring!r}; published: {names}"
    return matches[0]


def wait_for_points(driver, timeout=LOAD_TIMEOUT_S):
    """Per-series x values of the plotted points, once two polls agree with no request pending."""
    deadline, previous = time.monotonic() + timeout, None
    while time.monotonic() < deadline and "error.html" not in driver.current_url:
        series = driver.execute_script(POINTS_JS)
        if series and any(series) and series == previous:
            return series
        previous = series
        time.sleep(0.25)
    return previous or []


def check_dashboard(conf_path, substring, html_dir, screenshot=None, min_points=MIN_POINTS):
    """Publish conf_path's results, open the graph of a benchmark matching substring, check it; a summary."""
    publish(conf_path, html_dir)
    benchmark = pick_benchmark(html_dir, substring)
    with serve(html_dir) as base, headless_chromium(*browser_binaries()) as driver:
        driver.get(f"{base}index.html#{benchmark}")
        series = wait_for_points(driver)
        failed = "failed to load" in driver.page_source or "error.html" in driver.current_url
        logs = [entry["message"] for entry in driver.get_log("browser")]
        assert not failed, f"asv's 'dependencies failed to load' page is shown; browser errors: {logs}"
        points = sum(len(xs) for xs in series)
        assert points >= min_points, f"{benchmark}: {points} points plotted (want >= {min_points}); browser errors: {logs}"
        if screenshot:
            Path(screenshot).parent.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(screenshot))
    return {"benchmark": benchmark, "series": len(series), "points": points,
            "commits": len({x for xs in series for x in xs})}


# ---- tests ---------------------------------------------------------------------------------------

def test_vendored_files_match_manifest():
    """Every manifest entry is vendored with its sha256, and covers one CDN URL."""
    manifest = json.loads((ROOT / "dashboard" / "assets.json").read_text())
    for entry in manifest["files"]:
        data = (ROOT / "dashboard" / "vendor" / entry["local"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["local"]
        assert entry["tarball"].startswith("https://registry.npmjs.org/")
    assert len({entry["cdn"] for entry in manifest["files"]}) == len(manifest["files"])


def test_install_points_asv_html_at_vendor(tmp_path):
    """asv's own index.html/error.html end up with no remote <script>/<link>, integrity or crossorigin."""
    for name in ("index.html", "error.html"):
        shutil.copy(ASV_WWW / name, tmp_path / name)
    result = run_assets("install", str(tmp_path))
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "index.html").read_text()
    assert "https://cdn" not in html and "code.jquery.com" not in html
    assert "integrity=" not in html and "crossorigin" not in html
    assert (tmp_path / "vendor" / "jquery-3.3.1" / "dist" / "jquery.min.js").is_file()


def test_install_rejects_uncovered_cdn(tmp_path):
    """A CDN reference the manifest does not cover (an asv upgrade) fails with one line naming it."""
    url = "https://cdn.jsdelivr.net/npm/newdep@1.0.0/newdep.min.js"
    html = (ASV_WWW / "index.html").read_text().replace("</head>", f'<script src="{url}"></script></head>')
    (tmp_path / "index.html").write_text(html)
    result = run_assets("install", str(tmp_path))
    assert result.returncode == 1
    assert url in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "vendor").exists()


@pytest.mark.dashboard
def test_dashboard_renders_nuts_graph(tmp_path):
    """The published results/asv show a nuts graph with >= 10 points in headless Chromium, offline."""
    conf = Path(os.environ.get("TWINBENCH_DASHBOARD_ASV_CONF", ROOT / "asv.conf.json"))
    if not results_commits(conf):
        pytest.fail(f"no asv results under {conf.parent / asv_conf(conf)['results_dir']} (run make bench-quick first)")
    summary = check_dashboard(conf, "nuts", tmp_path / "html", os.environ.get("TWINBENCH_DASHBOARD_SCREENSHOT"))
    print(summary)
