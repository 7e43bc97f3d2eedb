#!/usr/bin/env bash
# The test command: installs what the suite needs, then runs every test (unit tests and
# integration tests against real mosquitto processes). Nothing is skipped.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || need+=(mosquitto)
command -v mosquitto_pub >/dev/null 2>&1 || need+=(mosquitto-clients)
command -v openssl >/dev/null 2>&1 || need+=(openssl)

if [ ${#need[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: missing ${need[*]}; install them with your package manager" \
         "(Fedora: dnf install mosquitto openssl; macOS: brew install mosquitto openssl) and run again." >&2
    exit 1
  fi
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "test.sh: missing ${need[*]}; run as root or install sudo." >&2; exit 1; }
    sudo="sudo"
  fi
  echo "test.sh: installing ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

command -v mvn >/dev/null 2>&1 || { echo "test.sh: Maven is missing; install it (apt-get install maven) and run again." >&2; exit 1; }

# Debian installs mosquitto in /usr/sbin, which a non-root PATH may lack.
export PATH="$PATH:/usr/sbin"
exec mvn -B -ntp verify "$@"
