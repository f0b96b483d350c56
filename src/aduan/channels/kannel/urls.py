"""URLs of the kannel channel (DESIGN §7): Kannel's sms-service and dlr-url callbacks."""

from django.urls import path

from aduan.channels.kannel import views

urlpatterns = [
    path("receive", views.receive_sms, name="kannel-receive"),
    path("dlr", views.delivery_report, name="kannel-dlr"),
]
