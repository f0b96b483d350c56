"""URLs of the api channel."""

urlpatterns: list = []
