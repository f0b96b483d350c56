"""URLs of the kannel channel."""

urlpatterns: list = []
