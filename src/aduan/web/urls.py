from django.urls import path

from aduan.web import views

urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("wilayah/", views.regions, name="regions"),
]
