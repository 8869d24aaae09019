"""Large saved pages, generated: what a browser writes for a heavy news page (inline scripts and
styles, images as data: URIs, deep markup around the article), for the memory tests and measuring.

Run ``python tests/index/ingest/big_pages.py SIZE_MB`` to print the peak memory of reading one
HTML page and one MHTML file of that size.
"""

from __future__ import annotations

import base64
import random
import subprocess
import sys
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

_WORDS = [
    *("council", "harbour", "ferry", "vote", "engineers", "pilings", "minister", "budget", "school", "river"),
    *("bridge", "market", "season", "reporters", "spring", "record", "weather", "station", "library"),
    *("village", "festival", "road", "rail"),
]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randrange(8, 20))]
    return " ".join(words).capitalize() + "."


def big_html(size: int, seed: int = 63) -> bytes:
    """A page of about ``size`` bytes: a third scripts and styles, a fifth images, the rest markup."""
    rng = random.Random(seed)
    head = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<title>Harbour pier to close after cracks found - The Elwin Courier</title>",
        "<link rel='canonical' href='https://courier.example.org/news/2024/05/02/pier-to-close'>",
        "<meta property='og:site_name' content='The Elwin Courier'>",
        "<meta name='author' content='Priya Raman'><meta property='article:published_time' content='2024-05-02'>",
    ]
    parts = ["".join(head)]
    budget = {"script": size * 22 // 100, "style": size * 11 // 100, "image": size * 20 // 100}
    css = "".join(f".c{i}{{margin:{i % 7}px;color:#{i % 4096:03x}}}" for i in range(2000))
    while budget["style"] > 0:
        parts.append(f"<style>{css}</style>")
        budget["style"] -= len(css)
    state = '{"items":[' + ",".join(f'{{"id":{i},"t":"{_sentence(rng)}"}}' for i in range(2000)) + "]}"
    while budget["script"] > 0:
        parts.append(f"<script>window.__STATE__={state};function f(a){{return a<b&&c>d}}</script>")
        budget["script"] -= len(state)
    parts.append("</head><body><div id='app'>")
    pixels = base64.b64encode(rng.randbytes(30_000)).decode()
    while budget["image"] > 0:
        parts.append(f"<figure><img alt='photo' src='data:image/jpeg;base64,{pixels}'></figure>")
        budget["image"] -= len(pixels)
    parts.append("<article><h1>Harbour pier to close after cracks found</h1>")
    for _ in range(30):
        parts.append(f"<p>{' '.join(_sentence(rng) for _ in range(4))}</p>")
    parts.append("</article>")
    written = sum(len(p) for p in parts)
    n = 0
    while written < size - 200:
        block = (
            f"<div class='c{n % 2000} rail'><ul>"
            + "".join(f"<li><a href='/news/{n}/{i}'>{_sentence(rng)}</a></li>" for i in range(10))
            + f"</ul><span data-x='{n}'>{_sentence(rng)}</span></div>"
        )
        parts.append(block)
        written += len(block)
        n += 1
    parts.append("</div></body></html>")
    return "".join(parts).encode()


def big_mhtml(size: int, seed: int = 53) -> bytes:
    """Chrome's MHTML of a page of about ``size`` bytes (quoted-printable, as Chrome writes it)."""
    page = big_html(int(size / 1.2), seed)  # quoted-printable adds a sixth
    msg = EmailMessage(policy=SMTP)
    msg["From"] = "<Saved by Blink>"
    msg["MIME-Version"] = "1.0"
    msg["Snapshot-Content-Location"] = "https://courier.example.org/news/2024/05/02/pier-to-close"
    msg["Subject"] = "Harbour pier to close after cracks found"
    msg["Date"] = "Thu, 2 May 2024 09:00:00 -0000"
    msg.make_mixed()
    msg.replace_header("Content-Type", 'multipart/related; type="text/html"')
    part = EmailMessage(policy=SMTP)
    part.set_content(page, maintype="text", subtype="html", cte="quoted-printable")
    part.replace_header("Content-Type", 'text/html; charset="utf-8"')
    msg.attach(part)
    return msg.as_bytes()


_MEASURE = """
import sys, time
from index.ingest import read_file

def status(key):
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith(key + ":"))

read_file(sys.argv[2])  # imports and warm-up on a small page
before = status("VmRSS")
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # the peak (VmHWM) starts again from here
started = time.perf_counter()
articles = read_file(sys.argv[1])
seconds = time.perf_counter() - started
print(before, status("VmHWM"), seconds, len(articles[0].body))
"""


def measure(path: Path, warm_up: Path) -> tuple[int, int, float, int]:
    """Resident bytes before and at the peak of reading ``path`` in a fresh, warmed-up process
    (Linux only: it reads /proc), the seconds it took and the length of the article's text."""
    root = Path(__file__).resolve().parents[3]
    run = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path), str(warm_up)],
        cwd=root, capture_output=True, text=True, check=True, timeout=600,
    )  # fmt: skip
    before, peak, seconds, body = run.stdout.split()
    return int(before), int(peak), float(seconds), int(body)


def write(folder: Path, size: int) -> list[Path]:
    """Write big.html and big.mhtml of about ``size`` bytes (in a child process: this one stays small)."""
    code = (
        "import sys; from pathlib import Path; from big_pages import big_html, big_mhtml\n"
        "Path(sys.argv[1], 'big.html').write_bytes(big_html(int(sys.argv[2])))\n"
        "Path(sys.argv[1], 'big.mhtml').write_bytes(big_mhtml(int(sys.argv[2])))\n"
    )
    here = Path(__file__).resolve().parent
    subprocess.run([sys.executable, "-c", code, str(folder), str(size)], cwd=here, check=True, timeout=600)
    return [folder / "big.html", folder / "big.mhtml"]


def main() -> None:
    """Print the memory that reading a generated page of the given size takes."""
    import tempfile

    size = int(float(sys.argv[1]) * 2**20)
    fixtures = Path(__file__).resolve().parents[2] / "fixtures" / "formats"
    with tempfile.TemporaryDirectory() as tmp:
        for path in write(Path(tmp), size):
            before, peak, seconds, body = measure(path, fixtures / "page.html")
            length = path.stat().st_size
            print(
                f"{path.name}: {length / 2**20:.1f} MB file, peak {peak / 2**20:.0f} MB "
                f"(+{(peak - before) / 2**20:.0f} MB over the warmed-up process's {before / 2**20:.0f} MB, "
                f"{(peak - before) / length:.1f}x the file), {seconds:.1f} s, {body} characters of text"
            )


if __name__ == "__main__":
    main()
