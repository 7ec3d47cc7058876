import pytest

from documents import rules
from documents.tests import samples


def sniff(data: bytes) -> str | None:
    return rules.sniff_content_type(data[: rules.SNIFF_BYTES], [data])


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (samples.PDF, rules.PDF),
        (samples.image_bytes("JPEG"), rules.JPEG),
        (samples.image_bytes("PNG"), rules.PNG),
        (samples.image_bytes("WEBP"), rules.WEBP),
        (samples.image_bytes("HEIF"), rules.HEIC),
        (samples.TEXT, rules.TEXT),
        (b"plain ascii notes\n", rules.TEXT),
    ],
)
def test_it_recognises_allowed_types_from_their_bytes(data, expected):
    assert sniff(data) == expected


@pytest.mark.parametrize(
    "data",
    [
        samples.EXE,
        samples.ELF,
        samples.ZIP,
        b"",
        b"text with a NUL\x00 byte",
        b"\xff\xfe not utf-8 \xc3\x28",
        b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00mif1avifmiaf",  # AVIF is HEIF-shaped but not HEIC
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
    ],
)
def test_it_refuses_anything_else(data):
    assert sniff(data) is None


def test_text_is_checked_over_the_whole_file_not_just_the_head():
    data = b"a" * (rules.SNIFF_BYTES * 3) + b"\x00"
    chunks = [data[i : i + 1000] for i in range(0, len(data), 1000)]
    assert rules.sniff_content_type(data[: rules.SNIFF_BYTES], chunks) is None


def test_a_utf8_character_split_across_chunks_is_still_text():
    data = "é".encode()
    assert rules.is_plain_text([data[:1], data[1:]])


def test_heic_is_recognised_by_a_compatible_brand():
    head = b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1heic" + b"\x00" * 16
    assert rules.heic_from_ftyp(head)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("receipt.pdf", "receipt.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\scan 1.jpg", "scan 1.jpg"),
        ('bad"name\r\n.pdf', "badname.pdf"),
        ("...hidden", "hidden"),
        ("", "file"),
        ("   ", "file"),
        (None, "file"),
    ],
)
def test_file_names_are_sanitized(raw, expected):
    assert rules.sanitize_file_name(raw) == expected


def test_long_file_names_keep_their_extension():
    name = rules.sanitize_file_name("a" * 400 + ".pdf")
    assert len(name) == rules.MAX_FILE_NAME
    assert name.endswith(".pdf")


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("manual.jpg", rules.PDF, "manual.jpg.pdf"),
        ("photo.JPEG", rules.JPEG, "photo.JPEG"),
        ("notes", rules.TEXT, "notes.txt"),
        ("IMG_1.HEIC", rules.HEIC, "IMG_1.HEIC"),
    ],
)
def test_download_names_get_the_extension_of_the_sniffed_type(name, content_type, expected):
    assert rules.with_extension(name, content_type) == expected


@pytest.mark.parametrize(
    ("header", "size", "expected"),
    [
        (None, 100, None),
        ("bytes=0-9", 100, (0, 9)),
        ("bytes=90-", 100, (90, 99)),
        ("bytes=-10", 100, (90, 99)),
        ("bytes=-500", 100, (0, 99)),
        ("bytes=50-5000", 100, (50, 99)),
        ("bytes=9-0", 100, None),  # invalid: ignored, whole file
        ("bytes=0-1,5-6", 100, None),  # several ranges: whole file
        ("items=0-1", 100, None),
    ],
)
def test_byte_ranges(header, size, expected):
    assert rules.parse_byte_range(header, size) == expected


@pytest.mark.parametrize(("header", "size"), [("bytes=100-", 100), ("bytes=-0", 100), ("bytes=0-", 0), ("bytes=-5", 0)])
def test_unsatisfiable_ranges_raise(header, size):
    with pytest.raises(rules.UnsatisfiableRange):
        rules.parse_byte_range(header, size)
