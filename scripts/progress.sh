# progress.sh - sourced by the scripts: `step NAME COMMAND...` announces a step, prints a line every 15 s while it
# runs (so a long install or image build is never silent), and its time or failure. Output goes to stderr.
progress_log() { printf '[%s %s] %s\n' "${PROGRESS_NAME:-$(basename "$0" .sh)}" "$(date +%T)" "$*" >&2; }
step() {
    local name="$1" t0 ticker rc=0; shift
    t0=$(date +%s)
    progress_log "$name ..."
    # the ticker keeps no stdout open (callers capture the step's stdout) and takes its sleep with it when stopped
    ( s=; trap 'kill $s 2>/dev/null; exit 0' TERM
      while :; do sleep 15 & s=$!; wait "$s"; progress_log "  $name: still running ($(( $(date +%s) - t0 )) s)"; done ) >/dev/null &
    ticker=$!
    "$@" || rc=$?
    kill "$ticker" 2>/dev/null; wait "$ticker" 2>/dev/null || true
    if [ "$rc" -eq 0 ]; then
        progress_log "$name: done in $(( $(date +%s) - t0 )) s"
    else
        progress_log "$name: FAILED (exit $rc) after $(( $(date +%s) - t0 )) s"
    fi
    return "$rc"
}
