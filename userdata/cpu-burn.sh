#!/bin/bash
# EC2 user data for LabBurstable: installs (does not start) the systemd unit
# cpu-burn.service, which keeps every vCPU busy for BURN_MINUTES minutes and then
# stops by itself. Start it when you want to watch the CPU credits fall:
#   sudo systemctl start cpu-burn    (or the lab's StartBurnCommand output)
# and stop it early with: sudo systemctl stop cpu-burn
# It runs once, as root, at the instance's first boot; its output is in
# /var/log/cloud-init-output.log on the instance.
set -euo pipefail

# BIN_DIR and UNIT_DIR exist so the tests can run this script in a sandbox.
BIN_DIR="${BIN_DIR:-/usr/local/bin}"
UNIT_DIR="${UNIT_DIR:-/etc/systemd/system}"
BURN_MINUTES="${BURN_MINUTES:-20}"

if ! [[ "$BURN_MINUTES" =~ ^[1-9][0-9]*$ ]]; then
  echo "BURN_MINUTES must be a whole number of minutes, not '${BURN_MINUTES}'" >&2
  exit 1
fi

mkdir -p "$BIN_DIR" "$UNIT_DIR"

# One busy loop per vCPU, each ended by timeout; `yes` is in coreutils, nothing to install.
cat > "${BIN_DIR}/cpu-burn" <<'BURN'
#!/bin/bash
set -euo pipefail
minutes="${BURN_MINUTES:?}"
for _ in $(seq "$(nproc)"); do
  timeout "${minutes}m" yes > /dev/null &
done
# `wait` with no operand returns 0 once every loop has ended (timeout's 124 is the plan).
wait
BURN
chmod 0755 "${BIN_DIR}/cpu-burn"

# systemctl stop kills every process of the unit (the busy loops too).
cat > "${UNIT_DIR}/cpu-burn.service" <<UNIT
[Unit]
Description=LabBurstable: keep every vCPU busy for ${BURN_MINUTES} minutes, then stop

[Service]
Type=simple
Environment=BURN_MINUTES=${BURN_MINUTES}
ExecStart=${BIN_DIR}/cpu-burn
Nice=19
UNIT
chmod 0644 "${UNIT_DIR}/cpu-burn.service"

systemctl daemon-reload
