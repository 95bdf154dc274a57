"""The sales tables: pipelines and their stages, deals, the catalogue and price books,
quotes, orders."""

from .catalogue import PriceBook, PriceBookEntry, PricingModel, Product
from .deals import Deal, DealContact, DealLine, DealStatus, StageChange
from .forecasting import DealSnapshot, ForecastSnapshot, Quota
from .leads import Lead, LeadSource, LeadStatus, WebForm
from .orders import Order, OrderChannel, OrderLine, OrderStatus
from .pipelines import ForecastCategory, Pipeline, Stage
from .quotes import Quote, QuoteLine, QuoteStatus
from .snapshots import RateSnapshot

__all__ = [
    "Deal",
    "DealContact",
    "DealLine",
    "DealSnapshot",
    "DealStatus",
    "ForecastCategory",
    "ForecastSnapshot",
    "Lead",
    "LeadSource",
    "LeadStatus",
    "Order",
    "OrderChannel",
    "OrderLine",
    "OrderStatus",
    "Pipeline",
    "PriceBook",
    "PriceBookEntry",
    "PricingModel",
    "Product",
    "Quota",
    "Quote",
    "QuoteLine",
    "QuoteStatus",
    "RateSnapshot",
    "Stage",
    "StageChange",
    "WebForm",
]
