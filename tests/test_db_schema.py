"""The table definitions read from DIRAC wheels, and the diff the database guide renders."""

from __future__ import annotations

import json
import shutil

import pytest
from kb.examples.inventory import inventory_file
from kb.inventory import db_schema
from kb.inventory.db_schema import tables_from_python, tables_from_sql
from kb.problems import InventoryError
from kb.schema_diff import Change, diff, load
from test_inventory import MINI, build_wheel, run_cli

SQL = """
-- a comment with CREATE TABLE `Nope` (`X` INT);
USE JobDB;
DROP TABLE IF EXISTS `Jobs`;
CREATE TABLE `Jobs` (
  `JobID` INT(11) UNSIGNED NOT NULL DEFAULT 0,
  `Flag` ENUM('True','False') NOT NULL DEFAULT 'False',
  `Name`   varchar(128)   NOT NULL DEFAULT 'Unknown',
  PRIMARY KEY (`JobID`),
  KEY `Name` (`Name`),
  FOREIGN KEY (`JobID`) REFERENCES `JobJDLs`(`JobID`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
"""

PYTHON = """
class TaskQueueDB:
    def _checkTable(self):
        self.__tablesDesc = {}
        self.__tablesDesc["tq_TaskQueues"] = {
            "Fields": {"TQId": "INTEGER(11) UNSIGNED AUTO_INCREMENT NOT NULL"},
            "PrimaryKey": "TQId",
        }

requestTable = Table(
    "Request",
    metadata,
    Column("RequestID", Integer, primary_key=True),
    Column("Owner", String(255)),
)

class Host(Base):
    __tablename__ = "Hosts"
    hostID = Column("HostID", Integer, primary_key=True)
    cpu = Column(String(64), nullable=False)
"""


def test_sql_columns_are_read_and_keys_and_comments_left_out():
    assert tables_from_sql(SQL) == {
        "Jobs": {
            "JobID": "INT(11) UNSIGNED NOT NULL DEFAULT 0",
            "Flag": "ENUM('True','False') NOT NULL DEFAULT 'False'",
            "Name": "VARCHAR(128) NOT NULL DEFAULT 'Unknown'",
        }
    }


def test_python_tables_desc_sqlalchemy_tables_and_declarative_classes_are_read():
    assert tables_from_python(PYTHON) == {
        "tq_TaskQueues": {"TQId": "INTEGER(11) UNSIGNED AUTO_INCREMENT NOT NULL"},
        "Request": {"RequestID": "Integer, primary_key=True", "Owner": "String(255)"},
        "Hosts": {"HostID": "Integer, primary_key=True", "cpu": "String(64), nullable=False"},
    }


def test_diff_names_each_removed_added_and_changed_thing():
    old = {
        "JobDB": {
            "Jobs": {"OwnerDN": "VARCHAR(255)", "Site": "VARCHAR(32)"},
            "SiteMask": {"S": "X"},
        },
        "GoneDB": {"T": {"C": "INT"}},
        "EmptyDB": {"NoColumnsRead": {}},
    }
    new = {"JobDB": {"Jobs": {"Site": "VARCHAR(100)", "VO": "VARCHAR(32)"}}, "EmptyDB": {}}
    assert diff(old, new) == [
        Change("EmptyDB", "NoColumnsRead", "", "removed", "", ""),
        Change("GoneDB", "", "", "removed", "T", ""),
        Change("JobDB", "Jobs", "OwnerDN", "removed", "VARCHAR(255)", ""),
        Change("JobDB", "Jobs", "Site", "changed", "VARCHAR(32)", "VARCHAR(100)"),
        Change("JobDB", "Jobs", "VO", "added", "", "VARCHAR(32)"),
        Change("JobDB", "SiteMask", "", "removed", "S", ""),
    ]


def test_a_version_without_schema_data_says_how_to_make_it(tmp_path):
    with pytest.raises(InventoryError, match=r"db-schema-9\.9\.9\.json is missing.*make inventory"):
        load("9.9.9", tmp_path)


def test_committed_data_shows_the_known_9_0_changes():
    changes = diff(load("8.0.86"), load("9.0.28"))
    found = {(c.database, c.table, c.column, c.kind) for c in changes}
    assert ("JobDB", "Jobs", "OwnerDN", "removed") in found
    assert ("JobDB", "Jobs", "VO", "added") in found
    assert ("TaskQueueDB", "tq_TaskQueues", "Setup", "removed") in found
    assert ("TaskQueueDB", "tq_RAM_requirements", "", "added") in found
    assert ("RequestDB", "Request", "DIRACSetup", "removed") in found
    assert ("NotificationDB", "", "", "removed") in found
    assert ("JobDB", "Jobs", "JobID", "changed") not in found


def test_the_schema_is_kept_for_the_newest_version_of_each_line():
    for version in db_schema.versions():
        data = json.loads((inventory_file(version, product="db-schema")).read_text())
        assert data["version"] == version
        assert data["databases"], version


def test_make_inventory_writes_the_schema_of_each_lines_newest_version(tmp_path):
    source = tmp_path / "wheel"
    shutil.copytree(MINI, source)
    (source / "DIRAC" / "Mini" / "DB").mkdir()
    (source / "DIRAC" / "Mini" / "DB" / "MiniDB.sql").write_text(SQL, encoding="utf-8")
    (source / "DIRAC" / "Mini" / "DB" / "MiniDB.py").write_text(PYTHON, encoding="utf-8")
    wheel = build_wheel(source, tmp_path / "DIRAC-9.1.22-py3-none-any.whl")
    version = db_schema.versions()[-1]
    out = tmp_path / "out"
    result = run_cli("--versions", version, "--wheel", str(wheel), "--out", str(out))
    assert result.returncode == 0, result.stderr
    data = json.loads((inventory_file(version, out, "db-schema")).read_text(encoding="utf-8"))
    assert set(data["databases"]["MiniDB"]) == {"Jobs", "tq_TaskQueues", "Request", "Hosts"}
