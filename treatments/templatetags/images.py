from django import template

from treatments.images.renditions import renditions

register = template.Library()


@register.simple_tag
def image_renditions(image):
    """The image's renditions (see treatments/images/renditions.py), or None: for includes/responsive_image.html."""
    return renditions(image)
