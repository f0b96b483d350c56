"""The citizen's pages (docs/web.md): report, what follows, tracking, my reports, sign-up, offline app."""

from django.urls import path

from aduan.citizen.views import account, pwa, report, tracking

urlpatterns = [
    path("lapor/", report.report_form, name="citizen-report"),
    path("lapor/terkirim/", report.sent, name="citizen-sent"),
    path("lapor/serupa/", report.similar, name="citizen-similar"),
    path("lapor/instansi/", report.institution_options, name="citizen-institutions"),
    path("laporan/<str:code>/dukung/", report.support, name="citizen-support"),
    path("lacak/", tracking.track_form, name="citizen-track-form"),
    path("lacak/<str:code>/", tracking.track, name="citizen-track"),
    path("lacak/<str:code>/aksi/<slug:action>/", tracking.act, name="citizen-action"),
    path("saya/", account.my_reports, name="citizen-mine"),
    path("daftar/", account.signup, name="citizen-signup"),
    path("manifest.webmanifest", pwa.manifest, name="citizen-manifest"),
    path("sw.js", pwa.service_worker, name="citizen-service-worker"),
]
