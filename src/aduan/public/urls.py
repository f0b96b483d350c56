from django.urls import path

from aduan.public.views import attachments, home, institutions, open_data, reports, statistics

urlpatterns = [
    path("", home.home, name="home"),
    path("laporan/", reports.report_list, name="public-reports"),
    path("laporan/<str:code>/", reports.report_detail, name="public-report"),
    path("lampiran/<int:pk>/", attachments.attachment, name="public-attachment"),
    path("instansi/<slug:slug>/", institutions.institution, name="public-institution"),
    path("statistik/", statistics.statistics, name="public-statistics"),
    path("data/", open_data.open_data, name="public-data"),
]
