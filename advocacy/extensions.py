"""Flask extensions, created unbound; create_app() binds them with init_app."""

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names so Alembic migrations are identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
# render_as_batch lets Alembic alter SQLite tables (it copies them) with the same scripts.
migrate = Migrate(render_as_batch=True, compare_type=True)
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please sign in."


SQLITE_IMMEDIATE = "sqlite_immediate"


@event.listens_for(Engine, "connect")
def _sqlite_on_connect(dbapi_connection, connection_record):
    """WAL and foreign keys for every SQLite connection."""
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    # Take transaction control away from the driver so "begin" below decides how to begin.
    dbapi_connection.isolation_level = None
    # The busy timeout comes from connect_args["timeout"] (set in create_app).
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_on_begin(conn):
    """Writers begin IMMEDIATE (they queue on the lock instead of failing on upgrade)."""
    if conn.dialect.name != "sqlite":
        return
    immediate = conn.get_execution_options().get(SQLITE_IMMEDIATE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def begin_write() -> None:
    """Start the session's transaction as a write transaction (BEGIN IMMEDIATE on SQLite).

    Call before the request's or command's first write; on PostgreSQL it changes
    nothing. Reads already made (say, loading the signed-in user) are ended and the
    transaction starts again as a writer; pending changes would be lost that way, so
    then it refuses instead.
    """
    session = db.session()
    if session.in_transaction():
        if session.new or session.dirty or session.deleted:
            raise RuntimeError("begin_write() must come before the transaction's first write")
        session.rollback()
    session.connection(execution_options={SQLITE_IMMEDIATE: True})


def upsert_insert(model):
    """INSERT for the session's database that supports ON CONFLICT (SQLite, PostgreSQL)."""
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)
