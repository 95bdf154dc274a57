"""The shared base model and the kernel's own bookkeeping tables."""

import datetime
import uuid

from django.conf import settings
from django.db import models

from .fields import EncryptedJSONField


class BaseModel(models.Model):
    """A row with a random UUID key and creation and update times: base of every domain model."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def etag(self) -> str:
        """A weak validator that changes whenever the row is saved."""
        return etag_of(self.updated_at)


def etag_of(updated_at: datetime.datetime) -> str:
    """The ETag of a row saved at `updated_at` (for reads that build no model instance)."""
    return f'W/"{updated_at.timestamp():.6f}"'


class IdempotencyRecord(models.Model):
    """The stored response to a create request made with an Idempotency-Key, replayed on retry."""

    principal = models.CharField(max_length=64)
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    # Encrypted: a created contact's response holds its emails and phones.
    response_body = EncryptedJSONField()
    headers = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["principal", "key"], name="uniq_idempotency_key")
        ]

    def __str__(self) -> str:
        return f"{self.principal}: {self.key}"

    def encryption_domain(self) -> str:
        return "system"


class ScheduledJob(models.Model):
    """When a periodic job (kernel.schedule) is next due; claimed row by row so it runs once."""

    name = models.CharField(max_length=100, primary_key=True)
    next_run_at = models.DateTimeField(db_index=True)
    last_enqueued_at = models.DateTimeField(null=True, blank=True)
    last_result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} next at {self.next_run_at:%Y-%m-%d %H:%M}"


class SavedView(models.Model):
    """A list's filters, sort and columns under a name: the owner's own, or shared with all who
    may open that list. Holds a query string, never rows, so it carries no region."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views"
    )
    list_key = models.CharField(max_length=60)
    name = models.CharField(max_length=80)
    query = models.CharField(max_length=1000, blank=True)
    shared = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "list_key", "name"], name="uniq_saved_view_name"
            )
        ]
        indexes = [models.Index(fields=["list_key", "shared"], name="saved_view_list_idx")]

    def __str__(self) -> str:
        return self.name
