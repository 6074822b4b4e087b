#!/bin/bash
# EC2 user data for the Apache labs (LabEc2Apache, LabAlb): the course notes'
# script, ported from Amazon Linux 2 (yum) to Amazon Linux 2023 (dnf).
# It runs once, as root, at the instance's first boot; its output is in
# /var/log/cloud-init-output.log on the instance.
set -euo pipefail

# WEB_ROOT exists so the tests can run this script in a sandbox.
WEB_ROOT="${WEB_ROOT:-/var/www/html}"

# Keep the packages up to date, then install the Apache web server.
dnf -y update
dnf -y install httpd

# Start Apache now and at every boot.
systemctl enable --now httpd

# The page shows which instance answered (the ALB lab alternates between two).
# The assignment stands alone so that a failing hostname stops the script.
fqdn="$(hostname -f)"
mkdir -p "$WEB_ROOT"
echo "Hello World from ${fqdn}" > "${WEB_ROOT}/index.html"
