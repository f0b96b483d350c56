from django.urls import path

from aduan.oversight import views

app_name = "oversight"

urlpatterns = [
    path("", views.index, name="index"),
    path("pelanggaran/", views.breaches, name="breaches"),
    path("eskalasi/", views.escalations, name="escalations"),
    path("instansi/", views.institutions, name="institutions"),
    path("log/", views.log, name="log"),
    path("log.csv", views.log_csv, name="log_csv"),
    path("berkas/", views.bundle_query, name="bundle_query"),
    path("berkas/laporan/<str:code>/", views.bundle_report, name="bundle_report"),
]
