"""Back up and restore MedEzy: the Postgres database and the file storage, together.

    python scripts/backup.py backup  DEST   # DEST/postgres.dump, DEST/files/..., DEST/manifest.json
    python scripts/backup.py restore DEST   # into the (empty) database and storage the settings name

Settings come from the environment (MEDEZY_DATABASE_URL, MEDEZY_STORAGE_PROVIDER, ...), as for every
`medezy` command. Both halves belong together: the audit chain's signed checkpoint lives in file storage,
so a database restored without the files of the same moment fails `medezy audit verify` (as it should:
that is what a lost tail looks like). Take the database first, then the files: files written in between
are extra, never missing. The audit key (MEDEZY_AUDIT_KEY or the secret key) is not in the backup; keep
it in the secret store. `restore` checks that every table has the row count the manifest recorded.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from core.settings import Settings

ROLES = ("medezy_audit_owner", "medezy_app")  # server-wide roles the dump's ownership and grants name


def libpq_url(database_url: str) -> str:
    """pg_dump's spelling of a SQLAlchemy URL (no '+psycopg' driver suffix)."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


def row_counts(database_url: str) -> dict[str, int]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            tables = sorted(inspect(conn).get_table_names())
            return {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in tables}
    finally:
        engine.dispose()


def backup(settings: Settings, dest: Path) -> dict:
    dest.mkdir(parents=True, exist_ok=False)
    subprocess.run(["pg_dump", "--format=custom", "--file", str(dest / "postgres.dump"),
                    libpq_url(settings.database_url)], check=True)
    files = _storage(settings).dump(dest / "files")
    manifest = {"taken_at": datetime.now(timezone.utc).isoformat(), "rows": row_counts(settings.database_url),
                "files": files}
    (dest / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def restore(settings: Settings, src: Path) -> dict:
    manifest = json.loads((src / "manifest.json").read_text())
    _ensure_roles(settings.database_url)
    subprocess.run(["pg_restore", "--exit-on-error", "--single-transaction", "--dbname",
                    libpq_url(settings.database_url), str(src / "postgres.dump")], check=True)
    restored_files = _storage(settings).load(src / "files")
    rows = row_counts(settings.database_url)
    if rows != manifest["rows"] or restored_files != manifest["files"]:
        raise SystemExit(f"restore does not match the backup: rows {rows} vs {manifest['rows']}, "
                         f"files {restored_files} vs {manifest['files']}")
    return manifest


def _ensure_roles(database_url: str) -> None:
    """The roles the dump hands the audit table to (core/migrations 0005); created if this server lacks them."""
    engine = create_engine(database_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            for role in ROLES:
                if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first() is None:
                    conn.execute(text(f"CREATE ROLE {role} NOLOGIN"))
    finally:
        engine.dispose()


class _LocalFiles:
    def __init__(self, root: str) -> None:
        self.root = Path(root)

    def dump(self, dest: Path) -> int:
        shutil.copytree(self.root, dest) if self.root.exists() else dest.mkdir()
        return _count(dest)

    def load(self, src: Path) -> int:
        shutil.copytree(src, self.root, dirs_exist_ok=True)
        return _count(src)


class _S3Files:
    """Every object of the bucket, key for key (S3 or R2; versioning on the bucket is the second line)."""

    def __init__(self, settings: Settings) -> None:
        from adapters.s3 import S3Storage
        self.storage = S3Storage.from_settings(settings)

    def _keys(self):
        pages = self.storage._client.get_paginator("list_objects_v2").paginate(Bucket=self.storage.bucket)
        return [item["Key"] for page in pages for item in page.get("Contents", [])]

    def dump(self, dest: Path) -> int:
        dest.mkdir()
        types = {}
        for key in self._keys():
            stored = self.storage._client.get_object(Bucket=self.storage.bucket, Key=key)
            path = dest / "objects" / key
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(stored["Body"].read())
            types[key] = stored.get("ContentType") or "application/octet-stream"
        (dest / "content-types.json").write_text(json.dumps(types, indent=1, sort_keys=True))
        return len(types)

    def load(self, src: Path) -> int:
        types = json.loads((src / "content-types.json").read_text())
        for key, content_type in types.items():
            self.storage.put(key, (src / "objects" / key).read_bytes(), content_type)
        return len(types)


def _storage(settings: Settings):
    return _S3Files(settings) if settings.storage_provider == "s3" else _LocalFiles(settings.storage_dir)


def _count(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=["backup", "restore"])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    manifest = (backup if args.action == "backup" else restore)(settings, args.folder)
    print(f"{args.action}: {sum(manifest['rows'].values())} rows in {len(manifest['rows'])} tables, "
          f"{manifest['files']} files ({manifest['taken_at']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
