"""Documented defaults for every setting.

Override any key in ``instance/config.py`` or from the environment as ``FLASK_<KEY>``
(values are parsed as JSON when they can be, so ``FLASK_HTTP_RETRIES=5`` is an int).
The README's configuration table lists the same keys.
"""

# The organisation: its name (page titles' long form, emails, share cards), short name (the
# header and page titles), logo (a file under advocacy/static/, None: the built-in mark) and
# accent colour (#rrggbb; buttons, header; `flask doctor` checks it keeps text readable).
ORG_NAME = "Health IT Advocacy Network"
ORG_SHORT_NAME = "HIT Advocacy"
ORG_LOGO = None
ORG_ACCENT = "#0b6e69"

# Signs sessions, sign-in links and members' privacy links. None: a random key is made
# once into instance/secret_key (and said so in the log); several machines must share one,
# so set FLASK_SECRET_KEY (or SECRET_KEY in instance/config.py) there. A well-known key
# (the old default, "dev", "secret", ...) stops the app outside debug and testing.
SECRET_KEY = None

# Database. None means SQLite at instance/advocacy.db (set in create_app, where the
# instance path is known). PostgreSQL: postgresql+psycopg://user:pass@host/dbname
SQLALCHEMY_DATABASE_URI = None
# SQLite waits this long for a lock held by another writer before failing.
SQLITE_BUSY_TIMEOUT_MS = 5000

# Where downloaded public legislator data is stored (raw files + manifest.json).
# None means <project>/data/legislators.
LEGISLATOR_DATA_DIR = None
# A directory laid out as HOST/PATH of each source URL (e.g. ../shared/legislators).
# When set, `flask data update` reads the sources from it instead of the network.
LEGISLATOR_DATA_MIRROR = None
# The states whose legislatures, executives and district boundaries are loaded, as
# ["ma", "oh"] (None: all 50, DC and Puerto Rico). Congress and the ZIP tables are always
# loaded whole; a lookup elsewhere finds its federal officials only.
DATA_STATES = None
# Without a mirror, Open States' person directories are listed through GitHub's API here.
GITHUB_API_URL = "https://api.github.com"

# Open North's Represent API: Canada's MPs and provincial and territorial legislators
# (loaded by `flask data update`, which keeps the last copy when it cannot reach it) and
# Canadian postal-code lookups. None: no Canadian roster and no Canadian lookups.
REPRESENT_URL = "https://represent.opennorth.ca"

# HTTP client for the public sources: (connect, read) timeouts in seconds, retries on
# connection errors and 429/5xx answers, and the exponential backoff factor between tries.
HTTP_CONNECT_TIMEOUT = 5.0
HTTP_READ_TIMEOUT = 60.0
HTTP_RETRIES = 3
HTTP_BACKOFF = 0.5
HTTP_USER_AGENT = "advocacy/0.1 (+https://github.com/advocacy; legislator directory updater)"
# A source larger than this is refused rather than read into memory.
SOURCE_MAX_BYTES = 100_000_000

# Validation of a data update: each source's record count must stay within this fraction
# of the previous load's count (`flask data update --force` skips only this check).
DATA_MAX_CHANGE = 0.10
# ... and within this fraction while a body turns over: the loaded data says at least
# DATA_STALE_SEAT_SHARE of its seats' terms end within DATA_TURNOVER_DAYS days (or have
# ended), as the House's do on 3 January of odd years. Its sources (Congress's, or the
# state's) may then lose or gain more records (departed members' offices) without --force.
DATA_TURNOVER_MAX_CHANGE = 0.35
DATA_TURNOVER_DAYS = 60
# `flask data update` holds a lock on the data directory; another run waits this many
# seconds for it, then gives up saying so (0: at once), so two never overlap.
DATA_UPDATE_LOCK_TIMEOUT = 0
# `flask jobs run` refreshes the public data this often (hours; 0: never, run
# `flask data update` yourself).
DATA_REFRESH_HOURS = 24

# Freshness: the directory is flagged out of date when the last successful check of the
# sources is older than this many days, or when at least this share of the seats of one
# body (e.g. the U.S. House on 3 January of odd years) has passed its term end.
DATA_MAX_AGE_DAYS = 14
DATA_STALE_SEAT_SHARE = 0.2
# How long pages may reuse the freshness status before asking the database again.
DATA_STATUS_CACHE_SECONDS = 60
# A folder where compiled page templates are kept (Jinja's bytecode cache), shared by the
# app's processes: a new worker renders its first pages without compiling them again.
# None: each process compiles the templates it renders, once, in memory.
TEMPLATE_CACHE_DIR = None

# Directory pages.
OFFICIALS_PER_PAGE = 50

# Geocoding. "census" asks the Census Bureau's geocoder for street addresses and points
# and falls back to the offline tables when it fails; "offline" never calls out (ZIP and
# point lookups only; an address is located by its ZIP code).
GEOCODER = "census"
CENSUS_GEOCODER_URL = "https://geocoding.geo.census.gov/geocoder"
CENSUS_BENCHMARK = "Public_AR_Current"
CENSUS_VINTAGE = "Current_Current"
GEOCODER_CONNECT_TIMEOUT = 3.0
GEOCODER_READ_TIMEOUT = 8.0
GEOCODER_RETRIES = 1
GEOCODER_BACKOFF = 0.3
# After this many failures in a row the geocoder is not called for the reset time.
GEOCODER_BREAKER_FAILURES = 5
GEOCODER_BREAKER_RESET_SECONDS = 60
# Geocoder answers are cached by a hash of the normalised address (never the address).
GEOCODE_CACHE_DAYS = 30
GEOCODE_CACHE_SIZE = 10_000

# Requests larger than this are refused with a clear page (a story is at most 300 words).
MAX_CONTENT_LENGTH = 256 * 1024

# Our own SMTP server for letters members send through the app. None: that option is
# not offered (members still get mailto:, print and contact-form options).
SMTP_HOST = None
SMTP_PORT = 25
SMTP_USERNAME = None
SMTP_PASSWORD = None
SMTP_STARTTLS = False
SMTP_TIMEOUT = 10.0
MAIL_FROM = "advocacy@localhost"
# This site's address as members and advocates reach it, for links in emails sent by the
# worker (the legislation digest), which has no request to take it from.
PUBLIC_URL = "http://localhost:5000"
# The sender's name on our emails; None: ORG_NAME.
MAIL_FROM_NAME = None
# The outbox (delivered by `flask jobs run`): tries per message, and the first wait before a
# retry (doubling).
OUTBOX_MAX_ATTEMPTS = 5
OUTBOX_RETRY_SECONDS = 60

# Delivery to House offices through Communicating with Congress (CWC 2.0). Offered to
# members only when the URL, the key and every delivery-agent detail are set.
CWC_URL = None  # e.g. the test or production endpoint CWC gives a registered agent
CWC_API_KEY = None
CWC_DELIVERY_AGENT = None  # the organisation delivering, as registered with CWC
CWC_ACK_EMAIL = None  # where CWC sends delivery acknowledgements
CWC_CONTACT_NAME = None
CWC_CONTACT_EMAIL = None
CWC_CONTACT_PHONE = None  # 202-555-0100
CWC_TIMEOUT = 15.0  # seconds to wait for CWC's answer
# The Senate's CWC (SOAPBox, https://soapbox.senate.gov/api for approved agents): the same
# XML and delivery agent as the House's. Unset: senators are never offered CWC. Only the
# offices on its active list (refreshed daily by the worker, `flask cwc senate-offices`)
# are offered it.
SENATE_CWC_URL = None
SENATE_CWC_API_KEY = None
SENATE_CWC_REFRESH_HOURS = 24

# The time zone whose calendar decides whether a campaign's window is open.
CAMPAIGN_TIMEZONE = "America/New_York"

# The session cookie carries a member's progress through a campaign (signed, HttpOnly);
# Lax keeps it off cross-site form posts.
SESSION_COOKIE_SAMESITE = "Lax"
# Served over HTTPS (directly, or by a proxy that terminates TLS): cookies are Secure,
# browsers are told to come back over HTTPS only (HSTS), and plain HTTP is redirected.
HTTPS = False
# How many proxies stand in front of the app and set X-Forwarded-For/-Proto/-Host
# (werkzeug's ProxyFix trusts exactly that many); 0: none, the headers are ignored.
PROXY_COUNT = 0

# Abuse limits (Flask-Limiter syntax, "N per minute;M per day"; None: no limit). Every
# counter lives in RATELIMIT_STORAGE_URI: memory:// for one process, redis://host:6379 to
# share them across workers and servers (what a deployment needs; `flask doctor` says so).
RATELIMIT_STORAGE_URI = "memory://"
# Limited answers say when to come back (Retry-After) and what is left (X-RateLimit-*).
RATELIMIT_HEADERS_ENABLED = True
# Sign-in (and reset, history-link) posts per client address.
LOGIN_RATE_LIMIT = "10 per minute;100 per hour"
# Failed sign-ins per account, from anywhere: after these the account's sign-in waits.
LOGIN_ACCOUNT_FAILURE_LIMIT = "5 per 15 minutes;20 per day"
# Letters one member (by email), one client address, and one client address to one
# office (an official) may queue through our SMTP server or CWC: nobody can use us to flood
# an office. A room on one Wi-Fi shares an address, so the address's limits are sized for
# a conference room (200 members, a letter or two each to their own officials), and the
# per-email and per-office limits do the fine work. Past one, the member is told to send
# from their own email (mailto, print and contact forms stay open).
OUTBOX_LIMIT_PER_EMAIL = "10 per hour;25 per day"
OUTBOX_LIMIT_PER_ADDRESS = "2000 per hour;6000 per day"
OUTBOX_LIMIT_PER_OFFICE = "250 per hour;1000 per day"
# The march's posts (start, write, each action): per member (their browser session; a
# person never needs more than one a second), and per client address, sized so that a
# room of 200 members behind one address finishes (each posts about 15 times).
MARCH_RATE_LIMIT = "60 per minute"
MARCH_ADDRESS_RATE_LIMIT = "6000 per 10 minutes"
# The JSON lookup API per client address, and per partner key (header X-API-Key) for
# partners given one: API_KEYS maps a partner's name to its key.
API_RATE_LIMIT = "30 per minute;1000 per day"
API_KEY_RATE_LIMIT = "600 per minute"
API_KEYS = {}
# The composers' live counters (POST /api/v1/tweets/measure, asked as people type), per
# client address, instead of the API's budget.
COMPOSER_RATE_LIMIT = "300 per minute"

# argon2id cost of password hashes (argon2-cffi's defaults, RFC 9106's second choice).
# Raise them as hardware allows: a stored hash made with lower costs is rehashed at the
# next sign-in. Tests set them tiny, as Warehouse's do.
PASSWORD_HASH_TIME_COST = 3
PASSWORD_HASH_MEMORY_KIB = 65536
PASSWORD_HASH_PARALLELISM = 4

# Reports: the time zone that decides the month of a send with no chapter (a chapter's
# own time zone decides for its sends; logged contacts carry their local date).
REPORT_TIMEZONE = "America/New_York"

# Stories: where re-encoded photos are kept (None: instance/uploads), the largest request
# a story form may send (the photo itself is refused above 5 MB with a message that keeps
# the member's text), and how many stories one client address may send.
UPLOAD_DIR = None
STORY_MAX_REQUEST = 12 * 1024 * 1024
STORY_RATE_LIMIT = "20 per hour"

# Members' privacy: after this many days a send keeps its counts and evidence but loses the
# member's name, email and ZIP code; delivered letters are deleted and stories lose their
# email (`flask jobs run` purges daily; `flask privacy purge` by hand). 0: kept until the
# member erases them. Reports never change: they count members by a keyed hash.
MEMBER_DATA_RETENTION_DAYS = 180
# The key of that hash (and of send idempotency keys). None: derived from SECRET_KEY. Set
# it before rotating SECRET_KEY, or returning members will be counted as new ones.
MEMBER_KEY_SECRET = None

# Logs: "text" (Flask's plain lines) or "json" (one JSON object per line with the request's
# id, method and path); LOG_REQUESTS adds one line per request (status, milliseconds).
LOG_FORMAT = "text"
LOG_LEVEL = "INFO"
LOG_REQUESTS = False
# Prometheus metrics at GET /metrics (404 when off). With a token, only requests carrying
# "Authorization: Bearer <token>" read them. Several gunicorn workers: set the environment
# variable PROMETHEUS_MULTIPROC_DIR to an empty directory (README, Deployment).
METRICS_ENABLED = False
METRICS_TOKEN = None

# Legislation (`flask bills update`). Congress: the bills to follow, as GovInfo names them
# (congress, type, number); the default is a watch-list of health-IT bills of the 119th
# Congress. New York: the session whose bills are loaded from LEGISLATOR_DATA_MIRROR
# (None: none); BILLS_NY_LIMIT loads only the first so many (tests, trials).
BILLS_CONGRESS = [
    "119hr1407",
    "119hr1523",
    "119hr1627",
    "119hr2092",
    "119hr2263",
    "119hr238",
    "119hr2639",
    "119hr290",
    "119hr3288",
    "119hr3841",
    "119hr3884",
    "119hr4206",
    "119hr4313",
    "119hr4977",
    "119hr5081",
    "119hr5496",
    "119hr5511",
    "119hr6197",
    "119hr6361",
    "119hr6817",
    "119hres686",
    "119s1056",
    "119s1261",
    "119s1399",
    "119s141",
    "119s1702",
    "119s1816",
    "119s1851",
    "119s2011",
    "119s2029",
    "119s2237",
    "119s2709",
    "119s3048",
    "119s3315",
    "119s3762",
    "119s763",
]
BILLS_NY_SESSION = 2025
BILLS_NY_LIMIT = None
# The other states' bills, from the Open States API v3: off without OPENSTATES_API_KEY (a
# free key: https://openstates.org/accounts/signup/). BILLS_OPENSTATES lists searches as
# "oh:telehealth" (a state and its words); every keyword query a chapter follows in a state
# is searched as well. Each search reads at most BILLS_OPENSTATES_MAX_PAGES pages of 20
# bills with an action in the last BILLS_OPENSTATES_SINCE_DAYS days.
OPENSTATES_API_KEY = None
OPENSTATES_API_URL = "https://v3.openstates.org"
BILLS_OPENSTATES = []
BILLS_OPENSTATES_MAX_PAGES = 5
BILLS_OPENSTATES_SINCE_DAYS = 365
BILLS_PER_PAGE = 25

# Agency rules open for comment, from the Federal Register's API v1 (no key):
# `flask rules update` reads the documents of each agency in RULES_AGENCIES (a slug of the
# API's agencies.json, or words of an agency's name or its short name, resolved against
# that list), of each agency and keyword query a chapter follows, published in the last
# RULES_SINCE_DAYS days, at most RULES_MAX_PAGES pages of 100 per search.
FEDERAL_REGISTER_URL = "https://www.federalregister.gov/api/v1"
RULES_AGENCIES = [
    "Assistant Secretary for Technology Policy",
    "National Coordinator for Health Information Technology",
    "centers-for-medicare-medicaid-services",
    "civil-rights-office",
    "food-and-drug-administration",
    "federal-trade-commission",
    "federal-communications-commission",
]
RULES_SINCE_DAYS = 120
# `flask jobs run` runs `flask rules update` this often (0: never).
RULES_REFRESH_HOURS = 24
RULES_MAX_PAGES = 20
RULES_PER_PAGE = 25
# Filing comments through regulations.gov's API v4: off without REGULATIONS_GOV_API_KEY
# (an api.data.gov key validated for commenting); then members are sent to the rule's own
# comment page and report back. The service allows 50 comments a minute and 500 an hour:
# a 429 waits as long as it says (REGULATIONS_GOV_WAIT_SECONDS when it says nothing).
REGULATIONS_GOV_API_KEY = None
REGULATIONS_GOV_URL = "https://api.regulations.gov/v4"
REGULATIONS_GOV_TIMEOUT = 30.0
REGULATIONS_GOV_WAIT_SECONDS = 60
# A comment's limits: regulations.gov's web form takes 5,000 characters and 20 files of
# 10 MB; a comment mostly in the campaign's suggested words (less than COMMENT_OWN_SHARE
# percent the member's own) is sent back once, asking for more of their own.
COMMENT_MAX_CHARS = 5000
COMMENT_MAX_FILES = 20
COMMENT_MAX_FILE_BYTES = 10 * 1024 * 1024
COMMENT_OWN_SHARE = 30
