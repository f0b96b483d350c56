from django.urls import path

from aduan.stats import views

urlpatterns = [
    path("statistik/csv/<str:name>.csv", views.export, name="stats-csv"),
    path("widget/instansi/<slug:slug>/", views.widget, name="stats-widget"),
]
