"""Story photos: re-encoded without metadata, stored outside the web root, shown only to staff.

A phone photo carries where and when it was taken and with which device (EXIF, XMP, IPTC, ICC
comments). Stripping tags one by one misses some; decoding the picture and encoding its pixels
anew as a JPEG keeps nothing but the pixels. Doing so also turns away a file that only claims to
be an image, and bounds the size: the longest side becomes at most ``STORY_PHOTO_MAX_SIDE``.

The files live under ``PRIVATE_MEDIA_ROOT`` (``var/private-media`` unless set), which no URL
serves: the only way to a photo is the story's photo view, which checks who asks and logs it.
"""

from __future__ import annotations

import io
import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

#: Refuse images whose pixels would take more memory than this to decode (a "decompression
#: bomb" is a tiny file that unpacks to gigabytes).
MAX_PIXELS = 40_000_000
#: The only decoders an upload reaches (the form promises JPEG or PNG; a phone's JPEG with a
#: second picture opens as MPO through the JPEG decoder). Without this list Pillow tries every
#: format it knows, EPS among them, which hands the file to Ghostscript when that is installed.
ACCEPTED_FORMATS = ("JPEG", "PNG")


@deconstructible
class PrivateStorage(FileSystemStorage):
    """File storage under PRIVATE_MEDIA_ROOT, with no URL (``.url()`` raises)."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        # Read on every use, so a test's override_settings(PRIVATE_MEDIA_ROOT=...) applies.
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("private files have no URL; use the view that serves them")


private_storage = PrivateStorage()


def story_photo_name(instance, filename: str) -> str:
    """A random name: the uploaded file's own name may be a person's name."""
    return f"stories/{uuid.uuid4().hex}.jpg"


def clean_photo(upload) -> ContentFile:
    """The upload's pixels as a new JPEG without metadata, or a Dutch ValidationError."""
    if upload.size > settings.STORY_PHOTO_MAX_BYTES:
        raise ValidationError(
            _("De foto is te groot: kies er een van hoogstens %(mb)s MB.")
            % {"mb": settings.STORY_PHOTO_MAX_BYTES // 1_000_000}
        )
    try:
        upload.seek(0)
        with Image.open(upload, formats=ACCEPTED_FORMATS) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("De foto heeft te veel beeldpunten."))
            probe.verify()
        upload.seek(0)
        with Image.open(upload, formats=ACCEPTED_FORMATS) as image:
            image.load()
            image = ImageOps.exif_transpose(image)  # upright, before the EXIF goes
            image = image.convert("RGB")
            side = settings.STORY_PHOTO_MAX_SIDE
            image.thumbnail((side, side))
            # A fresh image from the pixels alone: no info dict, no EXIF, no ICC profile.
            clean = Image.new("RGB", image.size)
            clean.paste(image)
            out = io.BytesIO()
            clean.save(out, format="JPEG", quality=85, optimize=True)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("Dit bestand is geen foto die we kunnen lezen. Kies een JPEG- of PNG-foto.")
        ) from None
    return ContentFile(out.getvalue(), name="photo.jpg")
