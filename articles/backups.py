"""Backups that are safe to take from a live site, and restores that are all or nothing.

PostgreSQL: pg_dump's custom format, restored by pg_restore in a single transaction.
SQLite: the online backup API (the same pages SQLite's own `.backup` copies), never a file
copy, which could catch a WAL database half-written.
"""

import os
import shutil
import sqlite3

# bandit B404: runs pg_dump/pg_restore with argument lists, no shell.
import subprocess  # nosec B404
from pathlib import Path

from django.core.management.base import CommandError

POSTGRESQL = "django.db.backends.postgresql"
SQLITE = "django.db.backends.sqlite3"


def suffix_for(settings_dict):
    return ".dump" if settings_dict["ENGINE"] == POSTGRESQL else ".sqlite3"


def _pg_environment(settings_dict):
    # Credentials travel in the environment, never on a command line others can read.
    env = os.environ.copy()
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ]:
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


def _pg_tool(name):
    path = shutil.which(name)
    if path is None:
        raise CommandError(
            f"{name} was not found. Install the PostgreSQL client tools (Debian: "
            "postgresql-client) in the same major version as the server."
        )
    return path


def _run(command, settings_dict):
    # bandit B603: fixed tool, arguments from settings, no shell.
    result = subprocess.run(  # nosec B603
        command, env=_pg_environment(settings_dict), capture_output=True, text=True
    )
    if result.returncode != 0:
        raise CommandError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def _sqlite_connection(settings_dict, connection):
    """Django's own connection for the configured database (it may be in memory in tests)."""
    if connection is not None:
        connection.ensure_connection()
        return connection.connection, False
    return sqlite3.connect(settings_dict["NAME"]), True


def backup(settings_dict, output, connection=None):
    """Write a consistent copy of the database to `output`."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    engine = settings_dict["ENGINE"]
    if engine == POSTGRESQL:
        _run(
            [
                _pg_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={output}",
                settings_dict["NAME"],
            ],
            settings_dict,
        )
    elif engine == SQLITE:
        source, close = _sqlite_connection(settings_dict, connection)
        target = sqlite3.connect(output)
        try:
            source.backup(target)
        finally:
            target.close()
            if close:
                source.close()
    else:
        raise CommandError(f"Backups are not supported for {engine}.")
    return output


def _check_sqlite_backup(path):
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as backup_db:
            ok = backup_db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            tables = {
                row[0]
                for row in backup_db.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
    except sqlite3.DatabaseError as exc:
        raise CommandError(f"{path} is not a readable SQLite backup: {exc}") from None
    if not ok or "articles_article" not in tables:
        raise CommandError(f"{path} is not a backup of this archive.")


def restore(settings_dict, source, connection=None):
    """Replace the database's content with the backup at `source`, all or nothing."""
    source = Path(source)
    if not source.is_file():
        raise CommandError(f"No backup file at {source}.")
    engine = settings_dict["ENGINE"]
    if engine == POSTGRESQL:
        _run(
            [
                _pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={settings_dict['NAME']}",
                str(source),
            ],
            settings_dict,
        )
    elif engine == SQLITE:
        _check_sqlite_backup(source)
        target, close = _sqlite_connection(settings_dict, connection)
        backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            backup_db.backup(target)
        finally:
            backup_db.close()
            if close:
                target.close()
    else:
        raise CommandError(f"Restores are not supported for {engine}.")
