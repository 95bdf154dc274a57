"""The REST API v1: one NinjaAPI that mounts each app's router."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Orbis API",
    version="1",
    description="REST API of Orbis, the global CRM.",
    urls_namespace="api-v1",
)
