"""scripts/backup.py: back up Postgres and file storage, restore both into a fresh database and
folder; the audit chain verifies (against its signed checkpoint) and every table's count matches."""
import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner

from wiring.container import build
from console.cli import main
from core.settings import Settings
from tests import services

ROOT = Path(__file__).resolve().parents[2]
SECRET = "backup-test-secret"


def _env(url: str, files: Path) -> dict[str, str]:
    return {**os.environ, "MEDEZY_DATABASE_URL": url, "MEDEZY_STORAGE_DIR": str(files), "MEDEZY_SECRET_KEY": SECRET}


def _medezy(url: str, files: Path, *args: str):
    built = build(Settings(database_url=url, storage_dir=str(files), secret_key=SECRET))
    try:
        return CliRunner().invoke(main, list(args), obj=built)
    finally:
        built.engine.dispose()


def _script(action: str, folder: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "backup.py"), action, str(folder)],
                          env=env, capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A seeded database with files and an audit checkpoint in its storage."""
    files = tmp_path_factory.mktemp("source-files")
    with services.fresh_database("medezy_backup_src") as url:
        assert _medezy(url, files, "seed", "--days", "1").exit_code == 0
        assert "checkpoint at entry" in _medezy(url, files, "audit", "checkpoint").output
        yield url, files


@pytest.fixture
def empty_database():
    name = "medezy_restore_" + os.urandom(5).hex()
    with psycopg.connect(services.ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield services.ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + f"/{name}"
    with psycopg.connect(services.ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_into_a_fresh_database_with_a_verified_chain(source, empty_database, tmp_path):
    url, files = source
    backed = _script("backup", tmp_path / "backup", _env(url, files))
    assert backed.returncode == 0, backed.stderr
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["rows"]["audit_entries"] > 0 and manifest["rows"]["bookings"] > 0 and manifest["files"] >= 1
    assert manifest["rows"]["audit_chain"] == manifest["rows"]["audit_entries"]  # `audit checkpoint` sealed them all

    restored_files = tmp_path / "restored-files"
    restored = _script("restore", tmp_path / "backup", _env(empty_database, restored_files))
    assert restored.returncode == 0, restored.stderr
    verified = _medezy(empty_database, restored_files, "audit", "verify")
    assert verified.exit_code == 0 and "intact" in verified.output, verified.output
    with psycopg.connect(empty_database.replace("+psycopg", "")) as conn:
        counts = {table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in manifest["rows"]}
        owners = conn.execute("SELECT DISTINCT tableowner FROM pg_tables "
                              "WHERE tablename IN ('audit_entries', 'audit_chain')").fetchall()
    assert counts == manifest["rows"] and owners == [("medezy_audit_owner",)]


def test_a_restore_that_lost_the_newest_audit_entries_fails_verify(source, empty_database, tmp_path):
    url, files = source
    assert _script("backup", tmp_path / "backup", _env(url, files)).returncode == 0
    assert _script("restore", tmp_path / "backup", _env(empty_database, tmp_path / "r")).returncode == 0
    with psycopg.connect(empty_database.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute("SET ROLE medezy_audit_owner")
        conn.execute("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_update_delete")
        conn.execute("ALTER TABLE audit_chain DISABLE TRIGGER audit_chain_no_update_delete")
        newest = conn.execute("DELETE FROM audit_chain WHERE position = (SELECT max(position) FROM audit_chain) "
                              "RETURNING entry_id").fetchone()[0]
        conn.execute("DELETE FROM audit_entries WHERE id = %s", (newest,))
    verified = _medezy(empty_database, tmp_path / "r", "audit", "verify")
    assert verified.exit_code == 1 and "missing" in verified.output
