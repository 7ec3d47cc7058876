"""Pure functions: what a file's bytes are, safe download names, HTTP byte ranges."""

import codecs
import re
import unicodedata
from collections.abc import Iterable

import filetype

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
HEIC = "image/heic"
WEBP = "image/webp"
TEXT = "text/plain"

DOCUMENT_TYPES = frozenset({PDF, JPEG, PNG, HEIC, WEBP, TEXT})
PHOTO_TYPES = frozenset({JPEG, PNG, HEIC, WEBP})

SNIFF_BYTES = 8192
# ISO-BMFF brands of HEIF images coded with HEVC (what iPhones write).
_HEIC_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"})
_HEIF_GENERIC_BRANDS = frozenset({b"mif1", b"msf1"})


def heic_from_ftyp(head: bytes) -> bool:
    """Whether the ISO-BMFF `ftyp` box names a HEIC brand (major or compatible)."""
    if len(head) < 16 or head[4:8] != b"ftyp":
        return False
    box_size = int.from_bytes(head[0:4], "big")
    if box_size < 16 or box_size > len(head):
        box_size = min(len(head), 64)
    brands = {head[8:12]} | {head[i : i + 4] for i in range(16, box_size - 3, 4)}
    if brands & _HEIC_BRANDS:
        return True
    # A generic HEIF brand alone is HEIC unless the file says it is AVIF.
    return bool(brands & _HEIF_GENERIC_BRANDS) and b"avif" not in brands and b"avis" not in brands


def is_plain_text(chunks: Iterable[bytes]) -> bool:
    """Valid UTF-8 with no NUL bytes, checked incrementally over the whole file."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    seen = False
    try:
        for chunk in chunks:
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
            seen = seen or bool(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return seen


def sniff_content_type(head: bytes, chunks: Iterable[bytes] = ()) -> str | None:
    """The content type decided from the bytes alone, or None when it is none we know.

    `head` is the start of the file (at least SNIFF_BYTES when the file is that long);
    `chunks` yields the whole file and is only read when the file might be plain text.
    """
    if not head:
        return None
    if head.startswith(b"%PDF-"):
        return PDF
    if heic_from_ftyp(head):
        return HEIC
    kind = filetype.guess(head)
    if kind is not None:
        if kind.mime in {JPEG, PNG, WEBP}:
            return kind.mime
        return None  # a binary format we recognise and refuse (executables, archives...)
    if is_plain_text(chunks):
        return TEXT
    return None


_UNSAFE_NAME_CHARS = re.compile(r'[\x00-\x1f\x7f"*:<>?|]')
_SPACES = re.compile(r"\s+")
MAX_FILE_NAME = 255


def sanitize_file_name(raw: str | None, fallback: str = "file") -> str:
    """A display/download name: last path component, no control or shell-special characters."""
    name = unicodedata.normalize("NFC", raw or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_NAME_CHARS.sub("", name)
    name = _SPACES.sub(" ", name).strip().lstrip(".").strip()
    if not name:
        return fallback
    if len(name) > MAX_FILE_NAME:
        stem, dot, ext = name.rpartition(".")
        keep_ext = bool(dot) and 0 < len(ext) <= 16
        name = stem[: MAX_FILE_NAME - len(ext) - 1] + "." + ext if keep_ext else name[:MAX_FILE_NAME]
    return name


def with_extension(name: str, content_type: str) -> str:
    """Make the name's extension agree with the sniffed type (a PDF called x.jpg downloads as x.pdf)."""
    from documents.models import EXTENSIONS

    ext = EXTENSIONS[content_type]
    _, dot, current = name.rpartition(".")
    aliases = {".jpg": {"jpg", "jpeg", "jpe"}, ".txt": {"txt", "text", "log", "csv", "md"}, ".heic": {"heic", "heif"}}
    if dot and current.lower() in aliases.get(ext, {ext[1:]}):
        return name
    return name[: MAX_FILE_NAME - len(ext)] + ext


class UnsatisfiableRange(Exception):
    """The Range header asks for bytes the file does not have (→ 416)."""


_RANGE = re.compile(r"^bytes=\s*(\d*)\s*-\s*(\d*)\s*$")


def parse_byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The inclusive (first, last) byte positions of a single-range `Range` header.

    None means "send the whole file" (no header, a syntax we ignore per RFC 9110,
    or several ranges, which we answer with the full body). Raises
    UnsatisfiableRange when the range starts past the end.
    """
    if not header:
        return None
    match = _RANGE.match(header.strip())
    if match is None:
        return None
    first, last = match.groups()
    if first == "" and last == "":
        return None
    if first == "":  # suffix range: the last N bytes
        length = int(last)
        if length == 0 or size == 0:
            raise UnsatisfiableRange
        return max(size - length, 0), size - 1
    start = int(first)
    end = size - 1 if last == "" else min(int(last), size - 1)
    if last != "" and int(last) < start:
        return None  # invalid: ignore the header
    if start >= size:
        raise UnsatisfiableRange
    return start, end
