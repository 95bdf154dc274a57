"""Pipelines and their stages: the organisation's sales processes, per market or product line."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from orbis.audit.services import record
from orbis.identity.access import require
from orbis.kernel.errors import ValidationError
from orbis.localisation.models import Market

from ..models import ForecastCategory, Pipeline, Stage

MANAGE = "sales.manage_catalogue"


def _probability(value: Any) -> Decimal | None:
    """A win probability in percent, or None when it is not one."""
    try:
        probability = Decimal(str(value))
    except InvalidOperation:
        return None
    return probability if probability.is_finite() and 0 <= probability <= 100 else None


def _clean_stages(stages: Any) -> list[dict[str, Any]]:
    if not isinstance(stages, list) or not stages:
        raise ValidationError({"stages": "A pipeline needs at least one stage."})
    errors: dict[str, str] = {}
    out: list[dict[str, Any]] = []
    names: set[str] = set()
    for i, stage in enumerate(stages):
        if not isinstance(stage, dict):
            errors[f"stages.{i}"] = "Expected an object with name, probability and category."
            continue
        name = str(stage.get("name") or "").strip()
        if not name:
            errors[f"stages.{i}.name"] = "Name the stage."
        elif name.casefold() in names:
            errors[f"stages.{i}.name"] = f"Two stages are called {name!r}."
        names.add(name.casefold())
        probability = _probability(stage.get("probability", 0))
        if probability is None:
            errors[f"stages.{i}.probability"] = "A probability between 0 and 100 (percent)."
        category = stage.get("forecast_category") or ForecastCategory.PIPELINE
        if category not in ForecastCategory.values:
            errors[f"stages.{i}.forecast_category"] = (
                f"One of: {', '.join(ForecastCategory.values)}."
            )
        out.append({"name": name, "probability": probability, "forecast_category": category})
    categories = [s["forecast_category"] for s in out]
    if ForecastCategory.CLOSED_WON not in categories:
        errors.setdefault("stages", "A pipeline needs a closed won stage.")
    if ForecastCategory.CLOSED_LOST not in categories:
        errors.setdefault("stages", "A pipeline needs a closed lost stage.")
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def create_pipeline(
    name: str,
    stages: list[dict[str, Any]],
    *,
    actor: Any,
    market: Market | str | None = None,
    product_line: str = "",
) -> Pipeline:
    """A pipeline with its stages in the order given (each: name, probability, category)."""
    require(actor, MANAGE)
    name = (name or "").strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Name the pipeline."
    elif Pipeline.objects.filter(name=name).exists():
        errors["name"] = f"There is already a pipeline called {name!r}."
    if isinstance(market, str):
        found = Market.objects.filter(country=market.strip().upper()).first()
        if found is None:
            errors["market"] = f"No market is set up for {market!r}."
        market = found
    cleaned = _clean_stages(stages) if not errors else []
    if errors:
        raise ValidationError(errors)
    pipeline = Pipeline.objects.create(
        name=name, market=market, product_line=(product_line or "").strip()
    )
    Stage.objects.bulk_create(
        Stage(pipeline=pipeline, position=i, **stage) for i, stage in enumerate(cleaned)
    )
    record(
        "sales.pipeline_created",
        pipeline,
        actor=actor,
        changes={"name": name, "stages": [s["name"] for s in cleaned]},
    )
    return pipeline


@transaction.atomic
def update_stage(
    stage: Stage | Any, *, actor: Any, probability: Any = None, name: str | None = None
) -> Stage:
    """Rename a stage or change its win probability; open deals are weighted by the new one."""
    require(actor, MANAGE)
    stage = Stage.objects.select_for_update().get(pk=getattr(stage, "pk", stage))
    changes: dict[str, Any] = {}
    if name is not None and name.strip() and name.strip() != stage.name:
        changes["name"] = {"from": stage.name, "to": name.strip()}
        stage.name = name.strip()
    if probability is not None:
        cleaned = _probability(probability)
        if cleaned is None:
            raise ValidationError({"probability": "A probability between 0 and 100 (percent)."})
        if cleaned != stage.probability:
            changes["probability"] = {"from": str(stage.probability), "to": str(cleaned)}
            stage.probability = cleaned
    if changes:
        stage.save()
        record("sales.stage_changed", stage, actor=actor, changes=changes)
    return stage
