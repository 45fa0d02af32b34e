"""现场照片: attach a photo to a ticket (from a file or the clipboard), read it back.

The picture is decoded with Pillow under the limits of console.domain.photos
(the decoder refuses more pixels than allowed before it unpacks them), turned
upright as the camera meant it, scaled down to the size kept and encoded
afresh — the only way to be sure that no EXIF, GPS position, comment or
profile survives. The bytes kept live in the database (table ticket_photos),
so they travel with every backup, restore and `migrate-data` like the ticket
itself. Attaching is a step in the ticket's timeline and the audit trail.
"""
from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.errors import NotFound, ValidationError
from ..domain.lifecycle import Action
from ..domain.photos import MAX_FILE_BYTES, MAX_PIXELS, PhotoFacts, check_photo, kept_size
from ..domain.text import clean_text
from ..store.models import TicketPhoto
from .context import Actor, Changes, Desk
from .tickets import load_ticket, record_step, run_ticket_write


@dataclass(frozen=True)
class PreparedPhoto:
    data: bytes
    media_type: str
    width: int
    height: int
    sha256: str


def _facts_and_image(raw: bytes) -> tuple[PhotoFacts, Any]:
    """What the file is, and the decoded picture (a PIL image; None when it does not decode)."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # past it Pillow raises DecompressionBombError before decoding
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(raw))
            img.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(f"照片像素太多（超过 {MAX_PIXELS // 1_000_000} 百万像素），不能添加。",
                              f"The photo has too many pixels (over {MAX_PIXELS // 1_000_000} megapixels); "
                              "not added.") from None
    except Exception:  # noqa: BLE001 - any file that does not decode is "not a picture", never a traceback
        return PhotoFacts(len(raw), None, 0, 0), None
    return PhotoFacts(len(raw), img.format, img.width, img.height), img


def prepare_photo(raw: bytes, already: int = 0) -> PreparedPhoto:
    """Check `raw` (a file's bytes) and re-encode it without metadata; ValidationError when refused."""
    from PIL import Image, ImageOps

    if len(raw) > MAX_FILE_BYTES:  # before decoding anything
        check_photo(PhotoFacts(len(raw), None, 0, 0), already)
    facts, img = _facts_and_image(raw)
    media_type = check_photo(facts, already)
    assert img is not None
    try:
        img = ImageOps.exif_transpose(img)  # upright as taken; the EXIF itself is not carried over
    except Exception:  # noqa: BLE001 - a broken orientation tag: keep the picture as stored
        pass
    size = kept_size(img.width, img.height)
    if size != (img.width, img.height):
        img = img.resize(size, Image.Resampling.LANCZOS)
    mode = "RGB" if media_type == "image/jpeg" or img.mode not in ("RGBA", "LA", "P") else "RGBA"
    img = img.convert(mode)
    # a new image from the pixels alone: Pillow carries `info` (comment, exif, icc_profile) into a save
    clean = Image.frombytes(mode, img.size, img.tobytes())
    out = io.BytesIO()
    if media_type == "image/jpeg":
        clean.save(out, "JPEG", quality=85, optimize=True)
    else:
        clean.save(out, "PNG", optimize=True)
    data = out.getvalue()
    return PreparedPhoto(data, media_type, img.width, img.height, hashlib.sha256(data).hexdigest())


def add_photo(desk: Desk, actor: Actor, ticket_id: int, raw: bytes, name: str = "",
              expected_version: int | None = None) -> Changes:
    """Attach a photo (a file's or the clipboard's bytes) to a ticket; the same picture twice is kept once."""
    name = clean_text(Path(name or "").name, "文件名", "file name", 255)
    with desk.db.read() as s:
        already = s.scalar(select(func.count()).select_from(TicketPhoto).where(TicketPhoto.ticket_id == ticket_id))
    photo = prepare_photo(raw, already or 0)  # the slow part, outside the write transaction

    def work(s: Session) -> Changes:
        now = desk.now()
        t = load_ticket(s, ticket_id, expected_version)
        have = s.execute(select(func.count(), func.count().filter(TicketPhoto.sha256 == photo.sha256))
                         .where(TicketPhoto.ticket_id == t.id)).one()
        check_photo(PhotoFacts(1, "PNG", 1, 1), have[0])  # the count again, under the ticket's lock
        if have[1]:
            raise ValidationError("这张照片已经添加过了。", "This photo is already on the ticket.")
        s.add(TicketPhoto(ticket_id=t.id, added_at=now, added_by=actor.id, media_type=photo.media_type,
                          width=photo.width, height=photo.height, size_bytes=len(photo.data),
                          sha256=photo.sha256, name=name, data=photo.data))
        record_step(s, desk, actor, t, Action.ADD_PHOTO, now,
                    detail=f"{name or '照片'}（{photo.width}×{photo.height}）", extra_new={"photo": photo.sha256[:12]})
        return Changes(tickets={t.id})
    return run_ticket_write(desk, work)


def add_photo_file(desk: Desk, actor: Actor, ticket_id: int, path: str | Path,
                   expected_version: int | None = None) -> Changes:
    """`add_photo` from a file: read at most the size allowed (a huge file is refused unread)."""
    p = Path(path)
    try:
        with p.open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        raise ValidationError(f"无法读取照片文件：{p.name}（{e.strerror or e}）",
                              f"Cannot read the photo file {p.name} ({e.strerror or e}).") from None
    return add_photo(desk, actor, ticket_id, raw, p.name, expected_version)


def photo_data(desk: Desk, photo_id: int) -> tuple[str, bytes]:
    """(media type, bytes) of one kept photo, to show or save."""
    with desk.db.read() as s:
        row = s.execute(select(TicketPhoto.media_type, TicketPhoto.data).where(TicketPhoto.id == photo_id)).first()
    if row is None:
        raise NotFound("照片不存在。", "No such photo.")
    return row[0], row[1]
