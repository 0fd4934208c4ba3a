"""Reading public sources: over HTTP (one Session, timeouts, bounded retries, conditional
requests, a byte limit) or from a local mirror laid out as HOST/PATH of each URL; a
directory of YAML files as one stream (the mirror's, or GitHub's tree and raw files); an
API read page by page. Every failure is a SourceError that names the source and the reason.

The directory, the bills and the rules are its users: each lists its own Sources.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

from advocacy.http import retrying_session
from advocacy.text import load_json

GITHUB_API = "https://api.github.com"
# Pages of one body a data update follows (Represent gives up to 1,000 a page).
REPRESENT_MAX_PAGES = 20


@dataclass(frozen=True)
class Source:
    """A public file: a stable name (used in messages and the manifest), its URL and kind."""

    name: str
    url: str
    kind: str  # the parser to use: see parsers.PARSERS
    state: str | None = None
    # A directory of YAML files (its URL ends in "/"), read whole and stored as one
    # YAML stream; an optional one may be absent from the source.
    listing: bool = False
    optional: bool = False
    # An API read page by page, never from the mirror (Represent): the update keeps the
    # last good copy when it cannot be reached.
    live: bool = False
    # Whose officials it holds: "us" (`state` None: federal) or "ca" (`state` a province,
    # None: the House of Commons).
    country: str = "us"

    @property
    def relpath(self) -> str:
        """Where it is stored under the data dir or found in a mirror: HOST/PATH (a
        directory's files are stored together as HOST/PATH.yml)."""
        parts = urlsplit(self.url)
        if self.listing:
            return f"{parts.netloc}{parts.path.rstrip('/')}.yml"
        return f"{parts.netloc}{parts.path}"

    @property
    def dirpath(self) -> str:
        """A directory source's HOST/PATH, as a mirror lays it out."""
        parts = urlsplit(self.url)
        return f"{parts.netloc}{parts.path.rstrip('/')}"


class SourceError(Exception):
    """A source that cannot be used; the message names the source and the reason."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class Unreachable(SourceError):
    """The server could not be reached or did not answer usefully (timeout, connection,
    5xx, rate limit): the source may be fine, and a live one keeps its last copy."""


class NotPublished(SourceError):
    """The server says the source does not exist (HTTP 404)."""


@dataclass
class Fetched:
    """A source's bytes and the HTTP validators that came with them."""

    source: Source
    content: bytes
    sha256: str
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    absent: bool = False  # an optional source the publisher does not have
    unreached: bool = False  # a live source that did not answer (its last copy, or none)


@dataclass
class Previous:
    """What the manifest says about the last good copy of a source."""

    sha256: str
    etag: str | None
    last_modified: str | None
    path: Path


def sha256(content: bytes) -> str:
    """Hex sha256 of some bytes."""
    return hashlib.sha256(content).hexdigest()


class Fetcher:
    """Reads sources over HTTP (one Session, timeouts, bounded retries) or from a mirror."""

    def __init__(
        self,
        *,
        mirror: str | None = None,
        connect_timeout: float = 5.0,
        read_timeout: float = 60.0,
        retries: int = 3,
        backoff: float = 0.5,
        max_bytes: int = 100_000_000,
        user_agent: str = "advocacy",
        github_api: str = GITHUB_API,
    ):
        self.mirror = Path(mirror) if mirror else None
        self.github_api = github_api.rstrip("/")
        self._trees: dict[tuple[str, str, str], set[str]] = {}
        self.timeout = (connect_timeout, read_timeout)
        self.max_bytes = max_bytes
        self.session = retrying_session(
            retries=retries,
            backoff=backoff,
            retry_statuses=(429, 500, 502, 503, 504),
            user_agent=user_agent,
        )

    @classmethod
    def from_config(cls, config) -> Fetcher:
        """A fetcher set up from the app's config."""
        return cls(
            mirror=config.get("LEGISLATOR_DATA_MIRROR"),
            connect_timeout=config["HTTP_CONNECT_TIMEOUT"],
            read_timeout=config["HTTP_READ_TIMEOUT"],
            retries=config["HTTP_RETRIES"],
            backoff=config["HTTP_BACKOFF"],
            max_bytes=config["SOURCE_MAX_BYTES"],
            user_agent=config["HTTP_USER_AGENT"],
            github_api=config.get("GITHUB_API_URL") or GITHUB_API,
        )

    def close(self) -> None:
        """Release the HTTP connections."""
        self.session.close()

    def fetch(self, source: Source, previous: Previous | None = None) -> Fetched:
        """The source's current bytes; raises SourceError with the reason when it can't."""
        if source.live:
            return self._pages(source)
        if source.listing:
            return self._listing(source)
        if self.mirror is not None:
            return self._from_mirror(source)
        return self._from_http(source, previous)

    def _listing(self, source: Source) -> Fetched:
        """A directory's YAML files, in name order, as one YAML stream."""
        files = self._mirror_files(source) if self.mirror else self._github_files(source)
        if files is None:
            if not source.optional:
                raise SourceError(source.name, "the directory is not published")
            return Fetched(source, b"", sha256(b""), absent=True)
        parts = []
        total = 0
        for name, content in files:
            total += len(content)
            if total > self.max_bytes:
                raise SourceError(source.name, f"larger than the {self.max_bytes}-byte limit")
            parts.append(b"--- # " + name.encode() + b"\n" + content.rstrip(b"\n") + b"\n")
        content = b"".join(parts)
        return Fetched(source, content, sha256(content))

    def _pages(self, source: Source) -> Fetched:
        """A Represent list, page by page (`meta.next`), stored as one `{"objects": [...]}`;
        a body Represent does not publish (404) is absent."""
        url, params = source.url, {"limit": "1000"}
        objects: list = []
        for _ in range(REPRESENT_MAX_PAGES):
            try:
                with self._get(source, url, params=params) as response:
                    content = self._read_capped(source, response)
            except NotPublished:
                if not source.optional:
                    raise
                return Fetched(source, b"", sha256(b""), absent=True)
            try:
                page = load_json(content)
                objects += page["objects"]
                following = page["meta"].get("next")
            except (ValueError, TypeError, KeyError, AttributeError):
                raise SourceError(source.name, f"not a Represent list page: {url}") from None
            if not following:
                content = json.dumps({"objects": objects}, ensure_ascii=False, sort_keys=True)
                encoded = content.encode("utf-8")
                return Fetched(source, encoded, sha256(encoded))
            if not isinstance(following, str):
                raise SourceError(source.name, f"not a Represent list page: {url}")
            url, params = urljoin(source.url, following), None
        raise SourceError(source.name, f"more than {REPRESENT_MAX_PAGES} pages")

    def _mirror_files(self, source: Source) -> list[tuple[str, bytes]] | None:
        root = Path(os.path.normpath(self.mirror))
        directory = Path(os.path.normpath(root / source.dirpath))
        if not directory.is_relative_to(root):
            raise SourceError(source.name, "path escapes the mirror directory")
        if not directory.is_dir():
            return None
        return [(p.name, p.read_bytes()) for p in sorted(directory.glob("*.yml")) if p.is_file()]

    def _github_files(self, source: Source) -> list[tuple[str, bytes]] | None:
        """The directory's files by the repository's tree (one GitHub API call per update,
        well inside its unauthenticated limit of 60 an hour), each read from its raw URL."""
        owner, repo, branch, path = urlsplit(source.url).path.strip("/").split("/", 3)
        prefix = path.rstrip("/") + "/"
        names = sorted(
            p[len(prefix) :]
            for p in self._tree(source, owner, repo, branch)
            if p.startswith(prefix) and p.endswith(".yml") and "/" not in p[len(prefix) :]
        )
        if not names:
            return None
        files = []
        for name in names:
            with self._get(source, source.url + name) as response:
                files.append((name, self._read_capped(source, response)))
        return files

    def _tree(self, source: Source, owner: str, repo: str, branch: str) -> set[str]:
        """Every file path of a repository's branch (GitHub's recursive git tree), once."""
        key = (owner, repo, branch)
        if key not in self._trees:
            url = f"{self.github_api}/repos/{owner}/{repo}/git/trees/{branch}"
            with self._get(source, url, params={"recursive": "1"}) as response:
                content = self._read_capped(source, response)
            try:
                data = load_json(content)
                paths = {e["path"] for e in data["tree"] if e.get("type") == "blob"}
            except (ValueError, TypeError, KeyError, AttributeError):
                raise SourceError(
                    source.name, "the repository tree is not in GitHub's shape"
                ) from None
            if data.get("truncated"):
                raise SourceError(source.name, "GitHub truncated the repository tree")
            self._trees[key] = paths
        return self._trees[key]

    def _get(self, source: Source, url: str, params=None, headers=None) -> requests.Response:
        """A streamed 200 answer (the caller closes it), or SourceError with the reason: a
        key the server refuses, its rate limit after the retries, another status."""
        try:
            response = self.session.get(
                url, params=params, headers=headers, timeout=self.timeout, stream=True
            )
        except requests.Timeout:
            raise Unreachable(source.name, f"timed out fetching {url}") from None
        except requests.RequestException as exc:
            raise Unreachable(source.name, f"could not fetch {url}: {type(exc).__name__}") from None
        status = response.status_code
        if status != 200:
            response.close()
            if status in (401, 403) and headers:
                raise SourceError(source.name, f"the API refused the key (HTTP {status})")
            if status == 429:
                raise Unreachable(source.name, "over the API's rate limit (HTTP 429); try later")
            if status == 404:
                raise NotPublished(source.name, f"HTTP 404 from {url}")
            if status >= 500:
                raise Unreachable(source.name, f"HTTP {status} from {url}")
            raise SourceError(source.name, f"HTTP {status} from {url}")
        return response

    def _from_mirror(self, source: Source) -> Fetched:
        # normpath, not resolve(): a mirror may be a tree of symlinks, but ".." may not escape.
        path = Path(os.path.normpath(self.mirror / source.relpath))
        if not path.is_relative_to(Path(os.path.normpath(self.mirror))):
            raise SourceError(source.name, "path escapes the mirror directory")
        try:
            size = path.stat().st_size
            if size > self.max_bytes:
                raise SourceError(source.name, f"{size} bytes is over the {self.max_bytes} limit")
            content = path.read_bytes()
        except FileNotFoundError:
            raise SourceError(source.name, f"not found in the mirror at {path}") from None
        except OSError as exc:
            raise SourceError(source.name, f"cannot read {path}: {exc.strerror}") from None
        return Fetched(source, content, sha256(content))

    def _from_http(self, source: Source, previous: Previous | None) -> Fetched:
        headers = {}
        if previous is not None and previous.path.is_file():
            if previous.etag:
                headers["If-None-Match"] = previous.etag
            if previous.last_modified:
                headers["If-Modified-Since"] = previous.last_modified
        try:
            with self.session.get(
                source.url, headers=headers, timeout=self.timeout, stream=True
            ) as response:
                if response.status_code == 304 and previous is not None:
                    content = previous.path.read_bytes()
                    if sha256(content) != previous.sha256:
                        # The stored copy changed under us: fetch it whole instead.
                        return self._from_http(source, None)
                    return Fetched(
                        source,
                        content,
                        previous.sha256,
                        response.headers.get("ETag", previous.etag),
                        response.headers.get("Last-Modified", previous.last_modified),
                        not_modified=True,
                    )
                if response.status_code != 200:
                    raise SourceError(source.name, f"HTTP {response.status_code} from {source.url}")
                content = self._read_capped(source, response)
                return Fetched(
                    source,
                    content,
                    sha256(content),
                    response.headers.get("ETag"),
                    response.headers.get("Last-Modified"),
                )
        except requests.Timeout:
            raise SourceError(source.name, f"timed out fetching {source.url}") from None
        except requests.exceptions.RetryError as exc:
            raise SourceError(source.name, f"gave up after retries: {exc}") from None
        except requests.RequestException as exc:
            raise SourceError(
                source.name, f"could not fetch {source.url}: {type(exc).__name__}"
            ) from None

    def get(self, name: str, url: str, params=None, headers=None) -> bytes:
        """The body of a 200 answer to a GET of an API (never the mirror), within the byte
        limit; raises SourceError named `name` with the reason when it can't."""
        source = Source(name, url, "api")
        with self._get(source, url, params, headers) as response:
            return self._read_capped(source, response)

    def _read_capped(self, source: Source, response: requests.Response) -> bytes:
        chunks, total = [], 0
        try:
            for chunk in response.iter_content(chunk_size=1 << 16):
                total += len(chunk)
                if total > self.max_bytes:
                    raise SourceError(source.name, f"larger than the {self.max_bytes}-byte limit")
                chunks.append(chunk)
        except requests.RequestException as exc:  # the connection broke mid-body
            raise Unreachable(
                source.name, f"could not read {response.url}: {type(exc).__name__}"
            ) from None
        return b"".join(chunks)
