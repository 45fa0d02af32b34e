"""现场照片: a photo attached to a ticket is kept re-encoded — no EXIF, no GPS, no comment — within the size
and pixel limits; broken, hostile and oversized files are refused with a message and change nothing."""
from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import func, select

from console.domain.errors import ValidationError
from console.domain.photos import MAX_PER_TICKET, MAX_SIDE
from console.services import tickets as T
from console.services.photos import add_photo, add_photo_file, photo_data
from console.store.models import TicketEvent, TicketPhoto


def _jpeg_with_gps(w: int = 4000, h: int = 3000) -> bytes:
    img = Image.new("RGB", (w, h), (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"          # Make
    exif[0x013B] = "王建国"                # Artist
    exif[0x0112] = 6                     # Orientation: rotate 90° to show upright
    gps = exif.get_ifd(0x8825)
    gps[2] = (31.0, 14.0, 2.0)           # GPSLatitude
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif, comment=b"secret comment")
    return out.getvalue()


def _count(desk) -> int:
    with desk.db.read() as s:
        return s.scalar(select(func.count()).select_from(TicketPhoto)) or 0


def test_a_photo_is_kept_without_its_metadata_and_upright(desk, operator):
    t = T.log_call(desk, operator, T.NewCall(description="墙面裂缝"))
    raw = _jpeg_with_gps()
    assert b"PhoneMaker" in raw and b"secret comment" in raw
    add_photo(desk, operator, t.id, raw, "/home/x/IMG_0001.jpg")
    with desk.db.read() as s:
        p = s.scalars(select(TicketPhoto)).one()
        pid, name, w, h = p.id, p.name, p.width, p.height
        steps = s.scalars(select(TicketEvent.action).where(TicketEvent.ticket_id == t.id)).all()
    media, data = photo_data(desk, pid)
    kept = Image.open(io.BytesIO(data))
    assert media == "image/jpeg" and name == "IMG_0001.jpg"
    assert (w, h) == kept.size == (MAX_SIDE * 3 // 4, MAX_SIDE)  # turned upright (portrait), scaled down
    assert not kept.getexif() and "comment" not in kept.info and "exif" not in kept.info
    assert b"PhoneMaker" not in data and "王建国".encode() not in data
    assert steps[-1] == "add_photo"
    with pytest.raises(ValidationError):  # the same picture twice: kept once
        add_photo(desk, operator, t.id, raw, "again.jpg")
    assert _count(desk) == 1


@pytest.mark.parametrize("raw", [b"", b"not a picture at all", b"\xff\xd8\xff\xe0" + b"\0" * 100,
                                 b"GIF89a" + b"\0" * 50])
def test_what_is_not_a_jpeg_or_png_is_refused(desk, operator, raw):
    t = T.log_call(desk, operator, T.NewCall(description="墙面裂缝"))
    with pytest.raises(ValidationError):
        add_photo(desk, operator, t.id, raw, "x.jpg")
    assert _count(desk) == 0


def test_a_decompression_bomb_and_a_huge_file_are_refused_unread(desk, operator, tmp_path):
    t = T.log_call(desk, operator, T.NewCall(description="墙面裂缝"))
    bomb = io.BytesIO()
    Image.new("1", (20000, 20000)).save(bomb, "PNG")  # 400 megapixels in a few hundred KB
    assert len(bomb.getvalue()) < 1_000_000
    with pytest.raises(ValidationError, match="像素"):
        add_photo(desk, operator, t.id, bomb.getvalue(), "bomb.png")
    huge = tmp_path / "huge.jpg"
    with huge.open("wb") as fh:
        fh.truncate(30 * 1024 * 1024)
    with pytest.raises(ValidationError, match="太大"):
        add_photo_file(desk, operator, t.id, huge)
    with pytest.raises(ValidationError, match="无法读取"):
        add_photo_file(desk, operator, t.id, tmp_path / "missing.jpg")
    assert _count(desk) == 0


def test_a_png_keeps_its_transparency_and_loses_its_text(desk, operator):
    from PIL.PngImagePlugin import PngInfo

    t = T.log_call(desk, operator, T.NewCall(description="路牌"))
    info = PngInfo()
    info.add_text("Author", "居民张三 13800138000")
    out = io.BytesIO()
    Image.new("RGBA", (40, 30), (0, 0, 0, 0)).save(out, "PNG", pnginfo=info)
    add_photo(desk, operator, t.id, out.getvalue(), "sign.png")
    with desk.db.read() as s:
        pid = s.scalar(select(TicketPhoto.id))
    media, data = photo_data(desk, pid)
    kept = Image.open(io.BytesIO(data))
    assert media == "image/png" and kept.mode == "RGBA" and "Author" not in kept.info
    assert b"13800138000" not in data


def test_a_ticket_keeps_at_most_its_share(desk, operator):
    t = T.log_call(desk, operator, T.NewCall(description="多张照片"))
    for i in range(MAX_PER_TICKET):
        out = io.BytesIO()
        Image.new("RGB", (8, 8), (i, 0, 0)).save(out, "PNG")
        add_photo(desk, operator, t.id, out.getvalue(), f"{i}.png")
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (255, 255, 0)).save(out, "PNG")
    with pytest.raises(ValidationError, match="最多"):
        add_photo(desk, operator, t.id, out.getvalue(), "one-more.png")
    assert _count(desk) == MAX_PER_TICKET
