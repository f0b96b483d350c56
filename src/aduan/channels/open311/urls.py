"""URLs of the open311 channel."""

urlpatterns: list = []
