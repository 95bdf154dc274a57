import uuid

import pytest

from orbis.kernel.errors import NotFound
from orbis.kernel.ids import parse_uuid, record_id


def test_parse_uuid_reads_text_and_refuses_the_rest():
    value = uuid.uuid4()
    assert parse_uuid(str(value)) == value
    assert parse_uuid(value.hex) == value
    assert parse_uuid(value) is value
    assert parse_uuid("not-an-id") is None
    assert parse_uuid(None) is None


def test_a_malformed_record_id_is_not_found():
    with pytest.raises(NotFound):
        record_id("1; DROP TABLE")
