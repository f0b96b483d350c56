from django.urls import path

from aduan.public import views

urlpatterns = [
    path("", views.home, name="home"),
]
