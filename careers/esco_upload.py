"""The last pair of ESCO zips uploaded in the admin, kept on disk for the next import.

They live in `settings.DATA_DIR / "esco"`, outside the code: `classification.zip`,
`relations.zip` and `upload.json` (the original names, the ESCO version, who uploaded them
and when). A new upload replaces the files whole, so a reader never sees half of one.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.utils import timezone

CLASSIFICATION_FILE = "classification.zip"
RELATIONS_FILE = "relations.zip"
ABOUT_FILE = "upload.json"


@dataclass(frozen=True)
class Upload:
    classification: Path
    relations: Path
    classification_name: str
    relations_name: str
    version: str
    uploaded_by: str
    uploaded_at: datetime


def upload_dir() -> Path:
    return Path(settings.DATA_DIR) / "esco"


def last_upload() -> Upload | None:
    """The kept upload, or None if there is none (or it is incomplete)."""
    folder = upload_dir()
    try:
        about = json.loads((folder / ABOUT_FILE).read_text(encoding="utf-8"))
        upload = Upload(
            classification=folder / CLASSIFICATION_FILE,
            relations=folder / RELATIONS_FILE,
            classification_name=about["classification_name"],
            relations_name=about["relations_name"],
            version=about["version"],
            uploaded_by=about["uploaded_by"],
            uploaded_at=datetime.fromisoformat(about["uploaded_at"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not (upload.classification.is_file() and upload.relations.is_file()):
        return None
    return upload


def keep_upload(
    *,
    classification: BinaryIO,
    relations: BinaryIO,
    classification_name: str,
    relations_name: str,
    version: str,
    uploaded_by: str,
) -> Upload:
    """Store the two zips and what is known of them, replacing the previous upload."""
    folder = upload_dir()
    folder.mkdir(parents=True, exist_ok=True)
    _replace(folder / CLASSIFICATION_FILE, classification)
    _replace(folder / RELATIONS_FILE, relations)
    about = {
        "classification_name": Path(classification_name).name,
        "relations_name": Path(relations_name).name,
        "version": version,
        "uploaded_by": uploaded_by,
        "uploaded_at": timezone.now().isoformat(),
    }
    _replace(folder / ABOUT_FILE, json.dumps(about, indent=2).encode())
    upload = last_upload()
    assert upload is not None
    return upload


def _replace(path: Path, content: BinaryIO | bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as out:
            if isinstance(content, bytes):
                out.write(content)
            else:
                content.seek(0)
                shutil.copyfileobj(content, out)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
