"""Photo processing: decode, apply orientation, drop every metadata block, thumbnail."""

import io
import warnings
from dataclasses import dataclass

import pillow_heif
from PIL import Image, ImageOps, UnidentifiedImageError

from documents import rules

pillow_heif.register_heif_opener()

# What each accepted photo type is stored as. HEIC becomes JPEG: every client
# can display it and Pillow writes it without the HEIF encoder's cost.
_STORED_FORMAT = {
    rules.JPEG: ("JPEG", rules.JPEG),
    rules.HEIC: ("JPEG", rules.JPEG),
    rules.PNG: ("PNG", rules.PNG),
    rules.WEBP: ("WEBP", rules.WEBP),
}


class UndecodableImage(Exception):
    """The bytes looked like an image type we accept but do not decode as one."""


@dataclass(frozen=True)
class ProcessedPhoto:
    data: bytes
    content_type: str
    width: int
    height: int
    thumbnail: bytes
    thumbnail_content_type: str


def _encode(image: Image.Image, fmt: str, icc_profile: bytes | None) -> bytes:
    out = io.BytesIO()
    # No `exif=`, no `pnginfo=`: nothing from the original's metadata is written
    # except the colour profile, which carries no location.
    options: dict = {"icc_profile": icc_profile} if icc_profile else {}
    if fmt == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
            options.pop("icc_profile", None)  # the profile described the old colour space
        options.update(quality=88, optimize=True)
    elif fmt == "WEBP":
        options.update(quality=88)
    elif fmt == "PNG":
        options.update(optimize=True)
    image.save(out, format=fmt, **options)
    return out.getvalue()


def process_photo(fileobj, content_type: str, thumbnail_px: int) -> ProcessedPhoto:
    """Re-encode a sniffed photo with orientation applied and all EXIF (GPS included) dropped."""
    fmt, stored_type = _STORED_FORMAT[content_type]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(fileobj) as original:
                original.load()
                icc_profile = original.info.get("icc_profile")
                image = ImageOps.exif_transpose(original)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise UndecodableImage(str(exc)) from exc
    except Image.DecompressionBombWarning as exc:
        raise UndecodableImage(str(exc)) from exc
    image.info.pop("exif", None)
    if image.mode == "P":
        image = image.convert("RGBA")
    data = _encode(image, fmt, icc_profile)
    thumb = image.copy()
    thumb.thumbnail((thumbnail_px, thumbnail_px), Image.Resampling.LANCZOS)
    # JPEG thumbnails unless transparency would be lost.
    thumb_fmt, thumb_type = ("PNG", rules.PNG) if thumb.mode in ("RGBA", "LA") else ("JPEG", rules.JPEG)
    thumbnail = _encode(thumb, thumb_fmt, icc_profile)
    return ProcessedPhoto(data, stored_type, image.width, image.height, thumbnail, thumb_type)
