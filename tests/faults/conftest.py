import itertools
import shutil
import tempfile
from pathlib import Path

import pytest

from .processes import Postgres, Redis, app_environment, manage

TEMPLATE = "migrated"
_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def cluster():
    """A private PostgreSQL cluster with a migrated template database, for the whole session."""
    # Not pytest's tmp_path: its folders are private to root, and the postgres user must enter.
    folder = Path(tempfile.mkdtemp(prefix="faults-", dir="/tmp"))
    folder.chmod(0o755)
    postgres = None
    try:
        postgres = Postgres(folder / "pg")
        postgres.start()
        postgres.execute(f"CREATE DATABASE {TEMPLATE}")
        manage(app_environment(folder, database_url=postgres.url(TEMPLATE)), "migrate", "-v0")
        yield postgres
    finally:
        if postgres and postgres.running():
            postgres.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def database(cluster):
    """A fresh copy of the migrated database; the cluster running again afterwards whatever
    the test did to it."""
    name = f"faults_{next(_numbers)}"
    cluster.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    yield name
    if not cluster.running():
        cluster.start()


@pytest.fixture
def redis(tmp_path):
    server = Redis(tmp_path / "redis")
    server.start()
    yield server
    server.stop()
