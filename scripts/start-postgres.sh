#!/usr/bin/env bash
# Installs (Debian) and starts a PostgreSQL server on 127.0.0.1:5432 for kwcluster's PostgreSQL tests,
# with a role `kwcluster` (password `kwcluster`) allowed to create databases. Idempotent. Prints the URL
# the tests read from KWCLUSTER_TEST_POSTGRES_URL.
set -euo pipefail
sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    echo "start-postgres: installing postgresql" >&2
    $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends postgresql >&2
fi
version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
    $sudo pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | awk '$1=="'"$version"'" && $2=="main" {print $4}' | grep -q online; then
    $sudo pg_ctlcluster "$version" main start >&2
fi
as_postgres() {
    if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}
for _ in $(seq 1 50); do
    as_postgres psql -qtAc "select 1" >/dev/null 2>&1 && break
    sleep 0.2
done
as_postgres psql -qtAc "select 1 from pg_roles where rolname = 'kwcluster'" | grep -q 1 ||
    as_postgres psql -qc "create role kwcluster login createdb password 'kwcluster'" >&2
as_postgres psql -qtAc "select 1 from pg_database where datname = 'kwcluster'" | grep -q 1 ||
    as_postgres psql -qc "create database kwcluster owner kwcluster" >&2
echo "postgres://kwcluster:kwcluster@127.0.0.1:5432/kwcluster"
