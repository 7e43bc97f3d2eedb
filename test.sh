#!/usr/bin/env bash
# The test command: installs what the suite needs, then runs every test (unit tests and
# integration tests against real mosquitto processes), installs the libraries into the local Maven
# repository and builds examples/, a user's project, against them. Nothing is skipped. Arguments
# go to both Maven runs (say -o, or -Dmaven.repo.local=DIR to keep ~/.m2 as it is).
set -euo pipefail
cd "$(dirname "$0")"

# Debian installs mosquitto in /usr/sbin, which a non-root PATH may lack.
export PATH="$PATH:/usr/sbin"
scripts/install-prereqs.sh test.sh mosquitto mosquitto_pub openssl mvn
mvn -B -ntp install "$@"
mvn -B -ntp -f examples/pom.xml verify "$@"
