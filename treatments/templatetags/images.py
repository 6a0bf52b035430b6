from django import template

from treatments.images import renditions

register = template.Library()


@register.simple_tag
def image_renditions(image):
    """The image's renditions (see treatments/images.py), or None: for includes/responsive_image.html."""
    return renditions(image)
