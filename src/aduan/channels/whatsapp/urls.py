"""URLs of the whatsapp channel."""

urlpatterns: list = []
