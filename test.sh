#!/usr/bin/env bash
# The test command: installs what the suite needs, then runs every test (unit tests and
# integration tests against real mosquitto processes), installs the libraries into the local Maven
# repository and builds examples/, a user's project, against them. Nothing is skipped. Arguments
# go to both Maven runs (say -o, or -Dmaven.repo.local=DIR to keep ~/.m2 as it is).
set -euo pipefail
cd "$(dirname "$0")"

# Debian installs mosquitto and nats-server in /usr/sbin, which a non-root PATH may lack.
export PATH="$PATH:/usr/sbin"
scripts/install-prereqs.sh test.sh mosquitto mosquitto_pub openssl mvn nats-server

# The Java feature version (17, 25...) of a java executable.
feature_version() {
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

# The client's and the kit's unit tests run a second time on the newest JDK installed beside the
# one that builds (Temurin 25 on the build machine), through the newer-jdk profile of their poms.
build_java="${JAVA_HOME:+$JAVA_HOME/bin/java}"
build_version="$(feature_version "${build_java:-java}")"
newer_java=""
newer_version="$build_version"
for java in /usr/lib/jvm/*/bin/java /opt/*/bin/java /opt/*/*/bin/java; do
  [[ -x "$java" ]] || continue
  version="$(feature_version "$java")"
  if [[ -n "$version" ]] && ((version > newer_version)); then
    newer_java="$java"
    newer_version="$version"
  fi
done
newer=()
if [[ -n "$newer_java" ]]; then
  echo "test.sh: the client's and kit's unit tests also run on Java $newer_version ($newer_java)." >&2
  newer=("-Dnewer.jdk=$newer_java")
else
  echo "test.sh: no JDK newer than Java $build_version under /usr/lib/jvm or /opt; the newer-JDK run is skipped." >&2
fi
mvn -B -ntp install "${newer[@]}" "$@"
mvn -B -ntp -f examples/pom.xml verify "$@"
