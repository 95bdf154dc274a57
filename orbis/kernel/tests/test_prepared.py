"""Hot statements are planned once per PostgreSQL connection and run as plain SQL elsewhere."""

import pytest
from django.db import ProgrammingError, connection, transaction
from django.test.utils import CaptureQueriesContext

from orbis.kernel.models import IdempotencyRecord
from orbis.kernel.prepared import Statement, column, table


def _postgresql() -> bool:
    return connection.vendor == "postgresql"


def _count_sql(vendor: str) -> str:
    return (
        f"SELECT COUNT(*) FROM {table(IdempotencyRecord)} "
        f"WHERE {column(IdempotencyRecord, 'principal')} = %s "
        f"AND {column(IdempotencyRecord, 'key')} <> %s"
    )


def _make_record(principal: str) -> None:
    IdempotencyRecord.objects.create(
        principal=principal, key="k", request_hash="h", status_code=201, response_body={}
    )


def _run(statement: Statement, principal: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries, connection.cursor() as cursor:
        statement.execute(cursor, [principal, "none"])
        (count,) = cursor.fetchone()
    return count, [q["sql"] for q in queries]


def _prepared_here(name: str) -> bool:
    """Whether this PostgreSQL session holds the prepared statement (never, on SQLite)."""
    if not _postgresql():
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_prepared_statements WHERE name = %s", [name])
        return cursor.fetchone() is not None


def test_switched_off_the_sql_runs_as_it_is(db, settings):
    settings.DB_PREPARED_STATEMENTS = False  # as behind a transaction-mode pooler
    _make_record("ana")
    statement = Statement("test_plain", _count_sql)
    count, sql = _run(statement, "ana")
    assert count == 1
    assert len(sql) == 1 and sql[0].startswith("SELECT COUNT(*)")
    assert not _prepared_here("orbis_test_plain")


def test_postgresql_prepares_a_statement_once_and_then_executes_it(db):
    _make_record("ana")
    _make_record("ben")
    statement = Statement("test_once", _count_sql)
    for principal in ("ana", "ben"):
        count, sql = _run(statement, principal)
        assert count == 1
        if _postgresql():  # one EXECUTE each time; the PREPARE ran once, on the connection
            assert sql == [f"EXECUTE orbis_test_once('{principal}', 'none')"]
        else:
            assert len(sql) == 1 and sql[0].startswith("SELECT COUNT(*)")
    assert _prepared_here("orbis_test_once") == _postgresql()
    assert _run(statement, "nobody")[0] == 0


def test_a_prepared_statement_outlives_a_rolled_back_transaction(transactional_db):
    statement = Statement("test_rollback", _count_sql)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert _run(statement, "ana")[0] == 0
        raise RuntimeError("roll back")
    _make_record("ana")
    assert _run(statement, "ana")[0] == 1


def test_a_new_connection_prepares_again(transactional_db):
    _make_record("ana")
    statement = Statement("test_reconnect", _count_sql)
    assert _run(statement, "ana")[0] == 1
    connection.close()
    assert not _prepared_here("orbis_test_reconnect")  # a new server session
    assert _run(statement, "ana")[0] == 1
    assert _prepared_here("orbis_test_reconnect") == _postgresql()


def test_a_wrong_number_of_values_is_refused(db):
    statement = Statement("test_arity", _count_sql)
    expected = ValueError if _postgresql() else ProgrammingError
    with pytest.raises(expected), connection.cursor() as cursor:
        statement.execute(cursor, ["only one"])
    assert not _prepared_here("orbis_test_arity")


def test_two_statements_may_not_share_a_name():
    Statement("test_unique", _count_sql)
    with pytest.raises(ValueError, match="test_unique"):
        Statement("test_unique", _count_sql)
