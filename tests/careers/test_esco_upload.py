"""The kept ESCO upload: written whole, read back, and ignored when broken."""

from __future__ import annotations

import io

import pytest

from careers import esco_upload


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def _keep() -> esco_upload.Upload:
    return esco_upload.keep_upload(
        classification=io.BytesIO(b"classification"),
        relations=io.BytesIO(b"relations"),
        classification_name="/uploads/esco-v1.1.1-classification-en-csv.zip",
        relations_name="esco-v1.1.1-relations-csv.zip",
        version="1.1.1",
        uploaded_by="editor",
    )


def test_there_is_no_upload_at_first():
    assert esco_upload.last_upload() is None


def test_a_kept_upload_is_read_back(now, tmp_path):
    _keep()

    upload = esco_upload.last_upload()

    assert upload.classification_name == "esco-v1.1.1-classification-en-csv.zip"
    assert upload.classification.read_bytes() == b"classification"
    assert upload.uploaded_at == now
    assert upload.classification.parent == tmp_path / "esco"


def test_a_damaged_description_counts_as_no_upload():
    upload = _keep()
    (upload.classification.parent / esco_upload.ABOUT_FILE).write_text("{not json")

    assert esco_upload.last_upload() is None


def test_a_missing_zip_counts_as_no_upload():
    _keep().relations.unlink()

    assert esco_upload.last_upload() is None


def test_no_temporary_file_is_left_behind():
    upload = _keep()

    assert sorted(p.name for p in upload.classification.parent.iterdir()) == [
        "classification.zip",
        "relations.zip",
        "upload.json",
    ]
