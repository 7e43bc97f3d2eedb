#!/usr/bin/env bash
# Installs the programs simplemqtt needs, shared by ./test.sh and the ./simplemqtt launcher so the
# two never drift. Usage: scripts/install-prereqs.sh WHO COMMAND...
#   WHO      the name to print in messages (test.sh, simplemqtt)
#   COMMAND  programs that must be on the PATH: mosquitto, mosquitto_pub, openssl, mvn,
#            nats-server (the tests' second broker kind; Debian installs it in /usr/sbin)
# Installs the missing ones where it can without asking (Debian/Ubuntu as root or with
# passwordless sudo); otherwise prints the one command to run for this platform and exits 1.
# The caller puts /usr/sbin on the PATH first (Debian installs mosquitto there).
set -euo pipefail
who="$1"
shift

package_of() {
  case "$1" in
    mosquitto) echo mosquitto ;;
    mosquitto_pub | mosquitto_sub | mosquitto_passwd) echo mosquitto-clients ;;
    openssl) echo openssl ;;
    mvn) echo maven ;;
    nats-server) echo nats-server ;;
    *) echo "$1" ;;
  esac
}

need=()
for program in "$@"; do
  if ! command -v "$program" >/dev/null 2>&1; then
    package="$(package_of "$program")"
    [[ " ${need[*]-} " == *" $package "* ]] || need+=("$package")
  fi
done
[[ ${#need[@]} -eq 0 ]] && exit 0

if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  if [[ "$(id -u)" -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
      sudo="sudo -n"
    else
      prefix="sudo "
      command -v sudo >/dev/null 2>&1 || prefix="su -c '"
      suffix=""
      [[ "$prefix" == "su -c '" ]] && suffix="'"
      echo "$who: ${need[*]} missing; install with: ${prefix}apt-get install -y ${need[*]}$suffix" \
           "and run again." >&2
      exit 1
    fi
  fi
  echo "$who: installing ${need[*]} (apt-get)" >&2
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" \
    >/dev/null
  exit 0
fi

# Elsewhere the package names differ (mosquitto ships the clients), and installing needs a human.
if command -v dnf >/dev/null 2>&1; then
  command="sudo dnf install -y"
elif command -v brew >/dev/null 2>&1; then
  command="brew install"
elif command -v pacman >/dev/null 2>&1; then
  command="sudo pacman -S"
else
  echo "$who: ${need[*]} missing; install them with your package manager and run again." >&2
  exit 1
fi
packages=()
for package in "${need[@]}"; do
  [[ "$package" == mosquitto-clients ]] && package=mosquitto
  [[ " ${packages[*]-} " == *" $package "* ]] || packages+=("$package")
done
echo "$who: ${need[*]} missing; install with: $command ${packages[*]} and run again." >&2
exit 1
