from django.urls import path

from aduan.backoffice.views import account, actions, institutions, invitations, queue, report, reveal, templates

app_name = "backoffice"

urlpatterns = [
    path("", queue.index, name="queue"),
    path("tampilan/", queue.save_view, name="save_view"),
    path("tampilan/<int:pk>/hapus/", queue.delete_view, name="delete_view"),
    path("laporan/<str:code>/", report.detail, name="report"),
    path("laporan/<str:code>/aksi/<str:action>/", actions.perform, name="action"),
    path("laporan/<str:code>/identitas/", reveal.reveal, name="reveal"),
    path("instansi-cari/", institutions.search, name="institution_search"),
    path("undang/", invitations.invite, name="invite"),
    path("undangan/<str:token>/", invitations.accept, name="invitation"),
    path("templat/", templates.manage, name="templates"),
    path("templat/<int:pk>/hapus/", templates.delete, name="delete_template"),
    path("akun/2fa/", account.setup, name="otp_setup"),
    path("akun/verifikasi/", account.verify, name="otp_verify"),
]
