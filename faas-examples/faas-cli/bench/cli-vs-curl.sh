#!/bin/sh
# Times the faas CLI against curl for the same requests to a running admin app, side by side:
# wall time per command, median and worst of N runs (default 11), after one warm-up run of each
# (the first run of a new jar also builds the CLI's class-data archive). Needs FAAS_URL and
# FAAS_TOKEN, and a function and topic to read and publish to (FUNCTION, TOPIC; default hello and
# orders, as in the README's walk-through; each deploy row adds versions to FUNCTION, with the
# walk-through's hello.py). Run from anywhere:
#
#   FAAS_URL=http://localhost:8080 FAAS_TOKEN=$(cat faas-data/admin-token) \
#     faas-examples/faas-cli/bench/cli-vs-curl.sh
#
# FAAS names the launcher (default: faas-examples/faas-cli/target/faas), beside lib/ (the validator).
# FAAS_BEFORE may name a second launcher (an earlier build, beside its own faas-cli.jar and lib/): it is
# timed in the same runs, taking turns with FAAS and curl, so that a busy machine slows all three alike.
# Prints a Markdown table; the target is a CLI median of 500 ms or less for every row but the
# deploy that checks the code locally (it starts GraalPy), which is there to show what that costs.

set -eu
here=$(cd "$(dirname "$0")" && pwd)
faas=${FAAS:-$here/../target/faas}
before=${FAAS_BEFORE:-}
runs=${RUNS:-11}
function=${FUNCTION:-hello}
topic=${TOPIC:-orders}
: "${FAAS_URL:?set FAAS_URL}" "${FAAS_TOKEN:?set FAAS_TOKEN}"
export FAAS_URL FAAS_TOKEN

now_ms() { date +%s%3N; }

# "median ms | worst ms" of the wall times (ms) in the file $1
stats() {
  sort -n "$1" | awk '{a[NR]=$1} END {printf "%d ms | %d ms", a[int((NR+1)/2)], a[NR]}'
}

# Runs each of up to three commands (given as strings to eval; an empty one is skipped) once to warm
# up, then N times taking turns; prints "median | worst" of each, separated by " | ".
timed() {
  for cmd in "$1" "$2" "$3"; do
    if [ -n "$cmd" ]; then eval "$cmd" >/dev/null 2>&1 || true; fi
  done
  : >"$work/t1"; : >"$work/t2"; : >"$work/t3"
  i=0
  while [ "$i" -lt "$runs" ]; do
    n=1
    for cmd in "$1" "$2" "$3"; do
      if [ -n "$cmd" ]; then
        start=$(now_ms); eval "$cmd" >/dev/null 2>&1 || true; end=$(now_ms)
        echo $((end - start)) >>"$work/t$n"
      fi
      n=$((n + 1))
    done
    i=$((i + 1))
  done
  out=$(stats "$work/t1")
  if [ -n "$2" ]; then out="$out | $(stats "$work/t2")"; fi
  if [ -n "$3" ]; then out="$out | $(stats "$work/t3")"; fi
  printf '%s' "$out"
}

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
auth="Authorization: Bearer $FAAS_TOKEN"
q() { printf "'%s' " "$@"; } # the arguments, quoted for eval

row() { # name, cli arguments..., then -- and the curl arguments
  name=$1; shift
  cli=""; while [ "$1" != "--" ]; do cli="$cli $(q "$1")"; shift; done; shift
  new="\"\$faas\" $cli"
  old=""; if [ -n "$before" ]; then old="\"\$before\" $cli"; fi
  curl="curl -sf -H $(q "$auth") -H 'Content-Type: application/json' $(q "$@")"
  printf '| %s | %s |\n' "$name" "$(timed "$new" "$old" "$curl")"
}

if [ -n "$before" ]; then
  echo "| request | faas median | faas worst | before median | before worst | curl median | curl worst |"
  echo "|---|---|---|---|---|---|---|"
  na="n/a | n/a | n/a | n/a"
else
  echo "| request | faas median | faas worst | curl median | curl worst |"
  echo "|---|---|---|---|---|"
  na="n/a | n/a"
fi
# The floor: a JVM that starts and exits with the launcher's options, doing nothing.
java=java; if [ -n "${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"; fi
printf '| JVM start alone (java -version, same options) | %s | %s |\n' \
  "$(timed "$(q "$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto -version)" "" "")" "$na"
row "topics list" topics list -- "$FAAS_URL/api/topics"
row "functions list" functions list -- "$FAAS_URL/api/functions"
row "functions describe (3 requests)" functions describe "$function" -- "$FAAS_URL/api/functions/$function"
row "invocations list --limit 20" invocations list --limit 20 -- "$FAAS_URL/api/invocations?limit=20"
row "logs --since 10m" logs "$function" --since 10m -- "$FAAS_URL/api/invocations?function=$function&limit=1000"
row "publish (no wait)" publish "$topic" '{"name":"bench"}' -- -X POST -d '{"name":"bench"}' \
  "$FAAS_URL/api/topics/$topic/events"
row "publish --wait 5s" publish "$topic" '{"name":"bench"}' --wait 5s -- -X POST -d '{"name":"bench"}' \
  "$FAAS_URL/api/topics/$topic/events?wait=PT5S"

# Deploys: the walk-through's hello.py as a new version of FUNCTION each run. curl sends the PUT alone;
# the CLI reads the function first (GET, to keep the settings left out), then PUTs.
cat > "$work/hello.py" <<'PY'
def handler(event, context):
    print("hello", event["name"])
    return {"greeting": "Hello, " + event["name"]}
PY
printf '{"runtime":"python","handler":"handler","topics":["%s"],"source":"%s"}' "$topic" \
  'def handler(event, context):\n    print(\"hello\", event[\"name\"])\n    return {\"greeting\": \"Hello, \" + event[\"name\"]}\n' \
  > "$work/hello.json"
"$faas" functions deploy "$function" "$work/hello.py" --no-validate >/dev/null # fails loudly if it cannot deploy
put="-X PUT --data-binary @$work/hello.json $FAAS_URL/api/functions/$function"
# shellcheck disable=SC2086 # put is a list of arguments
row "functions deploy --no-validate" functions deploy "$function" "$work/hello.py" --no-validate -- $put
# The jar alone, without lib/ beside it: the deploy a distribution without the validator makes. Each
# launcher finds its jar alone through a link to it in a directory of its own.
jar=$(dirname "$faas")/faas-cli.jar
if [ -f "$jar" ]; then
  mkdir "$work/alone" && cp "$jar" "$work/alone/" && cp "$faas" "$work/alone/faas"
  saved_faas=$faas; saved_before=$before
  faas=$work/alone/faas
  if [ -n "$before" ]; then
    mkdir "$work/alone-before" && cp "$(dirname "$before")/faas-cli.jar" "$before" "$work/alone-before/"
    before=$work/alone-before/$(basename "$before")
  fi
  # shellcheck disable=SC2086
  row "functions deploy, jar without lib/" functions deploy "$function" "$work/hello.py" -- $put
  faas=$saved_faas; before=$saved_before
fi
# shellcheck disable=SC2086
row "functions deploy (local check: GraalPy)" functions deploy "$function" "$work/hello.py" -- $put
echo
echo "$runs runs each after one warm-up; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)."
