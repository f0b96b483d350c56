from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from aduan.public import views as public_views

urlpatterns = [
    path("", public_views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns.append(path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}))
