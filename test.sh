#!/usr/bin/env bash
# The test command: installs what the suite needs, then runs every test (unit tests and
# integration tests against real mosquitto processes). Nothing is skipped.
set -euo pipefail
cd "$(dirname "$0")"

# Debian installs mosquitto in /usr/sbin, which a non-root PATH may lack.
export PATH="$PATH:/usr/sbin"
scripts/install-prereqs.sh test.sh mosquitto mosquitto_pub openssl mvn
exec mvn -B -ntp verify "$@"
