"""Django forms for the back office's own records (lifecycle actions post plain fields instead)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from aduan.backoffice.models import ResponseTemplate
from aduan.institutions.models import Institution


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail yang diundang"), max_length=254)
    unit = forms.ModelChoiceField(
        label=_("Unit kerja"), queryset=Institution.objects.none(), empty_label=_("— pilih unit kerja —")
    )

    def __init__(self, *args, units=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Institution.objects.none()


class AcceptInvitationForm(forms.Form):
    username = forms.RegexField(
        label=_("Nama pengguna"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text=_("Huruf, angka dan . @ + - _ saja."),
        error_messages={"invalid": _("Nama pengguna hanya boleh berisi huruf, angka dan . @ + - _")},
    )
    password1 = forms.CharField(label=_("Kata sandi"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Ulangi kata sandi"), widget=forms.PasswordInput, strip=False)

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Nama pengguna ini sudah dipakai. Pilih yang lain."))
        return username

    def clean(self) -> dict:
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        elif first:
            try:
                validate_password(first)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ResponseTemplateForm(forms.ModelForm):
    class Meta:
        model = ResponseTemplate
        fields = ["institution", "title", "body"]
        labels = {"institution": _("Instansi"), "title": _("Judul templat"), "body": _("Isi tanggapan")}

    def __init__(self, *args, institutions=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions if institutions is not None else Institution.objects.none()
        self.fields["institution"].empty_label = None
