from django.db import connection

from orbis.audit.context import Actor, acting_as
from orbis.audit.models import AuditEvent
from orbis.audit.services import record, verify


def _three_events():
    eva = Actor(id="u1", label="eva", region="emea")
    with acting_as(eva, "req-1"):
        return [record("test.action", actor=eva, changes={"n": n}) for n in range(3)]


def test_events_link_into_an_intact_chain(db):
    events = _three_events()
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[1].prev_hash == events[0].hash
    assert events[0].actor_label == "eva" and events[0].request_id == "req-1"
    result = verify()
    assert result.ok and result.checked == 3


def test_an_edited_event_is_detected(db):
    _three_events()
    AuditEvent.objects.filter(seq=2).update(changes={"n": 99})
    result = verify()
    assert not result.ok
    assert any("#2" in p and "edited" in p for p in result.problems)


def test_a_deleted_event_is_detected(db):
    _three_events()
    AuditEvent.objects.filter(seq=2).delete()
    assert any("missing" in p for p in verify().problems)


def test_deleting_the_newest_events_is_detected(db):
    _three_events()
    AuditEvent.objects.filter(seq=3).delete()
    assert any("newest events were deleted" in p for p in verify().problems)


def test_an_inserted_event_is_detected(db):
    events = _three_events()
    forged = AuditEvent.objects.get(seq=3)
    with connection.cursor() as cursor:  # raw insert, as an attacker with DB access would
        cursor.execute(
            "INSERT INTO audit_auditevent (seq, occurred_at, actor_id, actor_label, action, "
            "target_type, target_id, changes, request_id, region, prev_hash, hash) "
            "VALUES (%s, %s, '', 'mallory', 'test.forged', '', '', '{}', '', '', %s, %s)",
            [4, forged.occurred_at, events[-1].hash, "f" * 64],
        )
    assert not verify().ok
