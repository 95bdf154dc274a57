from django.urls import path

from . import views

app_name = "web"

urlpatterns = [
    path("views/save/", views.save_view, name="save_view"),
    path("views/<uuid:pk>/delete/", views.delete_view, name="delete_view"),
]
