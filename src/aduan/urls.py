from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

urlpatterns = [
    path("", include("aduan.public.urls")),
    path("", include("aduan.stats.urls")),
    path("data/", include("aduan.opendata.urls")),
    path("", include("aduan.web.urls")),
    path("", include("aduan.citizen.urls")),
    path("kantor/pengawasan/", include("aduan.oversight.urls")),
    path("kantor/federasi/", include("aduan.federation.office_urls")),
    path("kantor/", include("aduan.backoffice.urls")),
    path("api/v1/", include("aduan.channels.api.urls")),
    path("open311/v2/", include("aduan.channels.open311.urls")),
    path("channels/kannel/", include("aduan.channels.kannel.urls")),
    path("channels/whatsapp/", include("aduan.channels.whatsapp.urls")),
    path("channels/x/", include("aduan.channels.x.urls")),
    path("federation/v1/", include("aduan.federation.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns.append(path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}))
