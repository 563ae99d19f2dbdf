#!/usr/bin/env bash
# The services the test suite uses, made ready on this machine: PostgreSQL and Redis.
#
# - Installs them from Debian's packages when they are missing (needs root, like Chromium).
# - Starts them when they are not answering, on the ports the two test URLs name
#   (WILDWATCH_TEST_DATABASE_URL, WILDWATCH_TEST_REDIS_URL), creating a PostgreSQL cluster on
#   that port if there is none.
# - Makes the test database of WILDWATCH_TEST_DATABASE_URL answer: when it does not, creates
#   its role (no superuser) and database, and allows that one role on that one database from
#   the loopback addresses. A server that already answers that URL is left exactly as it is,
#   and nothing is ever opened beyond 127.0.0.1 and ::1.
set -euo pipefail

TEST_DB_URL="${WILDWATCH_TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}"
TEST_REDIS_URL="${WILDWATCH_TEST_REDIS_URL:-redis://127.0.0.1:6379/0}"
HBA_MARK="# wildwatch test database (deploy/services.sh)"

say() { echo "services: $*"; }
die() { echo "services: $*" >&2; exit 1; }

apt_install() {
  [ "$(id -u)" -eq 0 ] || die "$1 is missing and only root can install it (apt-get install $*)"
  say "installing $* from Debian's packages"
  if [ -z "${_APT_UPDATED:-}" ]; then apt-get update -qq; _APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# --- the URL's parts (user, password, host, port, database) --------------------------------
read -r DB_USER DB_PASSWORD DB_HOST DB_PORT DB_NAME < <(python3 - "$TEST_DB_URL" <<'PY'
import sys
from urllib.parse import unquote, urlsplit

url = urlsplit(sys.argv[1])
if not url.scheme.startswith("postgresql"):
    sys.exit(f"WILDWATCH_TEST_DATABASE_URL is not a PostgreSQL URL: {sys.argv[1]}")
parts = [
    unquote(url.username or "postgres"),
    unquote(url.password or "") or "-",
    url.hostname or "127.0.0.1",
    str(url.port or 5432),
    unquote(url.path.lstrip("/")) or "postgres",
]
for part in parts:
    if not part or any(c.isspace() or c in "\"'\\" for c in part):
        sys.exit(f"WILDWATCH_TEST_DATABASE_URL has a part this script will not quote: {part!r}")
print(*parts)
PY
) || die "cannot read WILDWATCH_TEST_DATABASE_URL"
[ "$DB_PASSWORD" = "-" ] && DB_PASSWORD=""
LIBPQ_URL="postgresql://${DB_USER}@${DB_HOST}:${DB_PORT}/${DB_NAME}"

local_host() { case "$DB_HOST" in 127.0.0.1 | localhost | ::1) return 0 ;; *) return 1 ;; esac; }
pg_answers() { pg_isready -q -h "$DB_HOST" -p "$DB_PORT" 2>/dev/null; }
db_answers() {
  PGPASSWORD="$DB_PASSWORD" PGCONNECT_TIMEOUT=5 psql "$LIBPQ_URL" -w -tAq -c 'select 1' \
    >/dev/null 2>&1
}
as_postgres() { runuser -u postgres -- psql -p "$DB_PORT" -v ON_ERROR_STOP=1 -tAq "$@"; }

# --- PostgreSQL ------------------------------------------------------------------------------
if local_host; then
  if ! command -v pg_ctlcluster >/dev/null || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
    apt_install postgresql
    PG_INSTALLED_HERE=1
  fi
  if ! pg_answers; then
    # The cluster that listens on the URL's port; one is made there when there is none.
    read -r version cluster < <(pg_lsclusters -h | awk -v port="$DB_PORT" '$3 == port {print $1, $2; exit}') || true
    if [ -z "${cluster:-}" ]; then
      version="$(ls /usr/lib/postgresql | sort -V | tail -n1)"
      cluster=main
      [ -e "/etc/postgresql/$version/main" ] && cluster="wildwatch_$DB_PORT"
      say "creating PostgreSQL $version cluster '$cluster' on port $DB_PORT"
      pg_createcluster --port "$DB_PORT" "$version" "$cluster" >/dev/null
    fi
    say "starting PostgreSQL $version/$cluster"
    pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start || true
    for _ in $(seq 1 30); do pg_answers && break; sleep 1; done
  fi
fi
pg_answers || die "PostgreSQL is not answering on $DB_HOST:$DB_PORT"

if ! db_answers; then
  local_host || die "cannot connect to $LIBPQ_URL (a remote server is not set up by this script)"
  say "setting up role '$DB_USER' and database '$DB_NAME' for the tests"
  superuser="$(as_postgres -c "select rolsuper from pg_roles where rolname = '$DB_USER'")"
  if [ "$superuser" = t ] && [ -z "$DB_PASSWORD" ] && [ -z "${PG_INSTALLED_HERE:-}" ]; then
    die "$LIBPQ_URL does not connect, and opening a superuser without a password on a server \
this script did not install would weaken it. Point WILDWATCH_TEST_DATABASE_URL at a dedicated \
role, e.g. postgresql+psycopg://wildwatch_test:secret@127.0.0.1:$DB_PORT/wildwatch_test, and \
run 'make services' again: it creates that role and database."
  fi
  if [ "$(as_postgres -c "select 1 from pg_roles where rolname = '$DB_USER'")" != 1 ]; then
    if [ -n "$DB_PASSWORD" ]; then
      as_postgres -c "create role \"$DB_USER\" login password '$DB_PASSWORD'"
    else
      as_postgres -c "create role \"$DB_USER\" login"
    fi
  fi
  if [ "$(as_postgres -c "select 1 from pg_database where datname = '$DB_NAME'")" != 1 ]; then
    as_postgres -c "create database \"$DB_NAME\" owner \"$DB_USER\""
  fi
  # Only this role, only this database, only from loopback: a password when the URL has one.
  hba="$(as_postgres -c 'show hba_file')"
  method=trust
  [ -n "$DB_PASSWORD" ] && method=scram-sha-256
  rule4="host $DB_NAME $DB_USER 127.0.0.1/32 $method"
  rule6="host $DB_NAME $DB_USER ::1/128 $method"
  if ! grep -qxF "$rule4" "$hba"; then
    # pg_hba.conf is read top down: the rule goes first so no broader rule shadows it.
    { printf '%s\n%s\n%s\n' "$HBA_MARK" "$rule4" "$rule6"; cat "$hba"; } >"$hba.wildwatch"
    cat "$hba.wildwatch" >"$hba" && rm -f "$hba.wildwatch"
  fi
  as_postgres -c 'select pg_reload_conf()' >/dev/null
  for _ in $(seq 1 10); do db_answers && break; sleep 1; done
  db_answers || die "PostgreSQL answers, but not to $LIBPQ_URL (see $hba)"
fi

# --- Redis -----------------------------------------------------------------------------------
REDIS_PORT="$(python3 -c 'import sys; from urllib.parse import urlsplit
u = urlsplit(sys.argv[1])
if u.scheme != "redis" or u.hostname not in ("127.0.0.1", "localhost", "::1"):
    sys.exit("WILDWATCH_TEST_REDIS_URL must be redis:// on this machine (127.0.0.1)")
print(u.port or 6379)' "$TEST_REDIS_URL")" || die "cannot read WILDWATCH_TEST_REDIS_URL"
redis_up() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }
if ! redis_up; then
  command -v redis-server >/dev/null || apt_install redis-server
  say "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" \
    --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  for _ in $(seq 1 30); do redis_up && break; sleep 1; done
fi
redis_up || die "Redis is not answering on 127.0.0.1:$REDIS_PORT"

say "PostgreSQL ($LIBPQ_URL) and Redis (127.0.0.1:$REDIS_PORT) are up"
