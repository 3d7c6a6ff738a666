"""Pictures made on the spot for tests (no sample photos needed): every one is different,
so that two tests never share an image by accident."""

import io
import itertools
import struct

from PIL import ExifTags
from PIL import Image as PILImage

from images.library import add_image

_counter = itertools.count(1)

GPS = {1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)}


def picture_bytes(
    width=1000, height=600, format="JPEG", gps=False, orientation=None, icc=None, mode="RGB"
):
    """A picture with a unique colour, optionally carrying EXIF GPS, an orientation and an ICC
    profile (as cameras write them)."""
    n = next(_counter)
    colour = (n * 37 % 256, n * 91 % 256, n * 53 % 256)
    if mode == "RGBA":
        colour = (*colour, 128)
    image = PILImage.new(mode, (width, height), colour)
    # A second colour in one corner: orientation tests can tell which way is up.
    image.paste((255, 255, 255) if mode == "RGB" else (255, 255, 255, 255), (0, 0, 10, 10))
    options = {}
    exif = PILImage.Exif()
    if gps:
        exif[ExifTags.IFD.GPSInfo] = GPS
        exif[0x010F] = "CameraMaker"
    if orientation:
        exif[0x0112] = orientation
    if len(exif):
        options["exif"] = exif.tobytes()
    if icc:
        options["icc_profile"] = icc
    if format == "JPEG":
        options["comment"] = b"shot at the secret location"
    buffer = io.BytesIO()
    image.save(buffer, format, **options)
    return buffer.getvalue()


def _s15(value):
    return struct.pack(">i", round(value * 65536))


def _xyz(x, y, z):
    return b"XYZ " + b"\0" * 4 + _s15(x) + _s15(y) + _s15(z)


def swapped_rgb_profile():
    """A small ICC v2 RGB profile whose red and blue primaries are sRGB's the other way round:
    a pixel that is red in its numbers is blue to the eye, so a conversion to sRGB is easy to
    see in a test. (Pillow can build only sRGB, LAB and XYZ profiles itself.)"""
    curve = b"curv" + b"\0" * 4 + struct.pack(">IH", 1, 0x0233) + b"\0\0"  # gamma 2.2
    text = b"swapped primaries\0"
    desc = b"desc" + b"\0" * 4 + struct.pack(">I", len(text)) + text + b"\0" * (4 + 4 + 2 + 1 + 67)
    desc += b"\0" * (-len(desc) % 4)
    tags = [
        (b"desc", desc),
        (b"wtpt", _xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", _xyz(0.1431, 0.0606, 0.7141)),  # sRGB's blue
        (b"gXYZ", _xyz(0.3851, 0.7169, 0.0971)),
        (b"bXYZ", _xyz(0.4361, 0.2225, 0.0139)),  # sRGB's red
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for signature, data in tags:
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    size = offset + len(body)
    header = (
        struct.pack(">I", size)
        + b"\0" * 4
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + b"\0" * 12
        + b"acsp"
        + b"\0" * 24
        + struct.pack(">I", 0)
        + _s15(0.9642)
        + _s15(1.0)
        + _s15(0.8249)
        + b"\0" * 48
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + body


def make_image(data=None, name="photo.jpg", **fields):
    defaults = {"alt_text": f"A test picture {next(_counter)}"}
    image, _ = add_image(data or picture_bytes(), name, **(defaults | fields))
    return image
