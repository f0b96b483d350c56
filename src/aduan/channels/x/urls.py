"""URLs of the X channel, under /channels/x/."""

from django.urls import path

from aduan.channels.x import views

urlpatterns = [path("webhook", views.webhook_view, name="x-webhook")]
