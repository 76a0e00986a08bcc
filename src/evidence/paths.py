"""Where everything lives. One function resolves every path, from the environment or defaults.

EVIDENCE_HOME      the data folder (database, evidence store, inbox); default: the platform's
                   user data folder, e.g. ~/.local/share/evidence on Linux.
EVIDENCE_MODELS    where Whisper models are assembled and kept; default: the source checkout's
                   models/ folder when running from one, else <data folder>/models.
EVIDENCE_LEXICONS  the lexicon folder; default: the source checkout's lexicons/zh-CN.
EVIDENCE_CACHE     where the compiled lexicon is kept between runs (nothing of the user's);
                   default: the platform's user cache folder, e.g. ~/.cache/evidence on Linux.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT_DIR = PACKAGE_DIR.parent.parent  # src/evidence -> repository root (editable install)
BUNDLED_DIR = PACKAGE_DIR / "_bundled"  # wheel install: migrations and lexicons copied here


def _shipped(name: str) -> Path:
    """A folder shipped with the program: from the checkout when there is one, else the wheel."""
    in_checkout = CHECKOUT_DIR / name
    if in_checkout.is_dir():
        return in_checkout
    return BUNDLED_DIR / name


def shipped_model(name: str, marker: str, env: str) -> Path:
    """A model folder shipped with the program (models/<name>): the folder $env names when set, the
    checkout's copy when it holds the file `marker`, else the wheel's."""
    override = os.environ.get(env)
    if override:
        return Path(override).expanduser()
    in_checkout = CHECKOUT_DIR / "models" / name
    if (in_checkout / marker).is_file():
        return in_checkout
    return BUNDLED_DIR / name


@dataclass(frozen=True)
class Paths:
    home: Path
    database: Path
    store: Path
    clips: Path
    inbox: Path
    models: Path
    lexicons: Path
    migrations: Path
    cache: Path

    def original(self, stored_path: str | None) -> Path | None:
        """Where a recording's stored original lies: the database keeps it relative to the data
        folder, so a copied or moved folder finds its own files (older absolute paths pass through)."""
        if not stored_path:
            return None
        return self.home / stored_path

    def relative(self, path: Path) -> str:
        """The form kept in the database for a file inside the data folder."""
        return path.relative_to(self.home).as_posix()

    def ensure(self) -> Paths:
        """Create the private folders (mode 0700): recordings hold family and financial details."""
        for folder in (self.home, self.store, self.clips, self.inbox):
            folder.mkdir(parents=True, exist_ok=True)
            os.chmod(folder, 0o700)
        self.models.mkdir(parents=True, exist_ok=True)
        return self


def existing() -> Paths:
    """The paths, for a command that only reads what is filed: a data folder that does not exist
    (a mistyped EVIDENCE_HOME) is an error naming it, never a new empty database."""
    from .errors import NotFound
    from .i18n import _

    p = resolve()
    if not p.home.is_dir():
        if os.environ.get("EVIDENCE_HOME"):
            raise NotFound(_("The data folder {folder} (EVIDENCE_HOME) does not exist: check its spelling, or "
                             "file a first recording with `evidence ingest FILE` to create it").format(folder=p.home))
        raise NotFound(_("Nothing filed yet ({folder} does not exist): file recordings with "
                         "`evidence ingest FILE` first").format(folder=p.home))
    return p


def resolve() -> Paths:
    """Resolve every path from EVIDENCE_* variables or the platform defaults."""
    env_home = os.environ.get("EVIDENCE_HOME")
    if env_home:
        home = Path(env_home).expanduser()
    else:
        import platformdirs

        home = Path(platformdirs.user_data_dir("evidence", appauthor=False))
    env_models = os.environ.get("EVIDENCE_MODELS")
    if env_models:
        models = Path(env_models).expanduser()
    elif (CHECKOUT_DIR / "pyproject.toml").is_file() and (CHECKOUT_DIR / "models").is_dir():
        models = CHECKOUT_DIR / "models"
    else:
        models = home / "models"
    env_lex = os.environ.get("EVIDENCE_LEXICONS")
    lexicons = Path(env_lex).expanduser() if env_lex else _shipped("lexicons") / "zh-CN"
    env_cache = os.environ.get("EVIDENCE_CACHE")
    if env_cache:
        cache = Path(env_cache).expanduser()
    else:
        import platformdirs

        cache = Path(platformdirs.user_cache_dir("evidence", appauthor=False))
    return Paths(
        home=home,
        database=home / "evidence.sqlite3",
        store=home / "store",
        clips=home / "clips",
        inbox=home / "inbox",
        models=models,
        lexicons=lexicons,
        migrations=_shipped("migrations"),
        cache=cache,
    )
