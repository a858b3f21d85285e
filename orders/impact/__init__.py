"""The public impact page (/impact/): what reached producer groups (and their makers), orders,
melas and visitors, in total and one way at a time by province, district, craft and year,
with every figure that could point at a few people or groups held back."""
