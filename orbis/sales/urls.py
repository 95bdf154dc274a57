from django.urls import path

from . import views, views_leads, views_orders, views_quotes

app_name = "sales"

urlpatterns = [
    path("board/", views.board, name="board"),
    path("board/<uuid:pk>/", views.board, name="board_of"),
    path("deals/", views.deal_list, name="deal_list"),
    path("deals/new/", views.deal_create, name="deal_create"),
    path("deals/<uuid:pk>/", views.deal_detail, name="deal_detail"),
    path("deals/<uuid:pk>/move/", views.move, name="deal_move"),
    path("deals/<uuid:pk>/quotes/", views_quotes.quote_create, name="quote_create"),
    path("quotes/<uuid:pk>/", views_quotes.quote_detail, name="quote_detail"),
    path("quotes/<uuid:pk>/pdf/", views_quotes.quote_pdf, name="quote_pdf"),
    path("quotes/<uuid:pk>/send/", views_quotes.quote_send, name="quote_send"),
    path("orders/", views_orders.order_list, name="order_list"),
    path("orders/<uuid:pk>/", views_orders.order_detail, name="order_detail"),
    path("forecast/", views.forecast, name="forecast"),
    path("leads/", views_leads.lead_list, name="lead_list"),
    path("leads/bulk/", views_leads.lead_bulk, name="lead_bulk"),
    path("leads/<uuid:pk>/", views_leads.lead_detail, name="lead_detail"),
    path("leads/<uuid:pk>/convert/", views_leads.lead_convert, name="lead_convert"),
    path("web-forms/", views_leads.web_forms, name="web_forms"),
]
