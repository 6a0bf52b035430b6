"""The table of the cache every process shares when there is no Redis (settings.CACHES): Django's database cache.

Declared as a model, so `migrate` creates it everywhere, with the columns Django's DatabaseCache reads and writes;
nothing else uses it.
"""

from django.db import models

CACHE_TABLE = "clinic_cache"


class CacheEntry(models.Model):
    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = CACHE_TABLE
        verbose_name = "shared cache entry"
        default_permissions = ()  # Nobody edits it: the cache does.

    def __str__(self):
        return self.cache_key
