from tests.orders.conftest import two_groups_catalog  # noqa: F401
