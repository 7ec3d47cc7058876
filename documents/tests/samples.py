"""Small real files for upload tests, built in memory."""

import io

import pillow_heif
from PIL import ExifTags, Image

pillow_heif.register_heif_opener()

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
# A Windows executable's header ("MZ" ... "PE\0\0").
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 44 + b"\x80\x00\x00\x00" + b"PE\x00\x00"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 40
TEXT = "Warranty: 5 years. Garantía: 5 años. 保証\n".encode()


def image_bytes(fmt: str = "JPEG", size=(64, 32), color="red", *, gps: bool = False, orientation: int | None = None):
    """An image; with `gps`, EXIF carrying a location; with `orientation`, an EXIF rotation tag."""
    image = Image.new("RGB", size, color)
    exif = Image.Exif()
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    if gps:
        exif[ExifTags.Base.Make] = "TestCam"
        gps_ifd = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps_ifd[ExifTags.GPS.GPSLatitudeRef] = "N"
        gps_ifd[ExifTags.GPS.GPSLatitude] = (37.0, 46.0, 30.0)
        gps_ifd[ExifTags.GPS.GPSLongitudeRef] = "W"
        gps_ifd[ExifTags.GPS.GPSLongitude] = (122.0, 25.0, 10.0)
    out = io.BytesIO()
    options = {"exif": exif} if (gps or orientation) else {}
    image.save(out, format=fmt, **options)
    return out.getvalue()


def gps_of(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif().get_ifd(ExifTags.IFD.GPSInfo))


def exif_of(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif())


def size_of(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        return image.size
