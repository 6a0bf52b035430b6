"""The model field: checks uploads, records the upright size and makes renditions after save."""

from django.db import models
from django.db.models import signals
from django.db.models.fields.files import FieldFile, ImageFieldFile

from .measuring import upright_size
from .renditions import renditions
from .uploads import ImageUploadField, validate_image_upload


class ResponsiveImageFieldFile(ImageFieldFile):
    def _get_image_dimensions(self):
        # Django measures the stored pixels; a phone photo taken upright is stored
        # sideways with an EXIF orientation, and pages need its upright size.
        if not hasattr(self, "_dimensions_cache"):
            close = self.closed
            try:
                self.open()
            except OSError:  # The file is missing from storage: nothing to measure.
                return None, None
            try:
                self._dimensions_cache = upright_size(self)
            finally:
                if close:
                    self.close()
        return self._dimensions_cache


class ResponsiveImageField(models.ImageField):
    """An ImageField that checks uploads, records the upright size and makes renditions after save.

    Give it width_field and height_field so pages never open the file.
    """

    attr_class = ResponsiveImageFieldFile
    default_validators = [validate_image_upload]

    def deconstruct(self):
        # Migrations name the field by the package's public path, as they always have.
        name, path, args, kwargs = super().deconstruct()
        return name, path.replace("treatments.images.fields.", "treatments.images."), args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, **kwargs})

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            signals.post_save.connect(self.make_renditions_after_save, sender=cls)

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        # Django measures the file whenever an instance is loaded without sizes, and
        # whenever a form hands the unchanged file back on save. A stored file was
        # measured when it was uploaded: loading a row or re-saving it never reopens it.
        value = instance.__dict__.get(self.attname)
        loaded = not force and isinstance(value, str)
        handed_back = force and isinstance(value, FieldFile) and value._committed
        if value and (loaded or handed_back):
            return
        super().update_dimension_fields(instance, force, *args, **kwargs)

    def make_renditions_after_save(self, sender, instance, raw=False, **kwargs):
        if raw:  # loaddata: the files may not be there yet; pages make them when first shown.
            return
        renditions(getattr(instance, self.attname))


def recorded_size_fields():
    """The width and height fields of a ResponsiveImageField, filled at upload so pages never open the file.

    photo_width, photo_height = recorded_size_fields()
    """
    return tuple(models.PositiveIntegerField(null=True, blank=True, editable=False) for _ in ("width", "height"))
