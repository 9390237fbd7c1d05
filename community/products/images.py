"""Product images: checked by their bytes (not by name or the browser's claim), stored under a
random name in UPLOAD_PATH, served with the right type and nosniff."""

from __future__ import annotations

import os
import re
import secrets
from typing import IO

from flask import current_app

from community.errors import ServiceError, ValidationFailed

MAX_IMAGE_BYTES = 5 * 1024 * 1024
TYPES = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp", "gif": "image/gif"}
NAME = re.compile(r"^[A-Za-z0-9_-]{16,64}\.(png|jpg|webp|gif)$")


class ImageTooLarge(ServiceError):
    status = 413
    code = "too_large"


def sniff(head: bytes) -> str | None:
    """The image format from its magic bytes, or None."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def save_image(stream: IO[bytes]) -> str:
    """Store an uploaded image; returns its file name. Raises 422 for non-images, 413 above 5 MB."""
    data = stream.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageTooLarge("The image is larger than 5 MB.", {"image": "At most 5 MB."})
    kind = sniff(data[:16])
    if kind is None:
        raise ValidationFailed("Please correct the marked fields.", {"image": "Upload a PNG, JPEG, WebP or GIF image."})
    folder = os.path.join(current_app.config["UPLOAD_PATH"], "products")
    os.makedirs(folder, exist_ok=True)
    name = f"{secrets.token_urlsafe(18)}.{kind}"
    with open(os.path.join(folder, name), "xb") as fh:
        fh.write(data)
    return name


def image_folder() -> str:
    return os.path.join(current_app.config["UPLOAD_PATH"], "products")
