"""Password hashing (Argon2id with OWASP's parameters) and the password policy.

Nothing here stores or logs a password; callers keep only what :func:`hash_password` returns.
"""

from __future__ import annotations

from typing import Final

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

# OWASP Password Storage Cheat Sheet: Argon2id, 19 MiB, 2 iterations, 1 degree of parallelism.
TIME_COST: Final = 2
MEMORY_COST_KIB: Final = 19 * 1024
PARALLELISM: Final = 1

MIN_LENGTH: Final = 10
# Long enough for any passphrase; the cap keeps a pasted megabyte from costing a hash.
MAX_LENGTH: Final = 128

_HASHER: Final = PasswordHasher(
    time_cost=TIME_COST, memory_cost=MEMORY_COST_KIB, parallelism=PARALLELISM, type=Type.ID
)

# Passwords that pass the length rule yet are the first ones an attacker tries here.
COMMON_PASSWORDS: Final = frozenset(
    {
        "password123",
        "password1234",
        "passw0rd123",
        "p@ssw0rd123",
        "admin12345",
        "admin123456",
        "administrator",
        "balangan123",
        "balangan2024",
        "balangan2025",
        "paringin123",
        "indonesia123",
        "bismillah123",
        "katasandi123",
        "rahasia123",
        "qwerty12345",
        "qwertyuiop",
        "1234567890",
        "1234567890a",
        "abcdefghij",
        "lakip12345",
        "lakip123456",
        "pemkab12345",
    }
)


def hash_password(password: str) -> str:
    """The Argon2id hash of ``password`` (PHC string, salt included)."""
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches ``password_hash``; False on mismatch or an invalid hash."""
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when ``password_hash`` was made with other parameters (or cannot be read)."""
    try:
        return _HASHER.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def check_password_policy(password: str, username: str | None = None) -> list[str]:
    """Every way ``password`` breaks the policy, one Indonesian sentence each; empty if none."""
    problems: list[str] = []
    if len(password) < MIN_LENGTH:
        problems.append(
            f"Kata sandi minimal {MIN_LENGTH} karakter; yang diisi baru {len(password)} karakter."
        )
    if len(password) > MAX_LENGTH:
        problems.append(
            f"Kata sandi maksimal {MAX_LENGTH} karakter; yang diisi {len(password)} karakter."
        )
    folded = password.casefold()
    name = (username or "").strip().casefold()
    if name and name in folded:
        if folded == name:
            problems.append("Kata sandi tidak boleh sama dengan nama pengguna.")
        else:
            problems.append(f"Kata sandi tidak boleh memuat nama pengguna ('{username}').")
    if password and password.isdigit():
        problems.append("Kata sandi tidak boleh hanya berisi angka; tambahkan huruf atau simbol.")
    if folded in COMMON_PASSWORDS:
        problems.append("Kata sandi terlalu umum dan mudah ditebak; pilih kata sandi lain.")
    if password and not password.strip():
        problems.append("Kata sandi tidak boleh hanya berisi spasi.")
    return problems
