"""Photos kept with a ticket (现场照片): what the desk accepts and keeps.

A resident or a unit sends a photo of the leak or the broken lift; the
operator attaches it from a file or the clipboard. What is kept is a fresh
encoding of the picture and nothing else: no EXIF (a phone's GPS position,
its owner's name, the camera's serial number), no comments, no colour
profile — personal data the desk has no business keeping, and that would
leave with every export or backup. The limits keep one ticket from filling
the database: the file as sent, the pixels it decodes to (a small file can
unpack to gigabytes), the photos per ticket, and the size kept (the longest
side is scaled down to `MAX_SIDE`).
"""
from __future__ import annotations

from dataclasses import dataclass

from .errors import ValidationError

MAX_FILE_BYTES = 20 * 1024 * 1024   # as sent: a phone's full-size JPEG is 3–12 MB
MAX_PIXELS = 50_000_000             # decoded: refuses a "decompression bomb" before it is unpacked
MAX_SIDE = 2560                     # kept: enough to read a meter or a crack, a few hundred KB
MAX_PER_TICKET = 12
KINDS = {"JPEG": "image/jpeg", "PNG": "image/png"}  # what is accepted (by content, not by name)


@dataclass(frozen=True)
class PhotoFacts:
    """What the decoder found in the file as sent."""

    size_bytes: int
    kind: str | None      # the decoder's format name ("JPEG"), None when it is not a picture
    width: int
    height: int


def check_photo(f: PhotoFacts, already: int) -> str:
    """The media type to keep it as; a ValidationError saying why not otherwise. `already`: photos the
    ticket has."""
    if already >= MAX_PER_TICKET:
        raise ValidationError(f"每张工单最多 {MAX_PER_TICKET} 张照片。",
                              f"A ticket keeps at most {MAX_PER_TICKET} photos.")
    if f.size_bytes == 0:
        raise ValidationError("照片文件是空的。", "The photo file is empty.")
    if f.size_bytes > MAX_FILE_BYTES:
        raise ValidationError(f"照片文件太大（{f.size_bytes / 1048576:.1f} MB，最多 {MAX_FILE_BYTES // 1048576} MB）。",
                              f"The photo file is too large ({f.size_bytes / 1048576:.1f} MB; at most "
                              f"{MAX_FILE_BYTES // 1048576} MB).")
    if f.kind not in KINDS:
        raise ValidationError("只能添加 JPEG 或 PNG 照片（这个文件不是可以读取的 JPEG 或 PNG 图片）。",
                              "Only JPEG or PNG photos can be added (this file is not a readable JPEG or PNG).")
    if f.width <= 0 or f.height <= 0 or f.width * f.height > MAX_PIXELS:
        raise ValidationError(f"照片尺寸异常（{f.width}×{f.height}），不能添加。",
                              f"The photo's size is not plausible ({f.width}×{f.height}); not added.")
    return KINDS[f.kind]


def kept_size(width: int, height: int) -> tuple[int, int]:
    """The size kept: the longest side at most `MAX_SIDE`, the proportions as they were."""
    side = max(width, height)
    if side <= MAX_SIDE:
        return width, height
    scale = MAX_SIDE / side
    return max(1, round(width * scale)), max(1, round(height * scale))
