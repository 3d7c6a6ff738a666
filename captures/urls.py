from django.urls import path

from . import views

app_name = "captures"

urlpatterns = [
    path("<int:pk>/original", views.original, name="original"),
]
