"""The photo pipeline on a 12-megapixel JPEG and HEIC against a floor of Pillow decoding and
resizing the same file; peak memory of each, measured in a fresh process."""

from __future__ import annotations

import io
import json
import subprocess
import sys

from bench.common import interleaved, report

SIZE = (4000, 3000)  # 12 megapixels
TIME_TARGET = 1.3
MEMORY_TARGET = 3.0  # times the decoded size


def make_photo(fmt: str) -> bytes:
    """A synthetic 12 Mpx photo: smooth gradients with texture, as a camera would give."""
    import numpy as np
    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()
    height, width = SIZE[1], SIZE[0]
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    rng = np.random.default_rng(7)
    texture = rng.normal(0, 12, (height, width)).astype(np.float32)
    channels = [
        (x / width * 200 + 30 + texture),
        (y / height * 180 + 40 + texture * 0.8),
        ((x + y) / (width + height) * 160 + 60 + texture * 0.6),
    ]
    pixels = np.clip(np.stack(channels, axis=-1), 0, 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels, "RGB").save(buffer, format=fmt, quality=90)
    return buffer.getvalue()


def floor_decode_resize(data: bytes, display: int) -> None:
    from PIL import Image

    image = Image.open(io.BytesIO(data))
    image.load()
    image.thumbnail((display, display))


def ours_pipeline(data: bytes) -> None:
    from audits.photos import process_photo
    from audits.services import photo_limits

    process_photo(data, photo_limits())


MEMORY_CHILD = r"""
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
import django
django.setup()
import pillow_heif
from PIL import Image
pillow_heif.register_heif_opener()
from bench.photos import floor_decode_resize, ours_pipeline
from django.conf import settings

def status_kib(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1])

data = open(sys.argv[2], "rb").read()
# Reset the high-water mark to the current size, so the peak is this operation's alone
# (ru_maxrss would carry the parent's peak across exec).
with open("/proc/self/clear_refs", "w") as handle:
    handle.write("5")
before = status_kib("VmRSS")
if sys.argv[1] == "ours":
    ours_pipeline(data)
else:
    floor_decode_resize(data, settings.PHOTO_DISPLAY_SIZE)
print(json.dumps({"peak_kib": status_kib("VmHWM") - before}))
"""


def peak_memory_mib(kind: str, path: str) -> float:
    result = subprocess.run(
        [sys.executable, "-c", MEMORY_CHILD, kind, path],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])["peak_kib"] / 1024


def run(rounds: int) -> bool:
    import tempfile

    from django.conf import settings

    ok = True
    decoded_mib = SIZE[0] * SIZE[1] * 3 / 1024 / 1024
    rounds = max(10, rounds // 10)
    print("\nPhoto pipeline (check, EXIF, orientation, display + thumbnail JPEGs, hashes).")
    print("floor: Pillow opening, decoding and resizing the same file to the display size.")
    for fmt in ("JPEG", "HEIF"):
        print(f"Making a 12 Mpx {fmt}...", file=sys.stderr, flush=True)
        data = make_photo(fmt)
        times = interleaved(
            {
                "ours": lambda data=data: ours_pipeline(data),
                "floor": lambda data=data: floor_decode_resize(data, settings.PHOTO_DISPLAY_SIZE),
            },
            rounds,
            warmup=2,
        )
        label = f"photo pipeline, 12 Mpx {fmt} ({len(data) / 1e6:.1f} MB)"
        ok &= report(label, times["ours"], times["floor"], TIME_TARGET)
        with tempfile.NamedTemporaryFile(suffix=f".{fmt.lower()}") as handle:
            handle.write(data)
            handle.flush()
            ours_mib = peak_memory_mib("ours", handle.name)
            floor_mib = peak_memory_mib("floor", handle.name)
        ratio = ours_mib / decoded_mib
        verdict = "ok" if ratio <= MEMORY_TARGET else "OVER"
        print(
            f"{'  peak memory':<46} ours {ours_mib:7.1f} MiB   floor {floor_mib:7.1f} MiB   "
            f"decoded {decoded_mib:.1f} MiB   ours/decoded {ratio:4.2f}x  {verdict} "
            f"(target {MEMORY_TARGET}x)",
            flush=True,
        )
        ok &= ratio <= MEMORY_TARGET
    return ok
