# Sourced by setup.sh and .ci/postgres.sh: apt_get runs an apt-get command, waiting while
# another apt-get or dpkg (an unattended upgrade, a second install) holds its lock.

# Seconds to wait for another package manager (an unattended upgrade, a second install).
apt_wait="${GOJOKAI_APT_WAIT:-900}"

# Runs an apt-get command, waiting while another apt-get or dpkg holds its lock.
# DPkg::Lock::Timeout makes apt-get wait for the dpkg locks itself, but `apt-get update`
# fails at once on the lists lock, so a refused lock is also tried again until apt_wait ends.
apt_get() {
  local deadline=$((SECONDS + apt_wait)) output said=""
  while ! output=$(apt-get -o DPkg::Lock::Timeout="$apt_wait" "$@" 2>&1); do
    if ! grep -q "Could not get lock\|Unable to lock\|Unable to acquire" <<<"$output" \
      || [ "$SECONDS" -ge "$deadline" ]; then
      echo "$output" >&2
      return 1
    fi
    [ -n "$said" ] || echo "== waiting for another package manager to finish"
    said=1
    sleep 3
  done
}

