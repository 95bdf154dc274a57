"""Pipelines (per market or product line) and their ordered stages."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from orbis.kernel.models import BaseModel
from orbis.localisation.models import Market

from ..querysets import PipelineQuerySet


class ForecastCategory(models.TextChoices):
    PIPELINE = "pipeline", _("Pipeline")
    BEST_CASE = "best_case", _("Best case")
    COMMIT = "commit", _("Commit")
    CLOSED_WON = "closed_won", _("Closed won")
    CLOSED_LOST = "closed_lost", _("Closed lost")
    OMITTED = "omitted", _("Omitted")


CLOSED = (ForecastCategory.CLOSED_WON, ForecastCategory.CLOSED_LOST)


class Pipeline(BaseModel):
    """A sales process of one market or product line, with its own ordered stages."""

    name = models.CharField(_("Name"), max_length=120, unique=True)
    market = models.ForeignKey(
        Market, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    product_line = models.CharField(_("Product line"), max_length=120, blank=True)
    is_active = models.BooleanField(default=True)

    objects = PipelineQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Stage(BaseModel):
    """One step of a pipeline: its place, its win probability and its forecast category."""

    pipeline = models.ForeignKey(Pipeline, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(_("Name"), max_length=120)
    position = models.PositiveSmallIntegerField()
    probability = models.DecimalField(
        _("Win probability (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    forecast_category = models.CharField(
        max_length=12, choices=ForecastCategory.choices, default=ForecastCategory.PIPELINE
    )

    class Meta:
        ordering = ["pipeline", "position"]
        constraints = [
            models.UniqueConstraint(fields=["pipeline", "position"], name="stage_position_uniq"),
            models.UniqueConstraint(fields=["pipeline", "name"], name="stage_name_uniq"),
            models.CheckConstraint(
                condition=models.Q(probability__gte=0, probability__lte=100),
                name="stage_probability_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.forecast_category in CLOSED

    @property
    def is_won(self) -> bool:
        return self.forecast_category == ForecastCategory.CLOSED_WON
