#!/usr/bin/env bash
# A local PostgreSQL 15 cluster for developing Arena against PostgreSQL.
#
#   deploy/postgres-dev.sh [start]   create the cluster if needed, start it, print the settings to give Arena
#   deploy/postgres-dev.sh stop      stop it (the data stays)
#   deploy/postgres-dev.sh status    say whether it runs, and print the settings
#
# Data: $ARENA_POSTGRES_DIR, default data/postgres under the repository (ignored by git). Port: $ARENA_POSTGRES_PORT,
# default 5433, on 127.0.0.1 only, with trust authentication: anyone on this machine can connect, so keep it for
# development. As root, the cluster runs as the postgres user, which must be able to reach the data folder.
# Binaries: $PG_BIN, default /usr/lib/postgresql/15/bin (Debian's postgresql-15 package).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
data=${ARENA_POSTGRES_DIR:-$repo/data/postgres}
port=${ARENA_POSTGRES_PORT:-5433}
bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
database=arena

if [ ! -x "$bin/pg_ctl" ]; then
  echo "No PostgreSQL binaries in $bin: install them (apt-get install postgresql-15) or set PG_BIN." >&2
  exit 1
fi

# initdb and pg_ctl refuse to run as root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

connection_string="Host=127.0.0.1;Port=$port;Database=$database;Username=postgres"

print_settings() {
  cat <<EOF
Give Arena these settings:
  Arena:Database=postgres
  ConnectionStrings:Postgres=$connection_string
for example
  dotnet run --project src/Arena.Server -- --Arena:Database=postgres "--ConnectionStrings:Postgres=$connection_string"
or as environment variables
  export Arena__Database=postgres ConnectionStrings__Postgres='$connection_string'
The tests can use it too (each test makes its own database):
  export ARENA_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Database=postgres;Username=postgres'
EOF
}

running() {
  [ -f "$data/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1
}

case "${1:-start}" in
  start)
    if running; then
      echo "PostgreSQL is already running with its data in $data."
      print_settings
      exit 0
    fi
    if [ ! -f "$data/PG_VERSION" ]; then
      mkdir -p "$data"
      if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$data"; fi
      chmod 700 "$data"
      if ! as_owner test -w "$data"; then
        echo "The postgres user cannot reach $data (a parent folder is not traversable by it)." >&2
        echo "Set ARENA_POSTGRES_DIR to a folder it can reach, such as /var/tmp/arena-postgres." >&2
        exit 1
      fi
      echo "Creating a cluster in $data"
      as_owner "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --no-locale >/dev/null
    fi
    # The socket goes in the data folder: no dependence on /var/run/postgresql, no clash with a system cluster.
    as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-p $port -c listen_addresses=127.0.0.1 -k '$data'" start >/dev/null
    echo "PostgreSQL is running on 127.0.0.1:$port with its data in $data (log: $data/server.log)."
    if [ -z "$(as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'")" ]; then
      as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$database"
      echo "Created the database $database."
    fi
    print_settings
    ;;
  stop)
    if running; then
      as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
      echo "PostgreSQL stopped; its data stays in $data."
    else
      echo "PostgreSQL is not running (data folder: $data)."
    fi
    ;;
  status)
    if running; then
      echo "PostgreSQL is running with its data in $data."
      print_settings
    else
      echo "PostgreSQL is not running (data folder: $data)."
      exit 3
    fi
    ;;
  *)
    echo "usage: $0 [start|stop|status]" >&2
    exit 2
    ;;
esac
