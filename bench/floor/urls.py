"""One django-ninja GET at the path wrk asks Orbis for (bench/contacts.lua), so the load
client does exactly the same work against both; the Authorization header it sends is ignored."""

import uuid

from django.urls import path
from ninja import NinjaAPI, Schema

api = NinjaAPI(title="Bench floor", docs_url=None)


class ContactOut(Schema):
    id: uuid.UUID
    name: str
    region: str


@api.get("/contacts/{contact_id}", response=ContactOut)
def get_contact(request: object, contact_id: uuid.UUID) -> dict[str, object]:
    return {"id": contact_id, "name": "Floor Contact", "region": "EMEA"}


urlpatterns = [path("api/v1/", api.urls)]
