"""Regions, the institution tree and who holds which role where (DESIGN §6)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A Kemendagri administrative region: province, regency/city, district or village."""

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("provinsi")
        REGENCY = 2, _("kabupaten/kota")
        DISTRICT = 3, _("kecamatan")
        VILLAGE = 4, _("desa/kelurahan")

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=120)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices, db_index=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    population = models.PositiveBigIntegerField(_("penduduk"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @staticmethod
    def level_of(code: str) -> int:
        return code.count(".") + 1

    @staticmethod
    def parent_code(code: str) -> str | None:
        return code.rsplit(".", 1)[0] if "." in code else None

    def ancestor_codes(self) -> list[str]:
        parts = self.code.split(".")
        return [".".join(parts[: i + 1]) for i in range(len(parts))]


class Institution(models.Model):
    """A node of the institution tree. `path` is a materialised path so a subtree is one prefix match."""

    class Kind(models.TextChoices):
        OPERATOR = "operator", _("pengelola")
        MINISTRY = "ministry", _("kementerian")
        AGENCY = "agency", _("lembaga")
        STATE_COMPANY = "state_company", _("BUMN")
        PROVINCE = "province", _("pemerintah provinsi")
        REGENCY = "regency", _("pemerintah kabupaten")
        CITY = "city", _("pemerintah kota")
        UNIT = "unit", _("unit kerja/OPD")
        OVERSIGHT = "oversight", _("pengawas")

    code = models.CharField(_("kode"), max_length=64, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("nama singkat"), max_length=60, blank=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("induk")
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    # The nearest institution that is not a unit (itself for non-units): whose admin answers for it.
    owner = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("wilayah"))
    population = models.PositiveBigIntegerField(_("penduduk"), null=True, blank=True)
    website = models.URLField(_("situs web"), blank=True)
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        parent = self.parent if self.parent_id else None
        path = f"{parent.path if parent else '/'}{self.pk}/"
        owner_id = parent.owner_id if (self.kind == self.Kind.UNIT and parent) else self.pk
        if (self.path, self.owner_id) != (path, owner_id):
            old = self.path
            self.path, self.owner_id = path, owner_id
            type(self).objects.filter(pk=self.pk).update(path=path, owner_id=owner_id)
            if old and old != path:
                self._rewrite_descendants(old, path)

    def _rewrite_descendants(self, old: str, new: str) -> None:
        for child in type(self).objects.filter(path__startswith=old).exclude(pk=self.pk):
            type(self).objects.filter(pk=child.pk).update(path=new + child.path[len(old) :])

    @property
    def is_unit(self) -> bool:
        return self.kind == self.Kind.UNIT

    def subtree(self) -> models.QuerySet[Institution]:
        return type(self).objects.filter(path__startswith=self.path)

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part]

    def contains(self, other: Institution | None) -> bool:
        return other is not None and other.path.startswith(self.path)


class Membership(models.Model):
    """A person's role in an institution; the role reaches every unit below it."""

    class Role(models.TextChoices):
        VERIFIER = "verifier", _("verifikator")
        INSTITUTION_ADMIN = "institution_admin", _("admin instansi")
        UNIT_LIAISON = "unit_liaison", _("admin unit kerja")
        OVERSIGHT = "oversight", _("pengawas")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "institution", "role"], name="membership_unique")]
        verbose_name = _("keanggotaan")
        verbose_name_plural = _("keanggotaan")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.institution}"
