"""Turning an uploaded photo into stored evidence: checked, oriented, stripped of every byte of
metadata, resized, hashed. A pure function of the bytes and the limits."""

from __future__ import annotations

import hashlib
import io
import logging
import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import imagehash
import numpy as np
import pillow_heif
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from api.errors import DomainError

pillow_heif.register_heif_opener()

logger = logging.getLogger(__name__)

# MPO is what many phone cameras write: a JPEG whose first frame is the picture, followed by
# extra frames (depth, a preview). Pillow reads it as MPO; we keep the first frame, as a JPEG.
ACCEPTED_FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP", "HEIF"})
STORED_FORMAT_NAMES = {"MPO": "JPEG"}
# Capture times outside these years are a camera whose clock was never set (year 1, 9999):
# kept as "unknown" rather than refusing the photo or overflowing on conversion to UTC.
CAPTURE_YEARS = range(1990, 2100)
# A file that ends in this many zero bytes was cut off while being written and padded (a phone
# that preallocates the file). Compressed picture data never ends so, and decoders paint what
# is missing (libheif in solid green) instead of failing.
ZERO_TAIL_BYTES = 32

EXIF_IFD = 0x8769
GPS_IFD = 0x8825
DATETIME_ORIGINAL = 0x9003
OFFSET_TIME_ORIGINAL = 0x9011


class PhotoRejected(DomainError):
    """The upload is not a photo we can keep; ``code`` says why."""

    def __init__(self, code: str, message: str):
        super().__init__(message, code=code, attr="file")


@dataclass(frozen=True)
class PhotoLimits:
    max_bytes: int
    max_pixels: int
    display_size: int
    thumbnail_size: int


@dataclass(frozen=True)
class ProcessedPhoto:
    display: bytes
    thumbnail: bytes
    width: int
    height: int
    original_format: str
    sha256: str
    phash: str
    captured_at: datetime | None
    captured_at_is_local: bool
    latitude: Decimal | None
    longitude: Decimal | None


def _rational(value) -> float:
    return float(value)


def _gps(exif: Image.Exif) -> tuple[Decimal | None, Decimal | None]:
    gps = exif.get_ifd(GPS_IFD)
    try:
        lat = gps[2]
        lon = gps[4]
        latitude = sum(_rational(part) / 60**i for i, part in enumerate(lat))
        longitude = sum(_rational(part) / 60**i for i, part in enumerate(lon))
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None, None
    if gps.get(1) == "S":
        latitude = -latitude
    if gps.get(3) == "W":
        longitude = -longitude
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None, None
    return Decimal(f"{latitude:.6f}"), Decimal(f"{longitude:.6f}")


def _captured_at(exif: Image.Exif) -> tuple[datetime | None, bool]:
    """The capture time; the flag says it had no offset (local time of the place)."""
    ifd = exif.get_ifd(EXIF_IFD)
    raw = ifd.get(DATETIME_ORIGINAL) or exif.get(0x0132)
    if not isinstance(raw, str):
        return None, False
    try:
        moment = datetime.strptime(raw.strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None, False
    if moment.year not in CAPTURE_YEARS:
        return None, False
    offset = ifd.get(OFFSET_TIME_ORIGINAL)
    if isinstance(offset, str) and len(offset) == 6 and offset[0] in "+-":
        try:
            hours, minutes = int(offset[1:3]), int(offset[4:6])
            sign = 1 if offset[0] == "+" else -1
            tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
        except ValueError:  # not digits, or an offset of a day or more
            return moment, True
        return moment.replace(tzinfo=tz), False
    return moment, True


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    # Pillow writes some of what it read (a JPEG comment) back from ``info``; with that emptied
    # and no exif, icc_profile or comment passed, nothing but pixels is written.
    image.info = {}
    image.save(buffer, format="JPEG", quality=85, optimize=False)
    return buffer.getvalue()


def _heif_cut_short(data: bytes) -> bool:
    """Whether a HEIF file's top-level boxes (ISO base media format: a 32-bit size, or 1 and a
    64-bit one, then the type) run past its end: a copy that was interrupted. libheif decodes
    such a file without an error, painting the missing tiles solid green."""
    position = 0
    while position + 8 <= len(data):
        size = int.from_bytes(data[position : position + 4], "big")
        if size == 1:
            if position + 16 > len(data):
                return True
            size = int.from_bytes(data[position + 8 : position + 16], "big")
        elif size == 0:  # the last box, to the end of the file
            return False
        if size < 8:
            return True  # not a box at all: damaged
        position += size
    return position != len(data)


def _decode_heif_reduced(data: bytes, display_size: int) -> Image.Image:
    """Decode a HEIF image at the smallest power-of-two reduction still at least the display
    size, averaging straight out of libheif's buffer. Pillow's own HEIF loader copies the
    full-size picture (at 4 bytes a pixel) first, which is what pushes its peak memory up."""
    heif = pillow_heif.open_heif(io.BytesIO(data), convert_hdr_to_8bit=True)
    frame = heif[heif.primary_index]
    width, height = frame.size
    mode = frame.mode
    channels = len(mode)
    buffer = np.frombuffer(frame.data, dtype=np.uint8)
    pixels = buffer.reshape(height, frame.stride)[:, : width * channels]
    pixels = pixels.reshape(height, width, channels)
    factor = 1
    while factor < 8 and max(width, height) // (factor * 2) >= display_size:
        factor *= 2
    if factor > 1:
        rows, cols = height // factor, width // factor
        total = np.zeros((rows, cols, channels), dtype=np.uint16)
        for dy in range(factor):
            for dx in range(factor):
                total += pixels[dy : rows * factor : factor, dx : cols * factor : factor]
        total >>= factor.bit_length() * 2 - 2  # divide by factor squared
        reduced = total.astype(np.uint8)
        del total
    else:
        reduced = np.ascontiguousarray(pixels)
    del pixels, buffer, frame, heif  # let libheif's full-size buffer go
    return Image.fromarray(reduced, mode)


def check_photo_size(size: int, limits: PhotoLimits) -> None:
    """Refuse an upload by its size alone, before its bytes are read."""
    if size > limits.max_bytes:
        raise PhotoRejected(
            "file_too_large",
            _("The file is %(size)d bytes; the limit is %(limit)d bytes.")
            % {"size": size, "limit": limits.max_bytes},
        )


def process_photo(data: bytes, limits: PhotoLimits) -> ProcessedPhoto:
    check_photo_size(len(data), limits)
    if not data:
        raise PhotoRejected("empty_file", _("The file is empty."))
    if len(data) > ZERO_TAIL_BYTES and not data[-ZERO_TAIL_BYTES:].strip(b"\0"):
        raise PhotoRejected(
            "corrupt_image",
            _(
                "The file ends in empty bytes: it was cut off while being saved. Send the photo "
                "again from the camera roll."
            ),
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise PhotoRejected(
            "too_many_pixels",
            _("The image has more pixels than can be decoded safely; the limit is %(limit)d.")
            % {"limit": limits.max_pixels},
        ) from None
    except UnidentifiedImageError:
        raise PhotoRejected(
            "unsupported_format",
            _("This is not a JPEG, PNG, WebP or HEIC/HEIF image, or it is damaged."),
        ) from None
    except Exception as error:
        # Plugins fail in their own ways on a damaged header (a truncated WebP raises OSError
        # from its decoder); every one of them means the same to the phone.
        logger.info("photo header unreadable: %r", error)
        raise PhotoRejected(
            "corrupt_image", _("The image could not be read; it may be truncated or damaged.")
        ) from None
    if image.format not in ACCEPTED_FORMATS:
        raise PhotoRejected(
            "unsupported_format",
            _("%(format)s images are not accepted; send JPEG, PNG, WebP or HEIC/HEIF.")
            % {"format": image.format},
        )
    width, height = image.size
    if width * height > limits.max_pixels:
        raise PhotoRejected(
            "too_many_pixels",
            _("The image is %(width)dx%(height)d pixels; the limit is %(limit)d pixels.")
            % {"width": width, "height": height, "limit": limits.max_pixels},
        )
    original_format = STORED_FORMAT_NAMES.get(image.format, image.format)
    if original_format == "HEIF" and _heif_cut_short(data):
        raise PhotoRejected(
            "corrupt_image",
            _(
                "The file is shorter than it says it is: it was cut off while being copied. "
                "Send the photo again from the camera roll."
            ),
        )
    try:
        exif = image.getexif()
        captured_at, is_local = _captured_at(exif)
        latitude, longitude = _gps(exif)
        if original_format == "HEIF":
            # libheif has already turned the picture by the file's own rotation boxes.
            image = _decode_heif_reduced(data, limits.display_size)
        else:
            if original_format == "JPEG":
                # Decode at a reduced scale (1/2, 1/4, 1/8) where the display size allows it:
                # far less memory and time. The box keeps the image's aspect ratio, or draft()
                # would refuse to scale for the shorter side.
                scale = limits.display_size / max(width, height)
                if scale < 1:
                    image.draft("RGB", (round(width * scale), round(height * scale)))
            image.load()
            # In place: without it, Pillow returns a full-size copy even when nothing turns.
            ImageOps.exif_transpose(image, in_place=True)
        if image.mode in ("RGBA", "LA", "P", "PA"):
            image = image.convert("RGBA")
            background = Image.new("RGB", image.size, (255, 255, 255))
            background.paste(image, mask=image.getchannel("A"))
            image = background
        elif image.mode != "RGB":
            image = image.convert("RGB")
        image.thumbnail((limits.display_size, limits.display_size), Image.Resampling.BICUBIC)
        thumbnail = image.copy()
        thumbnail.thumbnail(
            (limits.thumbnail_size, limits.thumbnail_size), Image.Resampling.BICUBIC
        )
        display_bytes, thumbnail_bytes = _jpeg(image), _jpeg(thumbnail)
        phash = str(imagehash.phash(thumbnail))
    except Exception as error:
        # Pillow raises OSError, SyntaxError, ValueError or EOFError, libheif RuntimeError or
        # ValueError, and a damaged header can surface as IndexError or struct.error.
        raise PhotoRejected(
            "corrupt_image",
            _("The image could not be decoded (%(error)s); it may be truncated.")
            % {"error": error},
        ) from None
    return ProcessedPhoto(
        display=display_bytes,
        thumbnail=thumbnail_bytes,
        width=image.width,
        height=image.height,
        original_format=original_format,
        sha256=hashlib.sha256(data).hexdigest(),
        phash=phash,
        captured_at=captured_at,
        captured_at_is_local=is_local,
        latitude=latitude,
        longitude=longitude,
    )
