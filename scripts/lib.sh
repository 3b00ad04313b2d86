# What kwcluster's scripts share; sourced, never run:
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# After it: the shell is in the repository's root ($root), and `set -euo pipefail` holds.
#   sudo              "" as root, else "sudo" (prefix for apt-get and the like)
#   kw_build P...     builds products P (default kwcluster) in $build (BUILD, default release) when
#                     missing, or always with KW_REBUILD=1; kw_binary P prints the path of one
#   kw_work           makes one temporary folder for the script, $work, removed at exit
#   kw_at_exit CMD    runs CMD when the script exits (after the ones registered before it)
#   kw_postgres       prints the URL of the test PostgreSQL server (scripts/start-postgres.sh,
#                     started if needed; $KWCLUSTER_TEST_POSTGRES_URL when set)
#   kw_database NAME  creates database NAME_<pid> on that server, dropped at exit; prints its URL
#                     (after kw_work; safe inside "$(...)": the names to drop are kept in $work)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
build="${BUILD:-release}"

kw_exit_commands=()
kw_at_exit() {
    kw_exit_commands+=("$1")
}
kw_run_exit_commands() {
    local command
    for command in "${kw_exit_commands[@]}"; do eval "$command" || true; done
}
trap kw_run_exit_commands EXIT

kw_binary() {
    echo "$root/.build/$build/${1:-kwcluster}"
}

kw_build() {
    local products=("$@") product
    [[ ${#products[@]} -gt 0 ]] || products=(kwcluster)
    for product in "${products[@]}"; do
        if [[ "${KW_REBUILD:-0}" == 1 || ! -x "$(kw_binary "$product")" ]]; then
            swift build -c "$build" --product "$product" >&2
        fi
    done
}

work=""
kw_work() {
    [[ -n "$work" ]] && return
    work="$(mktemp -d)"
    kw_at_exit 'kw_drop_databases; rm -rf "$work"'
}

kw_postgres() {
    if [[ -n "${KWCLUSTER_TEST_POSTGRES_URL:-}" ]]; then
        echo "$KWCLUSTER_TEST_POSTGRES_URL"
    else
        "$root/scripts/start-postgres.sh" | tail -1
    fi
}

kw_database() {
    [[ -n "$work" ]] || { echo "lib.sh: call kw_work before kw_database" >&2; return 1; }
    local name="$1_$$" server
    server="$(kw_postgres)"
    psql "$server" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1 || true
    psql "$server" -qc "CREATE DATABASE $name" >/dev/null
    echo "$name" >> "$work/.databases"
    echo "${server%/*}/$name"
}

kw_drop_databases() {
    [[ -s "$work/.databases" ]] || return 0
    local name server
    server="$(kw_postgres)"
    while read -r name; do
        psql "$server" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1 || true
    done < "$work/.databases"
}
