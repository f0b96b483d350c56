"""Sign-up for citizens: a username, an e-mail address and a password typed twice (Django's validators)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        error_messages={"required": _("Email wajib diisi."), "invalid": _("Alamat email tidak valid.")},
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Nama pengguna")
        self.fields["username"].help_text = _("Huruf, angka dan @ . + - _ saja; paling banyak 150 karakter.")
        self.fields["password1"].label = _("Kata sandi")
        self.fields["password1"].help_text = _("Paling sedikit 8 karakter dan tidak mudah ditebak.")
        self.fields["password2"].label = _("Ulangi kata sandi")
        self.fields["password2"].help_text = ""

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Email ini sudah terdaftar. Silakan masuk dengan akun Anda."))
        return email
