"""The demo producer groups and their artisans: ten in Punjab and Sindh, three from the region.

Names, numbers and phone numbers are invented; the crafts and places are real.
"""

from catalog.demo.data.groups_punjab import PUNJAB_GROUPS
from catalog.demo.data.groups_region import REGION_GROUPS
from catalog.demo.data.groups_sindh import SINDH_GROUPS

GROUPS = PUNJAB_GROUPS + SINDH_GROUPS + REGION_GROUPS
