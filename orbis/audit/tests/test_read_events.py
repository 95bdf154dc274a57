"""Reads are appended cheaply, sealed into the chain in batches, and tampering is detected."""

import json
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from orbis.audit.models import AuditEvent, ReadEvent
from orbis.audit.reads import SEAL_ACTION, record_read, seal_reads
from orbis.audit.services import record, verify
from orbis.kernel.actors import SystemActor
from orbis.kernel.registry import registry

TESTS = SystemActor("tests")


@dataclass
class Reader:
    """Stands for a signed-in user: audit sits below identity and knows only this much."""

    pk: str = "7"
    is_authenticated: bool = True

    def get_username(self) -> str:
        return "eva"


def _reads(n: int) -> None:
    for index in range(n):
        record_read(Reader(), "customers.contact", [f"id-{index}", "id-x"], "page")


def test_a_read_is_one_row_with_ids_and_channel_only(db):
    registry.personal_data_read(Reader(), "customers.contact", ["a1", "b2"], "api")
    event = ReadEvent.objects.get()
    assert event.target_ids == ["a1", "b2"]
    assert (event.actor_id, event.actor_label, event.channel) == ("7", "eva", "api")
    assert event.seal is None
    assert not AuditEvent.objects.exists()  # no chain append on the read itself


def test_sealing_chains_one_event_per_batch_and_verify_counts_them(db):
    record("test.before", actor=TESTS)
    _reads(5)
    assert verify().unsealed_reads == 5
    seals = seal_reads(batch_size=2)
    assert [s.changes["count"] for s in seals] == [2, 2, 1]
    assert all(s.action == SEAL_ACTION for s in seals)
    assert not ReadEvent.objects.filter(seal__isnull=True).exists()
    result = verify()
    assert result.ok, result.problems
    assert (result.sealed_reads, result.unsealed_reads) == (5, 0)
    assert seal_reads() == []  # nothing new: nothing appended


def test_an_edited_sealed_read_is_detected(db):
    _reads(3)
    seal_reads()
    ReadEvent.objects.filter(seq=ReadEvent.objects.order_by("seq")[1].seq).update(
        target_ids=["someone-else"]
    )
    result = verify()
    assert not result.ok
    assert any("edited" in p for p in result.problems)


def test_a_deleted_sealed_read_is_detected(db):
    _reads(3)
    seal_reads()
    ReadEvent.objects.filter(seq=ReadEvent.objects.order_by("seq")[0].seq).delete()
    assert any("deleted or added" in p for p in verify().problems)


def test_a_read_moved_out_of_its_seal_is_detected(db):
    _reads(3)
    seal_reads()
    ReadEvent.objects.filter(seq=ReadEvent.objects.order_by("seq")[0].seq).update(seal=None)
    assert not verify().ok
    ReadEvent.objects.filter(seal__isnull=True).update(seal=999999)
    assert any("no seal event" in p for p in verify().problems)


def test_a_forged_seal_event_breaks_the_chain(db):
    _reads(2)
    (seal,) = seal_reads()
    AuditEvent.objects.filter(seq=seal.seq).update(changes={**seal.changes, "count": 3})
    assert any("edited" in p for p in verify().problems)


def test_the_command_reports_sealed_reads_and_fails_on_tampering(db, capsys):
    _reads(2)
    seal_reads()
    call_command("audit_verify")
    assert "2 sealed reads" in capsys.readouterr().out
    ReadEvent.objects.all().update(channel="api")
    with pytest.raises(CommandError):
        call_command("audit_verify")


def _recorded_sql(capture) -> str:
    (query,) = [
        q["sql"] for q in capture if "read_event" in q["sql"] or "audit_readevent" in q["sql"]
    ]
    return query


def _synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


def test_outside_a_transaction_postgresql_commits_a_read_without_waiting(transactional_db):
    with CaptureQueriesContext(connection) as capture:
        record_read(Reader(), "customers.contact", ["a1"], "api")
    sql = _recorded_sql(capture)
    if connection.vendor == "postgresql":
        assert sql.startswith("EXECUTE orbis_read_event_async(")
        # The setting held for that statement's own transaction only.
        assert _synchronous_commit() == "on"
    else:
        assert sql.startswith("INSERT INTO")
    # Committed: another connection sees the row.
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute(f"SELECT target_ids FROM {ReadEvent._meta.db_table}")
            assert [json.loads(r[0]) if isinstance(r[0], str) else r[0] for r in cursor] == [["a1"]]
    finally:
        other.close()


def test_durable_reads_and_reads_inside_a_transaction_wait_for_the_flush(
    transactional_db, settings
):
    with transaction.atomic(), CaptureQueriesContext(connection) as capture:
        record_read(Reader(), "customers.contact", ["a1"], "page")
    transaction.set_autocommit(False)  # a transaction managed by hand
    try:
        with CaptureQueriesContext(connection) as manual:
            record_read(Reader(), "customers.contact", ["c3"], "page")
        transaction.commit()
    finally:
        transaction.set_autocommit(True)
    settings.AUDIT_READS_DURABLE = True
    with CaptureQueriesContext(connection) as durable:
        record_read(Reader(), "customers.contact", ["b2"], "page")
    for sql in (_recorded_sql(capture), _recorded_sql(manual), _recorded_sql(durable)):
        expected = "EXECUTE orbis_read_event(" if connection.vendor == "postgresql" else "INSERT"
        assert sql.startswith(expected)
    assert ReadEvent.objects.count() == 3
