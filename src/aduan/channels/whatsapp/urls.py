"""URLs of the WhatsApp channel, under /channels/whatsapp/."""

from django.urls import path

from aduan.channels.whatsapp import views

urlpatterns = [path("webhook", views.webhook_view, name="whatsapp-webhook")]
