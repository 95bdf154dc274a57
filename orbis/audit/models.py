"""Append-only audit events, each chained to the one before by a keyed hash."""

from django.db import models


class AuditEvent(models.Model):
    """One audited action: who did what to which record, when, and in which request and region."""

    seq = models.BigAutoField(primary_key=True)
    occurred_at = models.DateTimeField(db_index=True)
    actor_id = models.CharField(max_length=64, blank=True, db_index=True)
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=100, db_index=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    region = models.CharField(max_length=32, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.target_type}:{self.target_id}"


class AuditChainHead(models.Model):
    """The single row that holds the newest event's number and hash; it serialises appends."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")
    # HMAC over (last_seq, last_hash): whoever cuts the newest events off cannot make the
    # head agree with the shorter chain without the key (audit.services.head_mac).
    mac = models.CharField(max_length=64, default="")

    def __str__(self) -> str:
        return f"head at #{self.last_seq}"


class ReadEvent(models.Model):
    """One read of personal data by a user: which records (ids only) through which channel.

    Appended on every read, so it is one plain INSERT with no chain lock; seal_reads() later
    folds batches of them into the hash chain (`seal` is the chained event that covers the row).
    """

    seq = models.BigAutoField(primary_key=True)
    occurred_at = models.DateTimeField()
    actor_id = models.CharField(max_length=64, blank=True)
    actor_label = models.CharField(max_length=150, blank=True)
    target_type = models.CharField(max_length=100)
    target_ids = models.JSONField(default=list)
    channel = models.CharField(max_length=32)
    request_id = models.CharField(max_length=64, blank=True)
    seal = models.BigIntegerField(null=True, blank=True, db_index=True)
    # HMAC over the row as written (audit.reads.read_mac): a row slipped into the table by
    # someone without the key is never sealed into the chain, and verify reports it.
    mac = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["actor_id", "occurred_at"], name="audit_read_actor_idx")]

    def __str__(self) -> str:
        return f"read #{self.seq} {self.target_type} x{len(self.target_ids)} via {self.channel}"
