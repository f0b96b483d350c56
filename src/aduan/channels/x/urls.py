"""URLs of the x channel."""

urlpatterns: list = []
