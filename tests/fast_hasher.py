"""A cheap password hasher for the test run only (tests/conftest.py puts it first).

Django's default PBKDF2 hasher spends ~1,000,000 SHA-256 rounds on every password it sets or
checks (each UserFactory user, each login), which costs a large share of the suite's CPU time.
This subclass keeps the same algorithm and hash format ("pbkdf2_sha256$<iterations>$..."), so a
server or worker started by a test with the real settings still verifies these hashes (PBKDF2
reads the iteration count from the hash); only the iteration count is lower. Production settings
are untouched.
"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class FastPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    iterations = 1
